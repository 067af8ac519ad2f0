package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull against a real docker-registry 2.8 process. */
class PushPullTest {
    @TempDir
    static Path dir;

    static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static OciClient client(Path cache) {
        return new OciClient(OciClient.Settings.defaults()
                .withCacheRoot(cache)
                .withDockerConfig(dir.resolve("no-docker-config.json")));
    }

    @Test
    void pushThenPullReturnsTheSameBytesAndASecondPullFetchesNoBlob() throws Exception {
        var wasm = TestFixtures.wasm("hello");
        var ref = Reference.parse(registry.host() + "/wharf/hello:v1");

        var pushed = client(dir.resolve("push-cache")).push(wasm, ref, MediaTypes.WASM_LAYER);
        assertEquals(Digest.sha256(Files.readAllBytes(wasm)), pushed.layerDigest());
        assertEquals(2, pushed.uploaded(), "config and layer uploaded");

        var cache = dir.resolve("pull-cache");
        var first = client(cache).pull(ref);
        assertEquals(pushed.manifestDigest(), first.manifestDigest());
        assertEquals(pushed.layerDigest(), first.layerDigest());
        assertArrayEquals(Files.readAllBytes(wasm), Files.readAllBytes(first.wasm()));
        assertEquals(cache.resolve("blobs/sha256/" + pushed.layerDigest().hex()), first.wasm());
        assertEquals(1, first.blobsFetched());
        assertEquals("hello.wasm", first.title());
        var layerGets = "/v2/wharf/hello/blobs/" + pushed.layerDigest();
        assertEquals(1, registry.requests("GET", layerGets).size(), registry.log());

        // a new client on the same cache: the registry sees a HEAD of the manifest, no GET, no blob request
        var second = client(cache).pull(ref);
        assertEquals(0, second.blobsFetched());
        assertEquals(first.wasm(), second.wasm());
        assertEquals(1, registry.requests("GET", layerGets).size(), "the second pull fetched the layer again");
        assertEquals(
                List.of(200),
                registry.requests("GET", "/v2/wharf/hello/manifests/v1"),
                "the manifest is fetched once, then only HEADed");
        assertEquals(
                List.of(200),
                registry.requests("HEAD", "/v2/wharf/hello/manifests/v1"),
                "the first pull had nothing cached to confirm, so it sent no HEAD");
        assertEquals(pushed.manifestDigest(), client(cache).resolve(ref).digest());

        // by digest and cached: no request at all
        var pinned = client(cache);
        var third = pinned.pull(ref.withDigest(pushed.manifestDigest()));
        assertEquals(0, third.blobsFetched());
        assertEquals(0, pinned.requestCount(registry.host()), "a cached pull by digest needs no registry");
        assertEquals(
                first.wasm(),
                pinned.pull(Reference.parse(registry.host() + "/wharf/hello@" + pushed.manifestDigest()))
                        .wasm());
    }

    @Test
    void theManifestIsTheCncfWasmArtifactLayout() throws Exception {
        var wasm = TestFixtures.wasm("reactor_calc");
        var ref = Reference.parse(registry.host() + "/wharf/layout:1");
        var pushed = client(dir.resolve("layout-cache")).push(wasm, ref, MediaTypes.WASM_LAYER);
        // read what the registry stored, with our own client's cache as the witness of the exact bytes
        var cache = dir.resolve("layout-pull");
        client(cache).pull(ref);
        var json = new ObjectMapper();
        var manifest = json.readTree(Files.readAllBytes(
                cache.resolve("blobs/sha256/" + pushed.manifestDigest().hex())));
        assertEquals(2, manifest.path("schemaVersion").asInt());
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.path("mediaType").asText());
        assertEquals(MediaTypes.WASM_CONFIG, manifest.path("artifactType").asText());
        assertEquals(
                MediaTypes.WASM_CONFIG,
                manifest.path("config").path("mediaType").asText());
        assertEquals(1, manifest.path("layers").size());
        assertEquals(
                MediaTypes.WASM_LAYER,
                manifest.path("layers").get(0).path("mediaType").asText());
        assertEquals(
                Files.size(wasm), manifest.path("layers").get(0).path("size").asLong());

