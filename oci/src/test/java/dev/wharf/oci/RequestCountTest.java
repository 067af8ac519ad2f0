package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.manifest.AppLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every manifest and blob is asked for once: each pull and push below goes through an honest loopback proxy in
 * front of a real docker-registry, which records the exact requests, and the test compares the whole list.
 */
class RequestCountTest {
    @TempDir
    static Path dir;

    static RegistryProcess registry;
    static LyingServer proxy;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")));
        proxy = LyingServer.proxy(registry.host(), honest -> honest);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        registry.close();
    }

    private static OciClient client(String cache) {
        return new OciClient(OciClient.Settings.defaults()
                .withCacheRoot(dir.resolve(cache))
                .withDockerConfig(dir.resolve("none.json")));
    }

    /** The requests {@code action} made, as `METHOD /path` with upload ids and queries cut off. */
    private static List<String> requestsOf(Runnable action) {
        int before = proxy.requests().size();
        action.run();
        var out = new ArrayList<String>();
        for (var r : proxy.requests().subList(before, proxy.requests().size())) {
            out.add(r.replaceAll("/uploads/[^?]+", "/uploads/ID").replaceAll("\\?.*", ""));
        }
        return out;
    }

    @Test
    void aModuleIsPushedAndPulledWithOneRequestPerManifestAndBlob() throws Exception {
        var wasm = TestFixtures.wasm("hello");
        var ref = Reference.parse(proxy.host() + "/count/hello:1");
        var pushedBox = new OciClient.Pushed[1];
        var push = requestsOf(() -> {
            try (var client = client("push")) {
                pushedBox[0] = client.push(wasm, ref, MediaTypes.WASM_LAYER);
            }
        });
        var pushed = pushedBox[0];
        var layer = "/v2/count/hello/blobs/" + pushed.layerDigest();
        var cold = requestsOf(() -> {
            try (var client = client("pull")) {
                client.pull(ref);
            }
        });
        assertEquals(List.of("GET /v2/", "GET /v2/count/hello/manifests/1", "GET " + layer), cold, "cold pull");

        var warm = requestsOf(() -> {
            try (var client = client("pull")) {
                client.pull(ref);
            }
        });
        assertEquals(
                List.of("GET /v2/", "HEAD /v2/count/hello/manifests/1"),
                warm,
                "a pull the cache can serve asks only whether the tag still names the same manifest");

        var pinned = requestsOf(() -> {
            try (var client = client("pull")) {
                client.pull(ref.withDigest(pushed.manifestDigest()));
            }
        });
        assertEquals(List.of(), pinned, "a cached pull by digest needs no registry");

        var manifest = new ObjectMapper()
                .readTree(dir.resolve(
                                "pull/blobs/sha256/" + pushed.manifestDigest().hex())
                        .toFile());
        var config = "/v2/count/hello/blobs/"
                + manifest.path("config").path("digest").asText();
        assertEquals(
                List.of(
                        "GET /v2/",
                        "HEAD " + config,
                        "POST /v2/count/hello/blobs/uploads/",
                        "PUT /v2/count/hello/blobs/uploads/ID",
                        "HEAD " + layer,
                        "POST /v2/count/hello/blobs/uploads/",
                        "PUT /v2/count/hello/blobs/uploads/ID",
                        "PUT /v2/count/hello/manifests/1"),
                push,
                "each blob: is it there, start an upload, send it; then the manifest");
    }

    @Test
    void resolvingThenPullingAnAppFetchesItsManifestOnceAndEachBlobOnce() throws Exception {
        var app = AppLoader.load(TestApps.greeter(dir.resolve("greeter"))).app();
        var ref = Reference.parse(proxy.host() + "/count/greeter:1");
        AppPusher.Pushed pushed;
        try (var client = client("app-push")) {
            pushed = AppPusher.push(client, app, ref);
        }
        // what `wharf pull REF -o DIR` does: resolve once, see that it is an app, pull it
        var pull = requestsOf(() -> {
            try (var client = client("app-pull")) {
                var artifact = client.resolve(ref);
                assertTrue(artifact.isApp());
                AppPuller.pull(client, artifact, dir.resolve("pulled-greeter"));
            }
        });
        assertEquals(List.of("GET /v2/", "GET /v2/count/greeter/manifests/1"), pull.subList(0, 2), pull.toString());
        var blobs = pull.subList(2, pull.size());
        assertEquals(1 + 1 + 3, blobs.size(), "config, one wasm layer, three file layers: " + pull);
        assertEquals(blobs.size(), blobs.stream().distinct().count(), "a blob was fetched twice: " + pull);
        assertTrue(blobs.stream().allMatch(b -> b.startsWith("GET /v2/count/greeter/blobs/sha256:")), pull.toString());
        assertTrue(blobs.contains("GET /v2/count/greeter/blobs/" + pushed.configDigest()), pull.toString());
    }
}
