package dev.wharf.oci;

import dev.wharf.manifest.App;
import dev.wharf.manifest.Executor;
import dev.wharf.manifest.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes an app in Spin's OCI layout: the config is the locked app (components name their wasm and files
 * by digest), then one {@code application/vnd.wasm.content.layer.v1+wasm} layer per distinct module and one
 * {@code application/vnd.wasm.content.layer.v1+data} layer per distinct file. Identical content is one layer
 * however many components or paths use it; empty files are inlined in the locked app, as Spin does, since
 * some registries refuse empty blobs.
 */
public final class AppPusher {
    private AppPusher() {}

    /**
     * What an app push did.
     *
     * @param reference the target, pinned to the manifest digest
     * @param wasmLayers distinct modules pushed as layers
     * @param dataLayers distinct files pushed as layers
     */
    public record Pushed(
            Reference reference,
            Digest manifestDigest,
            Digest configDigest,
            int wasmLayers,
            int dataLayers,
            int uploaded,
            int mounted,
            int skipped) {}

    /** Pushes {@code app} (as {@link dev.wharf.manifest.AppLoader} loaded it) to {@code ref}. */
    public static Pushed push(OciClient client, App app, Reference ref) {
        var layers = new LinkedHashMap<Digest, OciClient.Blob>();
        var components = new ArrayList<LockedApp.LockedComponent>();
        int wasm = 0;
        int data = 0;
        for (var c : app.components().values()) {
            var module = hash(c.sourcePath(), "component `" + c.id() + "` source");
            if (!layers.containsKey(module.digest())) {
                var title = c.sourcePath().getFileName().toString();
                layers.put(
                        module.digest(),
                        new OciClient.Blob(
                                new Descriptor(
                                        MediaTypes.RUNWASI_LAYER,
                                        module.digest(),
                                        module.size(),
                                        Map.of("org.opencontainers.image.title", title),
                                        null),
                                BlobSource.of(c.sourcePath()),
                                "wasm layer"));
                wasm++;
            }
            var files = new ArrayList<LockedApp.ContentPath>();
            for (var mount : c.files()) {
                var file = hash(mount.hostPath(), "component `" + c.id() + "` file " + mount.guestPath());
                if (file.size() == 0) {
                    files.add(new LockedApp.ContentPath(
                            new LockedApp.Content(Optional.of(file.digest()), Optional.of(new byte[0])),
                            mount.guestPath()));
                    continue;
                }
                files.add(new LockedApp.ContentPath(LockedApp.Content.of(file.digest()), mount.guestPath()));
                if (!layers.containsKey(file.digest())) {
                    layers.put(
                            file.digest(),
                            new OciClient.Blob(
                                    new Descriptor(
                                            MediaTypes.DATA_LAYER,
                                            file.digest(),
                                            file.size(),
                                            Map.of("org.opencontainers.image.title", mount.guestPath()),
                                            null),
                                    BlobSource.of(mount.hostPath()),
                                    "file layer"));
                    data++;
                }
            }
            components.add(new LockedApp.LockedComponent(
                    c.id(),
                    LockedApp.Content.of(module.digest()),
                    c.environment(),
                    files,
                    c.variableTemplates(),
                    c.allowedOutboundHosts(),
                    c.keyValueStores()));
        }
        var variables = new LinkedHashMap<String, LockedApp.LockedVariable>();
        app.variables()
                .forEach((name, v) -> variables.put(name, new LockedApp.LockedVariable(v.defaultValue(), v.secret())));
        var triggers = app.httpTriggers().stream()
                .map(t -> new LockedApp.LockedTrigger(
                        t.id(),
                        route(t.route()),
                        t.componentId(),
                        t.executor().kind() == Executor.Kind.WAGI ? "wagi" : "spin",
                        t.executor().entrypoint(),
                        t.executor().argv()))
                .toList();
        var info = app.info();
        var locked = new LockedApp(
                new LockedApp.Metadata(info.name(), info.version(), info.description(), info.authors()),
                variables,
                triggers,
                components);

        var configBytes = locked.toJson();
        var config = new Descriptor(
                MediaTypes.SPIN_APP_CONFIG, Digest.sha256(configBytes), configBytes.length, Map.of(), null);
        var blobs = new ArrayList<OciClient.Blob>();
        blobs.add(new OciClient.Blob(config, BlobSource.of(configBytes), "locked app"));
        blobs.addAll(layers.values());
        var manifest = ManifestDocument.imageManifest(
                config, layers.values().stream().map(OciClient.Blob::descriptor).toList(), OciClient.createdTime());
        var pushed = client.pushArtifact(ref, blobs, manifest);
        return new Pushed(
                pushed.reference(),
                pushed.manifestDigest(),
                config.digest(),
                wasm,
                data,
                pushed.uploaded(),
                pushed.mounted(),
                pushed.skipped());
    }

    private static Optional<String> route(Route route) {
        return switch (route) {
            case Route.Exact e -> Optional.of(e.pattern());
            case Route.Wildcard w -> Optional.of(w.pattern());
            case Route.Private p -> Optional.empty();
        };
    }

    private record Hashed(Digest digest, long size) {}

    private static Hashed hash(Path path, String what) {
        try (InputStream in = Files.newInputStream(path)) {
            var md = Digest.newSha256();
            var buf = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                size += n;
            }
            if (size > OciClient.MAX_LAYER_BYTES) {
                throw new OciException(
                        OciException.Reason.UNSUPPORTED,
                        path + " (" + what + "): " + size + " bytes, more than the " + OciClient.MAX_LAYER_BYTES
                                + " a layer may hold");
            }
            return new Hashed(Digest.of(md.digest()), size);
        } catch (NoSuchFileException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO,
                    path + " (" + what + "): no such file; build the app first (wharf build)");
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO, path + " (" + what + "): cannot read: " + e.getMessage(), e);
        }
    }
}