        var configDigest = Digest.parse(manifest.path("config").path("digest").asText());
        var configPath = dir.resolve("config.json");
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://" + registry.host() + "/v2/wharf/layout/blobs/" + configDigest))
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(configPath));
            assertEquals(200, response.statusCode());
        }
        assertEquals(configDigest, Digest.sha256(Files.readAllBytes(configPath)));
        var config = json.readTree(configPath.toFile());
        assertEquals("wasm", config.path("architecture").asText());
        assertEquals("wasip1", config.path("os").asText());
        assertEquals(
                pushed.layerDigest().toString(),
                config.path("layerDigests").get(0).asText());
        assertTrue(
                config.path("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                config.toString());
    }

    @Test
    void largeBlobsGoUpInPatchChunksAndComeBackIntact() throws Exception {
        var wasm = TestFixtures.wasm("hello_rust");
        long size = Files.size(wasm);
        int chunk = 16 * 1024;
        var ref = Reference.parse(registry.host() + "/wharf/chunked:v1");
        var pusher = new OciClient(OciClient.Settings.defaults()
                .withCacheRoot(dir.resolve("chunk-push"))
                .withDockerConfig(dir.resolve("none.json"))
                .withChunkSize(chunk));
        var pushed = pusher.push(wasm, ref, MediaTypes.RUNWASI_LAYER);
        long expectedPatches = (size + chunk - 1) / chunk;
        var patches = registry.requests("PATCH", "/v2/wharf/chunked/blobs/uploads/[^ ]+");
        assertEquals(expectedPatches, patches.size(), registry.log());
        assertTrue(patches.stream().allMatch(status -> status == 202), patches.toString());

        var pulled = client(dir.resolve("chunk-pull")).pull(ref);
        assertEquals(MediaTypes.RUNWASI_LAYER, pulled.layerMediaType());
        assertEquals(pushed.layerDigest(), pulled.layerDigest());
        assertArrayEquals(Files.readAllBytes(wasm), Files.readAllBytes(pulled.wasm()));
    }

    @Test
    void aBlobKnownInAnotherRepositoryIsMountedNotUploaded() throws Exception {
        var wasm = TestFixtures.wasm("exit_code");
        var cache = dir.resolve("mount-cache");
        var first =
                client(cache).push(wasm, Reference.parse(registry.host() + "/team-a/tool:1"), MediaTypes.WASM_LAYER);
        var second =
                client(cache).push(wasm, Reference.parse(registry.host() + "/team-b/tool:1"), MediaTypes.WASM_LAYER);
        assertTrue(second.mounted() >= 1, second.toString());
        var mounts = registry.requests(
                "POST",
                "/v2/team-b/tool/blobs/uploads/\\?mount="
                        + first.layerDigest().toString().replace(":", "(:|%3A)") + "&from=team-a(/|%2F)tool");
        assertEquals(1, mounts.size(), registry.log());
        assertEquals(201, mounts.get(0), registry.log());
        assertEquals(
                0,
                registry.requests(
                                "PUT",
                                "/v2/team-b/tool/blobs/uploads/[^ ]*digest="
                                        + first.layerDigest().toString().replace(":", "(:|%3A)"))
                        .size());

        var pulled = client(dir.resolve("mount-pull")).pull(Reference.parse(registry.host() + "/team-b/tool:1"));
        assertArrayEquals(Files.readAllBytes(wasm), Files.readAllBytes(pulled.wasm()));

        // pushing the same thing again: the registry has every blob, nothing is sent
        var third =
                client(cache).push(wasm, Reference.parse(registry.host() + "/team-b/tool:2"), MediaTypes.WASM_LAYER);
        assertTrue(third.skipped() >= 1, third.toString());
        assertEquals(0, third.mounted(), third.toString());
        assertEquals(
                0,
                registry.requests(
                                "PUT",
                                "/v2/team-b/tool/blobs/uploads/[^ ]*digest="
                                        + first.layerDigest().toString().replace(":", "(:|%3A)"))
                        .size());
    }
}
