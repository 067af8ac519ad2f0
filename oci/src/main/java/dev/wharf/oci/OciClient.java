package dev.wharf.oci;

import dev.wharf.files.CacheRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wasm modules and apps in OCI registries: the artifact rules above the distribution API ({@link Registry}).
 * A reference resolves to one verified manifest ({@link #resolve}); a module artifact is the CNCF layout (a wasm
 * config and one wasm layer, or the runwasi layer type), an app is Spin's ({@link AppPuller}, {@link AppPusher}).
 * Everything pulled goes through the verified content-addressed cache, and nothing is asked twice: a manifest the
 * cache holds costs at most a HEAD, a cached blob nothing.
 *
 * <p>Written on {@code java.net.http.HttpClient} rather than a library: the Java OCI clients on Maven Central
 * either sit inside a container-image builder whose registry client is internal API (jib-core) or are young,
 * pre-1.0 SDKs with their own HTTP and JSON stacks (oras-java). What Wharf needs is narrow but must be exact where
 * they differ: digest checks while streaming into our own cache, registry 2.8's quirks, refusing plain HTTP
 * before any byte is sent.
 */
public final class OciClient implements AutoCloseable {
    /** The most a single blob may weigh: a descriptor cannot make us fill the disk. */
    static final long MAX_LAYER_BYTES = 1L << 30;

    /**
     * What a client is allowed and where it keeps things.
     *
     * @param insecure allow plain HTTP to hosts other than loopback
     * @param credentials the logins for registries (docker's config.json and its credential helpers)
     * @param cacheRoot the OCI cache directory (blobs go to {@code cacheRoot/blobs/sha256})
     * @param timeout connect timeout, wait for answers, and longest silence inside a body
     * @param chunkSize blobs above this are uploaded in PATCH chunks of this size
     * @param progress draws progress (the CLI's terminal bars), or {@link Progress.Factory#NONE}
     */
    public record Settings(
            boolean insecure,
            CredentialResolver credentials,
            Path cacheRoot,
            Duration timeout,
            long chunkSize,
            Progress.Factory progress) {
        public static final long DEFAULT_CHUNK = 8L << 20;

        /** Docker's logins, `WHARF_CACHE_DIR`/XDG/`~/.cache/wharf` + `/oci`, 60 s, 8 MiB chunks, no progress. */
        public static Settings defaults() {
            return new Settings(
                    false,
                    CredentialResolver.defaults(),
                    defaultCacheRoot(),
                    Duration.ofSeconds(60),
                    DEFAULT_CHUNK,
                    Progress.Factory.NONE);
        }

        public Settings withInsecure(boolean value) {
            return new Settings(value, credentials, cacheRoot, timeout, chunkSize, progress);
        }

        public Settings withCredentials(CredentialResolver value) {
            return new Settings(insecure, value, cacheRoot, timeout, chunkSize, progress);
        }

        /** Logins from this docker config file (its helpers looked for on PATH). */
        public Settings withDockerConfig(Path value) {
            return withCredentials(CredentialResolver.fromDockerConfig(value));
        }

        public Settings withCacheRoot(Path value) {
            return new Settings(insecure, credentials, value, timeout, chunkSize, progress);
        }

        public Settings withTimeout(Duration value) {
            return new Settings(insecure, credentials, cacheRoot, value, chunkSize, progress);
        }

        public Settings withChunkSize(long value) {
            return new Settings(insecure, credentials, cacheRoot, timeout, value, progress);
        }

        public Settings withProgress(Progress.Factory value) {
            return new Settings(insecure, credentials, cacheRoot, timeout, chunkSize, value);
        }

        /** The `oci/` of Wharf's cache root ({@link CacheRoot}): where OCI blobs live. */
        public static Path defaultCacheRoot() {
            return CacheRoot.resolve().resolve("oci");
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
    private final Map<String, Registry> registries = new ConcurrentHashMap<>();

    public OciClient(Settings settings) {
        this.settings = settings;
        this.cache = new BlobCache(settings.cacheRoot());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The manifest a reference names, verified and cached: by digest from the cache when it holds it (no request),
     * by tag with a HEAD when the cache holds what the tag named last time, else with one GET. An index is followed
     * to its wasm entry.
     */
    public Artifact resolve(Reference ref) {
        var registry = registry(ref);
        var what = "manifest " + ref;
        var top = manifest(registry, ref.repository(), ref.digest(), ref.tag(), what);
        return switch (ManifestDocument.parse(top.bytes(), top.contentType(), what)) {
            case ManifestDocument.ImageManifest m -> new Artifact(ref, top.digest(), m);
            case ManifestDocument.ImageIndex index -> {
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
                var childWhat = "manifest " + ref.registry() + "/" + ref.repository() + "@" + entry.digest();
                var child = manifest(registry, ref.repository(), entry.digest(), null, childWhat);
                if (!(ManifestDocument.parse(child.bytes(), child.contentType(), childWhat)
                        instanceof ManifestDocument.ImageManifest m)) {
                    throw new OciException(
                            OciException.Reason.UNSUPPORTED, childWhat + ": an index inside an index is not supported");
                }
                yield new Artifact(ref, top.digest(), m);
            }
        };
    }

    /** One manifest, from the cache when it holds the one wanted, else with one request. */
    private Registry.Manifest manifest(Registry registry, String repository, Digest digest, String tag, String what) {
        if (digest != null) {
            // content-addressed and verified when stored: a digest the cache holds needs no network
            var cached = cache.read(digest, ManifestDocument.MAX_BYTES);
            if (cached.isPresent()) {
                return new Registry.Manifest(digest, null, cached.get());
            }
            var fetched = registry.getManifest(repository, digest.toString(), digest, what);
            cache.store(fetched.digest(), fetched.bytes(), what);
            return fetched;
        }
        if (cache.lastDigestOf(registry.host(), repository, tag).isPresent()) {
            // the tag named a manifest we hold: a HEAD says whether it still does, and saves the GET when so
            var head = registry.headManifest(repository, tag, what);
            if (head.isPresent()) {
                var cached = cache.read(head.get().digest(), ManifestDocument.MAX_BYTES);
                if (cached.isPresent()) {
                    cache.rememberTag(
                            registry.host(), repository, tag, head.get().digest());
                    return new Registry.Manifest(head.get().digest(), head.get().contentType(), cached.get());
                }
            }
        }
        var fetched = registry.getManifest(repository, tag, null, what);
        cache.store(fetched.digest(), fetched.bytes(), what);
        cache.rememberTag(registry.host(), repository, tag, fetched.digest());
        return fetched;
    }

    /** Pulls a wasm module artifact (manifest, then its one wasm layer), verifying each against its digest. */
    public Pulled pull(Reference ref) {
        return pull(resolve(ref));
    }

    /** Pulls the one wasm layer of a resolved module artifact. */
    public Pulled pull(Artifact artifact) {
        var ref = artifact.requested();
        var manifest = artifact.manifest();
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
        var blob = fetchBlob(ref, layer, "wasm layer " + layer.digest().shortHex());
        checkWasmMagic(blob.path(), ref);
        return new Pulled(
                artifact.reference(),
                artifact.digest(),
                layer.digest(),
                layer.mediaType(),
                layer.size(),
                blob.path(),
                layer.title(),
                blob.downloaded() ? 1 : 0,
                blob.downloaded() ? layer.size() : 0);
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
        Path path;
        if (cached.isPresent()) {
            path = cached.get();
        } else {
            try (var progress = settings.progress().start(what, blob.size());
                    var in = registry(ref)
                            .openBlob(ref.repository(), blob.digest(), blob.size(), what + " of " + ref, progress)) {
                path = cache.store(in);
            }
        }
        cache.rememberSource(blob.digest(), ref.registry(), ref.repository());
        return new FetchedBlob(path, cached.isEmpty());
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

    /** One blob of an artifact: what the manifest says about it, where its bytes are, and a label. */
    record Blob(Descriptor descriptor, BlobSource source, String what) {}

    /** What {@link #pushArtifact} did: blobs uploaded, mounted from another repository, or already there. */
    record ArtifactPushed(Reference reference, Digest manifestDigest, int uploaded, int mounted, int skipped) {}

    /**
     * Pushes any artifact: each blob (skipped when the registry has it, mounted when a sibling repository the
     * cache knows of does, else uploaded), then the manifest naming them, under the reference's tag.
     */
    ArtifactPushed pushArtifact(Reference ref, List<Blob> blobs, byte[] manifestBytes) {
        var manifestDigest = Digest.sha256(manifestBytes);
        if (ref.digest() != null && !ref.digest().equals(manifestDigest)) {
            throw new OciException(
                    OciException.Reason.BAD_REFERENCE,
                    "cannot push to " + ref + ": the manifest's digest is " + manifestDigest
                            + "; push to a tag instead");
        }
        var registry = registry(ref);
        int uploaded = 0;
        int mounted = 0;
        int skipped = 0;
        for (var blob : blobs) {
            var digest = blob.descriptor().digest();
            var outcome = registry.pushBlob(
                    ref.repository(),
                    blob.descriptor(),
                    blob.source(),
                    mountCandidates(ref, digest),
                    settings.progress(),
                    blob.what());
            switch (outcome) {
                case UPLOADED -> uploaded++;
                case MOUNTED -> mounted++;
                case SKIPPED -> skipped++;
            }
            cache.rememberSource(digest, ref.registry(), ref.repository());
        }
        registry.putManifest(
                ref.repository(), ref.tagOrDigest(), MediaTypes.OCI_MANIFEST, manifestBytes, "manifest " + ref);
        return new ArtifactPushed(ref.withDigest(manifestDigest), manifestDigest, uploaded, mounted, skipped);
    }

    /** Other repositories of the same registry the cache has seen this blob in: mount sources. */
    private List<String> mountCandidates(Reference ref, Digest digest) {
        var prefix = ref.registry() + "/";
        return cache.knownSources(digest).stream()
                .filter(s -> s.startsWith(prefix))
                .map(s -> s.substring(prefix.length()))
                .filter(repository -> !repository.equals(ref.repository()))
                .limit(3)
                .toList();
    }

    /** `SOURCE_DATE_EPOCH` (reproducible builds) when set, else now. */
    static Instant createdTime() {
        var epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("[0-9]{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(epoch));
        }
        return Instant.now();
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
        try (var checked = new Registry(transport, settings.chunkSize())) {
            checked.checkCredentials();
        }
    }

    /** Closes the HTTP connections this client opened. */
    @Override
    public void close() {
        registries.values().forEach(Registry::close);
        registries.clear();
    }

    /** Requests sent to a registry by this client so far (for tests and diagnostics). */
    public long requestCount(String registry) {
        var r = registries.get(registry);
        return r == null ? 0 : r.requestCount();
    }

    private Registry registry(Reference ref) {
        return registries.computeIfAbsent(ref.registry(), host -> {
            var transport = new Transport(
                    host,
                    ref.apiHost(),
                    settings.insecure(),
                    settings.timeout(),
                    () -> settings.credentials().forRegistry(host));
            return new Registry(transport, settings.chunkSize());
        });
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
