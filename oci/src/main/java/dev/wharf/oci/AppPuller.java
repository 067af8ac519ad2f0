package dev.wharf.oci;

import dev.wharf.files.FileTrees;
import dev.wharf.manifest.AppLoader;
import dev.wharf.manifest.ManifestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pulls an app artifact (Spin's layout, as {@link AppPusher} writes it or `spin registry push` does) into a
 * directory laid out as an app Wharf loads: {@code spin.toml}, {@code <component>.wasm} and
 * {@code files/<component>/...}. Every blob is verified against its digest on the way into the blob cache;
 * the directory is assembled beside the target and moved into place whole, so a failed pull leaves the
 * target as it was.
 */
public final class AppPuller {
    static final String FILES_DIR = "files";
    /** Marks a directory as a pull, so a later pull of the same or another version may replace it. */
    static final String MARKER = ".wharf-pull.json";

    private AppPuller() {}

    /**
     * What a pull made.
     *
     * @param reference the source, pinned to its manifest digest
     * @param dir the app directory
     * @param manifest its spin.toml (what {@link AppLoader#load} takes)
     * @param blobsFetched blobs downloaded (0 when all came from the cache)
     */
    public record PulledApp(
            Reference reference, Digest manifestDigest, Path dir, Path manifest, int blobsFetched, long bytesFetched) {}

    /** Pulls with default settings (docker credentials, the user's cache): what `wharf up --from REF` calls. */
    public static PulledApp pull(Reference ref, Path dir) {
        try (var client = new OciClient(OciClient.Settings.defaults())) {
            return pull(client, ref, dir);
        }
    }

    /**
     * Pulls the app {@code ref} names into {@code dir}, which must be absent, empty, or an earlier pull
     * (replaced).
     */
    public static PulledApp pull(OciClient client, Reference ref, Path dir) {
        return pull(client, client.resolve(ref), dir);
    }

    /** Pulls a resolved app artifact into {@code dir}, as {@link #pull(OciClient, Reference, Path)} does. */
    public static PulledApp pull(OciClient client, Artifact artifact, Path dir) {
        var ref = artifact.requested();
        var manifest = artifact.manifest();
        var config = manifest.config();
        if (!artifact.isApp()) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    ref + " is not an app artifact (config " + config.mediaType() + ", expected "
                            + MediaTypes.SPIN_APP_CONFIG
                            + "); a single module is pulled with `wharf pull` and run with `wharf run`");
        }
        if (config.size() > ManifestDocument.MAX_BYTES) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    ref + ": the locked app declares " + config.size() + " bytes, more than the "
                            + ManifestDocument.MAX_BYTES + " wharf accepts");
        }
        checkTarget(dir);
        int fetchedCount = 0;
        long fetchedBytes = 0;
        var configBlob = client.fetchBlob(ref, config, "locked app");
        if (configBlob.downloaded()) {
            fetchedCount++;
            fetchedBytes += config.size();
        }
        var lockedWhat = "locked app of " + ref;
        var locked = LockedApp.parse(read(configBlob.path()), lockedWhat);

        var layers = new HashMap<Digest, Descriptor>();
        for (var layer : manifest.layers()) {
            switch (layer.mediaType()) {
                case MediaTypes.RUNWASI_LAYER, MediaTypes.WASM_LAYER, MediaTypes.DATA_LAYER ->
                    layers.put(layer.digest(), layer);
                case MediaTypes.ARCHIVE_LAYER ->
                    throw new OciException(
                            OciException.Reason.UNSUPPORTED,
                            ref
                                    + " carries files as a tar+gzip archive layer, which wharf does not unpack; push the app with `wharf registry push`");
                default ->
                    throw new OciException(
                            OciException.Reason.UNSUPPORTED,
                            ref + ": unexpected layer type " + layer.mediaType() + " in an app artifact");
            }
        }

        var fileName = dir.toAbsolutePath().normalize().getFileName();
        var parent = dir.toAbsolutePath().normalize().getParent();
        Path staging = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + (fileName == null ? "app" : fileName) + ".pull-");
            Map<Digest, Path> blobs = new HashMap<>();
            for (var c : locked.components()) {
                var where = "component `" + c.id() + "` wasm";
                var target = staging.resolve(wasmFileName(c.id()));
                var got = materialize(client, ref, c.source(), layers, blobs, where, target);
                fetchedCount += got[0];
                fetchedBytes += got[1];
                checkWasm(target, ref, where);
                for (var f : c.files()) {
                    var dest = staging.resolve(FILES_DIR)
                            .resolve(c.id())
                            .resolve(f.path().substring(1));
                    got = materialize(
                            client,
                            ref,
                            f.content(),
                            layers,
                            blobs,
                            "component `" + c.id() + "` file " + f.path(),
                            dest);
                    fetchedCount += got[0];
                    fetchedBytes += got[1];
                }
            }
            var pinned = artifact.reference();
            Files.writeString(
                    staging.resolve("spin.toml"), SpinToml.write(locked, pinned.toString()), StandardCharsets.UTF_8);
            var marker = Transport.JSON
                    .createObjectNode()
                    .put("reference", pinned.toString())
                    .put("digest", artifact.digest().toString());
            Files.writeString(
                    staging.resolve(MARKER), Transport.JSON.writeValueAsString(marker), StandardCharsets.UTF_8);
            try {
                AppLoader.load(staging.resolve("spin.toml"));
            } catch (ManifestException e) {
                throw new OciException(
                        OciException.Reason.UNSUPPORTED,
                        ref + ": the pulled app does not load in wharf: " + e.getMessage(),
                        e);
            }
            replace(dir, staging);
            staging = null;
            var appDir = dir.toAbsolutePath().normalize();
            return new PulledApp(
                    pinned, artifact.digest(), appDir, appDir.resolve("spin.toml"), fetchedCount, fetchedBytes);
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO,
                    "cannot write the app pulled from " + ref + " to " + dir + ": "
                            + e.getClass().getSimpleName() + " " + e.getMessage(),
                    e);
        } finally {
            if (staging != null) {
                FileTrees.deleteQuietly(staging);
            }
        }
    }

    static String wasmFileName(String componentId) {
        return componentId + ".wasm";
    }

    /** Writes one content ref to {@code target}; returns {blobs downloaded, bytes downloaded}. */
    private static long[] materialize(
            OciClient client,
            Reference ref,
            LockedApp.Content content,
            Map<Digest, Descriptor> layers,
            Map<Digest, Path> blobs,
            String what,
            Path target)
            throws IOException {
        var dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new OciException(
                    OciException.Reason.PROTOCOL, ref + ": " + what + " lies under a path that is also a file");
        }
        if (Files.exists(target)) {
            throw new OciException(
                    OciException.Reason.PROTOCOL, ref + ": " + what + " collides with another file of the app");
        }
        if (content.inline().isPresent()) {
            Files.write(target, content.inline().get());
            return new long[] {0, 0};
        }
        var digest = content.digest().orElseThrow();
        var layer = layers.get(digest);
        if (layer == null) {
            throw new OciException(
                    OciException.Reason.PROTOCOL,
                    ref + ": the locked app names " + what + " as " + digest + ", but the manifest has no such layer");
        }
        long[] counts = {0, 0};
        var cached = blobs.get(digest);
        if (cached == null) {
            var blob = client.fetchBlob(ref, layer, what);
            cached = blob.path();
            blobs.put(digest, cached);
            if (blob.downloaded()) {
                counts[0] = 1;
                counts[1] = layer.size();
            }
        }
        // a copy, not a link: the cache is content-addressed and must not change if the app's files are edited
        Files.copy(cached, target);
        return counts;
    }

    private static void checkWasm(Path path, Reference ref, String what) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            var head = in.readNBytes(4);
            if (head.length < 4 || head[0] != 0 || head[1] != 'a' || head[2] != 's' || head[3] != 'm') {
                throw new OciException(
                        OciException.Reason.UNSUPPORTED,
                        ref + ": " + what + " does not start with the wasm magic \\0asm");
            }
        }
    }

    private static void checkTarget(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO,
                    dir + " exists and is not a directory; pull the app into a new directory");
        }
        if (Files.isRegularFile(dir.resolve(MARKER))) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new OciException(
                        OciException.Reason.LOCAL_IO,
                        dir + " is not empty and holds no earlier wharf pull;"
                                + " pull the app into a new or empty directory");
            }
        } catch (IOException e) {
            throw new OciException(OciException.Reason.LOCAL_IO, "cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The staged app takes the target's place; an earlier pull there is removed first. */
    private static void replace(Path dir, Path staging) throws IOException {
        if (Files.exists(dir)) {
            checkTarget(dir);
            FileTrees.deleteQuietly(dir);
        }
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (DirectoryNotEmptyException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO, dir + " was filled by someone else during the pull; pull again");
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO, path + ": cannot read the cached blob: " + e.getMessage(), e);
        }
    }
}
