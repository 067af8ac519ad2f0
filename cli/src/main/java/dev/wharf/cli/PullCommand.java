package dev.wharf.cli;

import dev.wharf.oci.AppPuller;
import dev.wharf.oci.Artifact;
import dev.wharf.oci.OciClient;
import dev.wharf.oci.OciException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `wharf pull REF [-o PATH]`: fetches a wasm artifact into the verified cache; prints the manifest digest. An app
 * artifact (Spin's layout) is laid out as an app directory at -o.
 */
@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        description = {
            "Pull a wasm module from an OCI registry, verifying every byte against its digest.",
            "It lands in the cache (WHARF_CACHE_DIR, else ~/.cache/wharf, under oci/); -o copies it out. Prints the manifest digest.",
            "An app (pushed with `wharf registry push` or `spin registry push`) is written to the directory -o names: spin.toml, wasm and files."
        })
final class PullCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "What to pull: HOST[:PORT]/REPO[:TAG][@sha256:DIGEST].")
    String reference;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "PATH",
            description =
                    "Also write the module here (a file, or a directory to put it in); for an app, its directory.")
    Path output;

    @Mixin
    OciFlags flags;

    @Override
    public Integer call() {
        var ref = OciFlags.reference(reference);
        OciClient.Pulled pulled;
        try (var client = flags.client()) {
            // one manifest request says what the reference is and serves the pull that follows
            var artifact = client.resolve(ref);
            if (artifact.isApp()) {
                return pullApp(client, artifact);
            }
            pulled = client.pull(artifact);
        } catch (OciException e) {
            throw OciFlags.failure(e);
        }
        var where = pulled.wasm();
        if (output != null) {
            where = Files.isDirectory(output) ? output.resolve(fileName(pulled)) : output;
            copyOut(pulled.wasm(), where);
        }
        System.out.println(pulled.manifestDigest());
        System.err.printf(
                "pulled %s: %s (%s)%n",
                pulled.reference(),
                where,
                pulled.blobsFetched() == 0
                        ? "from the cache"
                        : TerminalProgress.human(pulled.bytesFetched()) + " fetched");
        return 0;
    }

    private int pullApp(OciClient client, Artifact artifact) {
        if (output == null) {
            throw new Failure(
                    Cli.EXIT_USAGE,
                    artifact + " is an app, not a single module: give -o DIR for its directory"
                            + " (spin.toml, wasm and files)",
                    null);
        }
        var pulled = AppPuller.pull(client, artifact, output);
        System.out.println(pulled.manifestDigest());
        System.err.printf(
                "pulled app %s into %s (%s)%n",
                pulled.reference(),
                pulled.dir(),
                pulled.blobsFetched() == 0
                        ? "from the cache"
                        : TerminalProgress.human(pulled.bytesFetched()) + " fetched");
        return 0;
    }

    /** The layer's title when it is a plain `.wasm` file name, else the repository's last part. */
    private static String fileName(OciClient.Pulled pulled) {
        var title = pulled.title();
        if (title != null && title.matches("[A-Za-z0-9._-]{1,200}\\.wasm") && !title.startsWith(".")) {
            return title;
        }
        var repository = pulled.reference().repository();
        return repository.substring(repository.lastIndexOf('/') + 1) + ".wasm";
    }

    /** Temp file beside the target, forced to disk, then renamed: -o never holds half a module. */
    private static void copyOut(Path from, Path to) {
        var dir = to.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + to.getFileName() + ".", ".tmp");
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (var channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new Failure(
                    "cannot write " + to + " (-o): " + e.getClass().getSimpleName() + " " + e.getMessage()
                            + "; check that the directory exists and is writable",
                    e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // nothing more to do: the target itself is intact
                }
            }
        }
    }
}
