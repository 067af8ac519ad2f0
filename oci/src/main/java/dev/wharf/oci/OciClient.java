package dev.wharf.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Pushes wasm modules to OCI registries and pulls them back, verified and cached.
 *
 * <p>Written on {@code java.net.http.HttpClient} rather than a library: the Java OCI clients on Maven
 * Central either sit inside a container-image builder whose registry client is internal API (jib-core)
 * or are young, pre-1.0 SDKs with their own HTTP and JSON stacks (oras-java). What Wharf needs is
 * narrow (one layer, one config, a manifest) but must be exact where they differ: digest checks while
 * streaming into our own cache, registry 2.8's quirks, refusing plain HTTP before any byte is sent. The
 * distribution API is small enough that owning those ~1000 lines costs less than working around a
 * library's choices.
 */
public final class OciClient implements AutoCloseable {
    /** The most a single wasm layer may weigh: a descriptor cannot make us fill the disk. */
    static final long MAX_LAYER_BYTES = 1L << 30;

    /**
     * What a client is allowed and where it keeps things.
     *
     * @param insecure allow plain HTTP to hosts other than loopback
     * @param dockerConfig the docker config.json holding credentials
     * @param cacheRoot the OCI cache directory (blobs go to {@code cacheRoot/blobs/sha256})
     * @param timeout connect timeout, wait for answers, and longest silence inside a body
     * @param chunkSize blobs above this are uploaded in PATCH chunks of this size
     * @param progress draws progress (the CLI's terminal bars), or {@link Progress.Factory#NONE}
     */
    public record Settings(
            boolean insecure,
            Path dockerConfig,
            Path cacheRoot,
            Duration timeout,
            long chunkSize,
            Progress.Factory progress) {
        public static final long DEFAULT_CHUNK = 8L << 20;

        /** Docker's config file, `WHARF_CACHE_DIR`/XDG/`~/.cache/wharf` + `/oci`, 60 s, 8 MiB chunks, no progress. */
        public static Settings defaults() {
            return new Settings(
                    false,
                    DockerConfig.defaultFile(),
                    defaultCacheRoot(),
                    Duration.ofSeconds(60),
                    DEFAULT_CHUNK,
                    Progress.Factory.NONE);
        }

        public Settings withInsecure(boolean value) {
            return new Settings(value, dockerConfig, cacheRoot, timeout, chunkSize, progress);
        }

        public Settings withDockerConfig(Path value) {
            return new Settings(insecure, value, cacheRoot, timeout, chunkSize, progress);
        }

        public Settings withCacheRoot(Path value) {
            return new Settings(insecure, dockerConfig, value, timeout, chunkSize, progress);
        }

        public Settings withTimeout(Duration value) {
            return new Settings(insecure, dockerConfig, cacheRoot, value, chunkSize, progress);
        }

        public Settings withChunkSize(long value) {
            return new Settings(insecure, dockerConfig, cacheRoot, timeout, value, progress);
        }

        public Settings withProgress(Progress.Factory value) {
            return new Settings(insecure, dockerConfig, cacheRoot, timeout, chunkSize, value);
        }

        /** The `oci/` of Wharf's cache root ({@link dev.wharf.files.CacheRoot}): where OCI blobs live. */
        public static Path defaultCacheRoot() {
            return dev.wharf.files.CacheRoot.resolve().resolve("oci");
        }
    }

    /**
     * What a push did.
     *
     * @param reference the target, pinned to the manifest digest
     * @param uploaded blobs whose bytes were sent
     * @param mounted blobs mounted from another repository of the same registry
     * @param skipped blobs the registry already had
     */
    public record Pushed(
            Reference reference,
            Digest manifestDigest,
            Digest layerDigest,
            long layerSize,
            int uploaded,
            int mounted,
            int skipped) {}

