package dev.wharf.cli;

import dev.wharf.manifest.App;
import dev.wharf.manifest.AppLoader;
import dev.wharf.oci.AppPusher;
import dev.wharf.oci.MediaTypes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `wharf registry push REF [-f DIR|spin.toml]`: publishes a whole app (manifest, every component's wasm, its
 * files) in Spin's OCI layout, so `spin up -f REF`, SpinKube and `wharf up --from REF` can run it.
 */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Push an app to an OCI registry in Spin's layout.",
            "A locked-app config (" + MediaTypes.SPIN_APP_CONFIG + "),",
            "one wasm layer per module and one data layer per file. Prints the manifest",
            "digest."
        })
final class RegistryPushCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "Where to: HOST[:PORT]/REPO[:TAG].")
    String reference;

    @Option(
            names = {"-f", "--from"},
            paramLabel = "DIR|spin.toml",
            defaultValue = ".",
            description = "The app: its manifest or the directory holding it (default: the current directory).")
    Path from;

    @Mixin
    OciFlags flags;

    @Override
    public Integer call() {
        var ref = OciFlags.reference(reference);
        var loaded = AppLoader.load(from);
        loaded.warnings().forEach(w -> System.err.println("wharf: warning: " + w));
        App app = loaded.app();
        try (var client = flags.client()) {
            var pushed = AppPusher.push(client, app, ref);
            System.out.println(pushed.manifestDigest());
            System.err.printf(
                    "pushed app %s to %s: %d wasm and %d file layers (%d uploaded, %d mounted, %d already there)%n",
                    app.info().name(),
                    pushed.reference(),
                    pushed.wasmLayers(),
                    pushed.dataLayers(),
                    pushed.uploaded(),
                    pushed.mounted(),
                    pushed.skipped());
            return 0;
        }
    }
}