    /**
     * What a pull found.
     *
     * @param reference the source, pinned to the manifest digest
     * @param wasm the module in the cache (verified; do not modify)
     * @param title the layer's `org.opencontainers.image.title`, or null
     * @param blobsFetched blobs downloaded (0 when everything came from the cache)
     * @param bytesFetched bytes of those blobs
     */
    public record Pulled(
            Reference reference,
            Digest manifestDigest,
            Digest layerDigest,
            String layerMediaType,
            long layerSize,
            Path wasm,
            String title,
            int blobsFetched,
            long bytesFetched) {}

    private final Settings settings;
    private final BlobCache cache;
    private final Map<String, Transport> transports = new ConcurrentHashMap<>();

    public OciClient(Settings settings) {
        this.settings = settings;
        this.cache = new BlobCache(settings.cacheRoot());
    }

    public Settings settings() {
        return settings;
    }

    /** Pulls a wasm artifact and returns the cached module's path: what `wharf run REF` needs. */
    public Path pullWasm(Reference ref) {
        return pull(ref).wasm();
    }

    /** Pulls a wasm artifact (manifest, then its one wasm layer), verifying each against its digest. */
    public Pulled pull(Reference ref) {
        var transport = transport(ref);
        var scopes = List.of(Transport.scope(ref.repository(), "pull"));
        var resolved = fetchManifest(transport, ref, ref.digest(), ref.tagOrDigest(), scopes, 0);
        var manifest = resolved.document();
        if (manifest.mediaType().equals(MediaTypes.DOCKER_MANIFEST)) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    ref + " is a Docker container image (" + MediaTypes.DOCKER_MANIFEST + "), not a wasm artifact");
        }
        var wasmLayers = manifest.layers().stream()
                .filter(l -> MediaTypes.WASM_LAYERS.contains(l.mediaType()))
                .toList();
        if (wasmLayers.isEmpty()) {
            var types = manifest.layers().stream()
                    .map(Descriptor::mediaType)
                    .distinct()
                    .toList();
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    ref + " has no wasm layer (layer types: " + (types.isEmpty() ? "none" : String.join(", ", types))
                            + "); it is not a wasm artifact");
        }
        if (wasmLayers.size() > 1) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    ref + " has " + wasmLayers.size()
                            + " wasm layers (an application, not one module); wharf pull takes single-module artifacts");
        }
        var layer = wasmLayers.get(0);
        if (layer.size() > MAX_LAYER_BYTES) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    ref + ": the wasm layer declares " + layer.size() + " bytes, more than the " + MAX_LAYER_BYTES
                            + " wharf accepts");
        }
        int fetched = 0;
        long bytes = 0;
        var path = cache.find(layer.digest(), layer.size()).orElse(null);
        if (path == null) {
            path = fetchBlob(
                    transport,
                    ref,
                    layer,
                    scopes,
                    "wasm layer " + layer.digest().shortHex());
            fetched = 1;
            bytes = layer.size();
        }
        cache.rememberSource(layer.digest(), ref.registry(), ref.repository());
        checkWasmMagic(path, ref);
        return new Pulled(
                ref.withDigest(resolved.digest()),
                resolved.digest(),
                layer.digest(),
                layer.mediaType(),
                layer.size(),
                path,
                layer.title(),
                fetched,
                bytes);
    }

    private record Resolved(Digest digest, ManifestDocument.ImageManifest document) {}

    private Resolved fetchManifest(
            Transport transport, Reference ref, Digest expected, String tagOrDigest, List<String> scopes, int depth) {
        var what = "manifest "
                + (depth == 0 ? ref.toString() : ref.registry() + "/" + ref.repository() + "@" + tagOrDigest);
        byte[] bytes = null;
        String contentType = null;
        Digest digest = expected;
        if (expected != null) {
            // content-addressed and verified when stored: a digest pull needs no network when cached
            bytes = cache.find(expected, -1).map(OciClient::readAll).orElse(null);
        } else {
            // a tag: HEAD says which manifest it names now; when we hold that one, no GET is needed
            var head = headManifest(transport, ref, tagOrDigest, scopes, what);
            if (head.digest() != null) {
                bytes = cache.find(head.digest(), -1).map(OciClient::readAll).orElse(null);
                if (bytes != null) {
                    digest = head.digest();
                    contentType = head.contentType();
                }
            }
        }
        if (bytes == null) {
            var uri = transport.url("/v2/" + ref.repository() + "/manifests/" + tagOrDigest);
            var call = Transport.Call.get(uri, scopes, "GET " + what, Map.of("Accept", MediaTypes.MANIFEST_ACCEPT));
            try (var r = transport.send(call)) {
                if (r.status == 404) {
                    throw new OciException(OciException.Reason.NOT_FOUND, notFoundLine(ref, tagOrDigest, r, transport));
                }
                if (!r.ok()) {
                    throw transport.statusFailure(r, "GET " + what);
                }
                contentType = r.header("Content-Type").orElse(null);
                bytes = r.bytes(ManifestDocument.MAX_BYTES, what);
                var actual = Digest.sha256(bytes);
                var claimed =
                        r.header("Docker-Content-Digest").map(String::strip).orElse(null);
                if (expected != null && !actual.equals(expected)) {
                    throw new OciException(
                            OciException.Reason.INTEGRITY,
                            what + ": content does not match its digest (expected " + expected + ", got " + actual
                                    + "); refused, nothing cached");
                }
                if (expected == null && claimed != null && !claimed.equals(actual.toString())) {
                    throw new OciException(
                            OciException.Reason.INTEGRITY,
                            what + ": content does not match the digest the registry"
                                    + " claims (Docker-Content-Digest " + claimed + ", got " + actual
                                    + "); refused, nothing cached");
                }
                digest = actual;
            }
            cache.store(digest, bytes, what);
        }
        var document = ManifestDocument.parse(bytes, contentType, what);
        return switch (document) {
            case ManifestDocument.ImageManifest m -> new Resolved(digest, m);
            case ManifestDocument.ImageIndex index -> {
                if (depth > 0) {
                    throw new OciException(
                            OciException.Reason.UNSUPPORTED, what + ": an index inside an index is not supported");
                }
                var entry = index.manifests().stream()
                        .filter(d -> d.platform() != null && d.platform().startsWith("wasm/"))
                        .findFirst()
                        .orElseThrow(() -> new OciException(
                                OciException.Reason.UNSUPPORTED,
                                what + " is an index with no wasm platform entry (platforms: "
                                        + index.manifests().stream()
                                                .map(d -> String.valueOf(d.platform()))
                                                .distinct()
                                                .toList()
                                        + "); not a wasm artifact"));
                var child = fetchManifest(
                        transport, ref, entry.digest(), entry.digest().toString(), scopes, depth + 1);
                yield new Resolved(digest, child.document());
            }
        };
    }

    private record Head(Digest digest, String contentType) {}

    /** `HEAD /v2/<name>/manifests/<tag>`: the digest the tag names (null when the registry does not say). */
    private static Head headManifest(
            Transport transport, Reference ref, String tagOrDigest, List<String> scopes, String what) {
        var uri = transport.url("/v2/" + ref.repository() + "/manifests/" + tagOrDigest);
        var call = new Transport.Call(
                "HEAD",
                uri,
                Map.of("Accept", MediaTypes.MANIFEST_ACCEPT),
                HttpRequest.BodyPublishers.noBody(),
                scopes,
                "HEAD " + what);
        try (var r = transport.send(call)) {
            if (r.status == 404) {
                // a HEAD answer has no body to say why; the GET that follows does
                return new Head(null, null);
            }
            if (!r.ok()) {
                throw transport.statusFailure(r, "HEAD " + what);
            }
            Digest digest = null;
            try {
                digest = r.header("Docker-Content-Digest")
                        .map(String::strip)
                        .map(Digest::parse)
                        .orElse(null);
            } catch (OciException e) {
                // an odd header only costs us the GET
            }
            return new Head(digest, r.header("Content-Type").orElse(null));
        }
    }

    /**
     * The manifest digest a reference names now (HEAD with OCI Accept headers, as registry 2.8 needs),
     * without downloading anything else: lets a caller see whether its cached pull is current.
     */
    public Digest resolve(Reference ref) {
        if (ref.digest() != null) {
            return ref.digest();
        }
        var transport = transport(ref);
        var scopes = List.of(Transport.scope(ref.repository(), "pull"));
        var head = headManifest(transport, ref, ref.tag(), scopes, "manifest " + ref);
        if (head.digest() != null) {
            return head.digest();
        }
        return fetchManifest(transport, ref, null, ref.tag(), scopes, 0).digest();
    }

    private static String notFoundLine(Reference ref, String tagOrDigest, Response r, Transport transport) {
        var detail = Transport.registryError(r.prefix(64 * 1024));
        if (detail.startsWith("NAME_UNKNOWN")) {
            return ref + ": repository " + ref.repository() + " does not exist on " + ref.registry();
        }
        return ref + ": no manifest " + tagOrDigest + " in " + ref.registry() + "/" + ref.repository() + " ("
                + (detail.isEmpty() ? "HTTP 404" : detail) + "); check the tag";
    }

    private Path fetchBlob(Transport transport, Reference ref, Descriptor blob, List<String> scopes, String what) {
        var uri = transport.url("/v2/" + ref.repository() + "/blobs/" + blob.digest());
        var label = what + " of " + ref;
        try (var r = transport.send(Transport.Call.get(uri, scopes, "GET " + what, Map.of()))) {
            if (r.status == 404) {
                throw new OciException(
                        OciException.Reason.NOT_FOUND,
                        ref + ": the registry lost blob " + blob.digest()
                                + " that the manifest names; push the artifact again");
            }
            if (!r.ok()) {
                throw transport.statusFailure(r, "GET " + what);
            }
            try (var progress = settings.progress().start(what, blob.size())) {
                return cache.store(
                        blob.digest(),
                        blob.size(),
                        r.body(),
                        progress,
                        label,
                        e -> Transport.ioFailure(uri, "GET " + what, e));
            }
        }
    }

    private static void checkWasmMagic(Path path, Reference ref) {
        try (InputStream in = Files.newInputStream(path)) {
            var head = in.readNBytes(4);
            if (head.length < 4 || head[0] != 0 || head[1] != 'a' || head[2] != 's' || head[3] != 'm') {
                throw new OciException(
                        OciException.Reason.UNSUPPORTED,
                        ref + ": the wasm layer does not start with the wasm magic \\0asm; not a module");
            }
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO, path + ": cannot read the cached layer: " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Pushes one wasm module as a CNCF wasm artifact: its config, the module as the only layer (of
     * {@code layerMediaType}: {@link MediaTypes#WASM_LAYER} or {@link MediaTypes#RUNWASI_LAYER}), and
     * an OCI manifest with artifactType, tagged as the reference says.
     */
    public Pushed push(Path wasm, Reference ref, String layerMediaType) {
        if (!MediaTypes.WASM_LAYERS.contains(layerMediaType)) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    "layer media type " + layerMediaType + " is not a wasm layer type; use " + MediaTypes.WASM_LAYER
                            + " or " + MediaTypes.RUNWASI_LAYER);
        }
        var module = ModuleFile.read(wasm);
        var created = createdTime();
        var layer = new Descriptor(
                layerMediaType,
                module.digest(),
                module.size(),
                Map.of("org.opencontainers.image.title", wasm.getFileName().toString()),
                null);
        var configBytes =
                ManifestDocument.wasmConfig(created, module.component() ? "wasip2" : "wasip1", module.digest());
        var config =
                new Descriptor(MediaTypes.WASM_CONFIG, Digest.sha256(configBytes), configBytes.length, Map.of(), null);
        var manifestBytes = ManifestDocument.wasmManifest(config, layer, created);
        var pushed = pushArtifact(
                ref,
                List.of(
                        new Blob(config, BlobSource.of(configBytes), "config"),
                        new Blob(layer, BlobSource.of(wasm), "wasm layer")),
                manifestBytes);
        return new Pushed(
                pushed.reference(),
                pushed.manifestDigest(),
                module.digest(),
                module.size(),
                pushed.uploaded(),
                pushed.mounted(),
                pushed.skipped());
    }

    private static void putManifest(Transport transport, Reference ref, byte[] manifestBytes, Digest manifestDigest) {
        var what = "PUT manifest " + ref;
        var uri = transport.url("/v2/" + ref.repository() + "/manifests/" + ref.tagOrDigest());
        var call = new Transport.Call(
                "PUT",
                uri,
                Map.of("Content-Type", MediaTypes.OCI_MANIFEST),
                HttpRequest.BodyPublishers.ofByteArray(manifestBytes),
                pushScopes(ref),
                what);
        try (var r = transport.send(call)) {
            if (r.status != 201 && !r.ok()) {
                throw transport.statusFailure(r, what);
            }
            var claimed = r.header("Docker-Content-Digest").map(String::strip).orElse(null);
            if (claimed != null && !claimed.equals(manifestDigest.toString())) {
                throw new OciException(
                        OciException.Reason.INTEGRITY,
                        what + ": the registry stored digest " + claimed + " but the manifest sent has "
                                + manifestDigest);
            }
        }
    }

    /** One blob of a multi-blob artifact: what the manifest says about it, where its bytes are, and a label. */
    record Blob(Descriptor descriptor, BlobSource source, String what) {}

    /** What {@link #pushArtifact} did: blobs uploaded, mounted from another repository, or already there. */
    record ArtifactPushed(Reference reference, Digest manifestDigest, int uploaded, int mounted, int skipped) {}

    /**
     * Pushes any artifact: each blob (skipped when the registry has it, mounted when a sibling repository
     * does, else uploaded), then the manifest naming them, under the reference's tag. App artifacts use it.
     */
    ArtifactPushed pushArtifact(Reference ref, List<Blob> blobs, byte[] manifestBytes) {
        var manifestDigest = Digest.sha256(manifestBytes);
        if (ref.digest() != null && !ref.digest().equals(manifestDigest)) {
            throw new OciException(
                    OciException.Reason.BAD_REFERENCE,
                    "cannot push to " + ref + ": the manifest's digest is " + manifestDigest
                            + "; push to a tag instead");
        }
        var transport = transport(ref);
        var counts = new int[3];
        for (var blob : blobs) {
            pushBlob(transport, ref, blob.descriptor(), blob.source(), blob.what(), counts);
        }
        putManifest(transport, ref, manifestBytes, manifestDigest);
        return new ArtifactPushed(ref.withDigest(manifestDigest), manifestDigest, counts[0], counts[1], counts[2]);
    }

    /** A verified image manifest and the digest it was pinned to (an index's wasm entry already followed). */
    record FetchedManifest(Reference reference, Digest digest, ManifestDocument.ImageManifest document) {}

    /** Fetches (or finds cached) the manifest a reference names, verified against its digest. */
    FetchedManifest fetchManifest(Reference ref) {
        var transport = transport(ref);
        var scopes = List.of(Transport.scope(ref.repository(), "pull"));
        var resolved = fetchManifest(transport, ref, ref.digest(), ref.tagOrDigest(), scopes, 0);
        return new FetchedManifest(ref.withDigest(resolved.digest()), resolved.digest(), resolved.document());
    }

    /** A blob in the cache, and whether it had to be downloaded. */
    record FetchedBlob(Path path, boolean downloaded) {}

    /** The blob from the cache when it is there and intact, else downloaded and verified into it. */
    FetchedBlob fetchBlob(Reference ref, Descriptor blob, String what) {
        if (blob.size() > MAX_LAYER_BYTES) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    ref + ": " + what + " declares " + blob.size() + " bytes, more than the " + MAX_LAYER_BYTES
                            + " wharf accepts");
        }
        var cached = cache.find(blob.digest(), blob.size());
        if (cached.isPresent()) {
            return new FetchedBlob(cached.get(), false);
        }
        var scopes = List.of(Transport.scope(ref.repository(), "pull"));
        var path = fetchBlob(transport(ref), ref, blob, scopes, what);
        cache.rememberSource(blob.digest(), ref.registry(), ref.repository());
        return new FetchedBlob(path, true);
    }

    /** `SOURCE_DATE_EPOCH` (reproducible builds) when set, else now. */
    static Instant createdTime() {
        var epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("[0-9]{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(epoch));
        }
        return Instant.now();
    }

    private static List<String> pushScopes(Reference ref) {
        return List.of(Transport.scope(ref.repository(), "pull,push"));
    }

    /** Where a blob's bytes come from: memory (config) or a file region read as needed (the module). */
    sealed interface BlobSource {
        record Bytes(byte[] bytes) implements BlobSource {}

        record File(Path path) implements BlobSource {}

        static BlobSource of(byte[] bytes) {
            return new Bytes(bytes);
        }

        static BlobSource of(Path path) {
            return new File(path);
        }
    }

    /** counts: [uploaded, mounted, skipped]. */
    private void pushBlob(
            Transport transport, Reference ref, Descriptor blob, BlobSource source, String what, int[] counts) {
        var label = what + " " + blob.digest().shortHex();
        var scopes = pushScopes(ref);
        var head = transport.url("/v2/" + ref.repository() + "/blobs/" + blob.digest());
        try (var r = transport.send(new Transport.Call(
                "HEAD", head, Map.of(), HttpRequest.BodyPublishers.noBody(), scopes, "HEAD " + label))) {
            if (r.ok()) {
                counts[2]++;
                cache.rememberSource(blob.digest(), ref.registry(), ref.repository());
                return;
            }
            if (r.status != 404) {
                throw transport.statusFailure(r, "HEAD " + label);
            }
        }
        URI location = null;
        for (var source2 : mountCandidates(ref, blob.digest())) {
            var from = source2.substring(ref.registry().length() + 1);
            var uri = transport.url("/v2/" + ref.repository() + "/blobs/uploads/?mount=" + blob.digest() + "&from="
                    + URLEncoder.encode(from, StandardCharsets.UTF_8));
            var mountScopes = List.of(Transport.scope(ref.repository(), "pull,push"), Transport.scope(from, "pull"));
            try (var r = transport.send(new Transport.Call(
                    "POST",
                    uri,
                    Map.of(),
                    HttpRequest.BodyPublishers.noBody(),
                    mountScopes,
                    "mount " + label + " from " + from))) {
                if (r.status == 201) {
                    counts[1]++;
                    cache.rememberSource(blob.digest(), ref.registry(), ref.repository());
                    return;
                }
                if (r.status == 202 && r.header("Location").isPresent()) {
                    // the registry declined the mount and opened an upload instead: use it
                    location = r.uri.resolve(r.header("Location").get());
                    break;
                }
            } catch (OciException e) {
                if (e.reason() != OciException.Reason.UNAUTHORIZED && e.reason() != OciException.Reason.DENIED) {
                    throw e;
                }
                // no read access to the other repository: upload instead
            }
        }
        if (location == null) {
            location = startUpload(transport, ref, scopes, label);
        }
        long size = blob.size();
        try (var progress = settings.progress().start("push " + label, size)) {
            if (size > settings.chunkSize()) {
                location = uploadChunks(transport, location, source, size, scopes, label, progress);
                finishUpload(transport, location, blob.digest(), HttpRequest.BodyPublishers.noBody(), scopes, label);
            } else {
                finishUpload(transport, location, blob.digest(), publisher(source, size, progress), scopes, label);
            }
        }
        counts[0]++;
        cache.rememberSource(blob.digest(), ref.registry(), ref.repository());
    }

    private List<String> mountCandidates(Reference ref, Digest digest) {
        var self = ref.registry() + "/" + ref.repository();
        return cache.knownSources(digest).stream()
                .filter(s -> s.startsWith(ref.registry() + "/") && !s.equals(self))
                .limit(3)
                .toList();
    }

    private static URI startUpload(Transport transport, Reference ref, List<String> scopes, String label) {
        var uri = transport.url("/v2/" + ref.repository() + "/blobs/uploads/");
        var step = "start upload of " + label;
        try (var r = transport.send(
                new Transport.Call("POST", uri, Map.of(), HttpRequest.BodyPublishers.noBody(), scopes, step))) {
            if (r.status != 202) {
                throw transport.statusFailure(r, step);
            }
            return r.uri.resolve(r.header("Location")
                    .orElseThrow(() -> new OciException(
                            OciException.Reason.PROTOCOL,
                            ref.registry() + ": " + step + " answered 202 without a Location")));
        }
    }

    /** PATCHes the blob in chunks; each answer carries the next upload Location. */
    private URI uploadChunks(
            Transport transport,
            URI location,
            BlobSource source,
            long size,
            List<String> scopes,
            String label,
            Progress progress) {
        long chunk = settings.chunkSize();
        for (long offset = 0; offset < size; offset += chunk) {
            int length = (int) Math.min(chunk, size - offset);
            var bytes = slice(source, offset, length);
            var step = "upload " + label + " bytes " + offset + "-" + (offset + length - 1);
            var call = new Transport.Call(
                    "PATCH",
                    location,
                    Map.of(
                            "Content-Type",
                            "application/octet-stream",
                            "Content-Range",
                            offset + "-" + (offset + length - 1)),
                    HttpRequest.BodyPublishers.ofByteArray(bytes),
                    scopes,
                    step);
            try (var r = transport.send(call)) {
                if (r.status != 202) {
                    throw transport.statusFailure(r, step);
                }
                var range = r.header("Range").orElse(null);
                if (range != null && !range.equals("0-" + (offset + length - 1))) {
                    throw new OciException(
                            OciException.Reason.PROTOCOL,
                            transport.registry + ": " + step + ": the registry has range " + range + ", expected 0-"
                                    + (offset + length - 1));
                }
                location = r.uri.resolve(r.header("Location")
                        .orElseThrow(() -> new OciException(
                                OciException.Reason.PROTOCOL,
                                transport.registry + ": " + step + " answered 202 without a Location")));
            }
            progress.advance(length);
        }
        return location;
    }

    /** `PUT <location>&digest=...`; registry 2.8 wants Content-Type application/octet-stream here. */
    private static void finishUpload(
            Transport transport,
            URI location,
            Digest digest,
            HttpRequest.BodyPublisher body,
            List<String> scopes,
            String label) {
        var sep = location.getRawQuery() == null ? "?" : "&";
        var uri = URI.create(location + sep + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
        var step = "upload " + label;
        var call =
                new Transport.Call("PUT", uri, Map.of("Content-Type", "application/octet-stream"), body, scopes, step);
        try (var r = transport.send(call)) {
            if (r.status != 201 && r.status != 204) {
                if (r.status == 400) {
                    var detail = Transport.registryError(r.prefix(64 * 1024));
                    if (detail.startsWith("DIGEST_INVALID")) {
                        throw new OciException(
                                OciException.Reason.INTEGRITY,
                                transport.registry + ": " + step
                                        + ": the registry computed another digest for the bytes sent (" + detail + ")");
                    }
                    throw new OciException(
                            OciException.Reason.PROTOCOL,
                            transport.registry + ": " + step + " failed: HTTP 400"
                                    + (detail.isEmpty() ? "" : " (" + detail + ")"));
                }
                throw transport.statusFailure(r, step);
            }
        }
    }

    private static HttpRequest.BodyPublisher publisher(BlobSource source, long size, Progress progress) {
        return switch (source) {
            case BlobSource.Bytes b -> {
                progress.advance(b.bytes().length);
                yield HttpRequest.BodyPublishers.ofByteArray(b.bytes());
            }
            case BlobSource.File f ->
                HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> counting(f.path(), progress)), size);
        };
    }

    private static InputStream counting(Path path, Progress progress) {
        try {
            return new FilterInputStream(Files.newInputStream(path)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        progress.advance(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] slice(BlobSource source, long offset, int length) {
        return switch (source) {
            case BlobSource.Bytes b -> Arrays.copyOfRange(b.bytes(), (int) offset, (int) offset + length);
            case BlobSource.File f -> {
                try (var channel = FileChannel.open(f.path(), StandardOpenOption.READ)) {
                    var buffer = ByteBuffer.allocate(length);
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, offset + buffer.position()) < 0) {
                            throw new OciException(
                                    OciException.Reason.LOCAL_IO,
                                    f.path() + ": the file shrank while it was being pushed");
                        }
                    }
                    yield buffer.array();
                } catch (IOException e) {
                    throw new OciException(
                            OciException.Reason.LOCAL_IO, f.path() + ": cannot read: " + e.getMessage(), e);
                }
            }
        };
    }

    /**
     * Checks credentials against a registry the way `docker login` does (GET /v2/ answered with them,
     * or a token granted for them) without storing anything.
     */
    public void checkLogin(String registry, Credentials credentials) {
        var host = DockerConfig.normalizeHost(registry);
        var apiHost = host.equals(Reference.DOCKER_HUB) ? "registry-1.docker.io" : host;
        var transport =
                new Transport(host, apiHost, settings.insecure(), settings.timeout(), () -> Optional.of(credentials));
        var uri = transport.url("/v2/");
        try (var r = transport.send(Transport.Call.get(uri, List.of(), "login to " + host, Map.of()))) {
            if (!r.ok()) {
                throw transport.statusFailure(r, "login to " + host);
            }
        } finally {
            transport.close();
        }
    }

    /** Closes the HTTP connections this client opened. */
    @Override
    public void close() {
        transports.values().forEach(Transport::close);
        transports.clear();
    }

    /** Requests sent to a registry by this client so far (for tests and diagnostics). */
    public long requestCount(String registry) {
        var t = transports.get(registry);
        return t == null ? 0 : t.requestCount.get();
    }

    private Transport transport(Reference ref) {
        return transports.computeIfAbsent(ref.registry(), registry -> {
            Supplier<Optional<Credentials>> credentials =
                    memoize(() -> DockerConfig.load(settings.dockerConfig()).credentialsFor(registry));
            return new Transport(registry, ref.apiHost(), settings.insecure(), settings.timeout(), credentials);
        });
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;
            private boolean done;

            @Override
            public synchronized T get() {
                if (!done) {
                    value = supplier.get();
                    done = true;
                }
                return value;
            }
        };
    }

    /** The module file being pushed: checked to be wasm, hashed once. */
    private record ModuleFile(Digest digest, long size, boolean component) {
        static ModuleFile read(Path path) {
            try (InputStream in = Files.newInputStream(path)) {
                var head = in.readNBytes(8);
                if (head.length < 8 || head[0] != 0 || head[1] != 'a' || head[2] != 's' || head[3] != 'm') {
                    throw new OciException(
                            OciException.Reason.UNSUPPORTED,
                            path + ": not a wasm module (no \\0asm magic); push a .wasm file");
                }
                // core modules are version 1 (01 00 00 00); components carry version 0x0d and layer 1
                boolean component = head[4] == 0x0d && head[6] == 0x01;
                var md = Digest.newSha256();
                md.update(head);
                long size = head.length;
                var buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    size += n;
                }
                return new ModuleFile(Digest.of(md.digest()), size, component);
            } catch (NoSuchFileException e) {
                throw new OciException(
                        OciException.Reason.LOCAL_IO, path + ": no such file; give the path of a .wasm module");
            } catch (IOException e) {
                throw new OciException(OciException.Reason.LOCAL_IO, path + ": cannot read: " + e.getMessage(), e);
            }
        }
    }
}
