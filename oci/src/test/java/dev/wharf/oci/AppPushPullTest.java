package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.manifest.App;
import dev.wharf.manifest.AppLoader;
import dev.wharf.manifest.Component;
import dev.wharf.manifest.FileMount;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apps as OCI artifacts in Spin's layout, pushed to and pulled from a real docker-registry 2.8. */
class AppPushPullTest {
    @TempDir
    static Path dir;

    static RegistryProcess registry;
    static Path appDir;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")));
        appDir = TestApps.greeter(dir.resolve("greeter"));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static OciClient client(String cache) {
        return new OciClient(OciClient.Settings.defaults()
                .withCacheRoot(dir.resolve(cache))
                .withDockerConfig(dir.resolve("none.json")));
    }

    @Test
    void anAppPushedThenPulledLoadsAsTheSameApp() throws Exception {
        var original = AppLoader.load(appDir).app();
        var ref = Reference.parse(registry.host() + "/apps/greeter:1.2.0");
        AppPusher.Pushed pushed;
        try (var client = client("push-cache")) {
            pushed = AppPusher.push(client, original, ref);
        }
        assertEquals(1, pushed.wasmLayers(), "three components share one module: one layer");
        assertEquals(3, pushed.dataLayers(), "index.html, site.css, note.txt; the empty file is inlined");
        assertEquals(1 + 1 + 3, pushed.uploaded());

        var target = dir.resolve("pulled/greeter");
        AppPuller.PulledApp pulled;
        try (var client = client("pull-cache")) {
            assertTrue(client.resolve(ref).isApp());
            pulled = AppPuller.pull(client, ref, target);
        }
        assertEquals(pushed.manifestDigest(), pulled.manifestDigest());
        assertEquals(target.resolve("spin.toml"), pulled.manifest());
        assertEquals(5, pulled.blobsFetched(), "config, one wasm layer, three file layers");

        var loaded = AppLoader.load(pulled.manifest());
        assertEquals(List.of(), loaded.warnings());
        assertSameApp(original, loaded.app());
    }

    @Test
    void theArtifactIsSpinsLayout() throws Exception {
        var original = AppLoader.load(appDir).app();
        var ref = Reference.parse(registry.host() + "/apps/layout:1");
        AppPusher.Pushed pushed;
        try (var client = client("layout-cache")) {
            pushed = AppPusher.push(client, original, ref);
        }
        var json = new ObjectMapper();
        var manifest = json.readTree(registryBlob("apps/layout", "manifests/" + pushed.manifestDigest()));
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.path("mediaType").asText());
        assertEquals(
                "application/vnd.fermyon.spin.application.v1+config",
                manifest.path("config").path("mediaType").asText());
        var types = new ArrayList<String>();
        manifest.path("layers").forEach(l -> types.add(l.path("mediaType").asText()));
        assertEquals(
                List.of(
                        "application/vnd.wasm.content.layer.v1+wasm",
                        "application/vnd.wasm.content.layer.v1+data",
                        "application/vnd.wasm.content.layer.v1+data",
                        "application/vnd.wasm.content.layer.v1+data"),
                types);

        var config = json.readTree(registryBlob("apps/layout", "blobs/" + pushed.configDigest()));
        assertEquals(0, config.path("spin_lock_version").asInt(-1));
        assertEquals("greeter", config.path("metadata").path("name").asText());
        var layerDigests = new ArrayList<String>();
        manifest.path("layers").forEach(l -> layerDigests.add(l.path("digest").asText()));
        var site = component(config, "site");
        assertEquals(
                "application/wasm", site.path("source").path("content_type").asText());
        assertEquals(
                layerDigests.get(0),
                site.path("source").path("digest").asText(),
                "components name their wasm layer by digest");
        var paths = new TreeMap<String, JsonNode>();
        site.path("files").forEach(f -> paths.put(f.path("path").asText(), f));
        assertEquals(
                List.of("/empty", "/notes/note.txt", "/static/css/site.css", "/static/index.html"),
                List.copyOf(paths.keySet()));
        assertTrue(layerDigests.contains(
                paths.get("/notes/note.txt").path("digest").asText()));
        assertEquals("", paths.get("/empty").path("inline").asText("missing"));
        var trigger = config.path("triggers").get(1);
        assertEquals("assets", trigger.path("id").asText());
        assertEquals("/static/...", trigger.path("trigger_config").path("route").asText());
        assertEquals(
                "wagi",
                trigger.path("trigger_config").path("executor").path("type").asText());
        assertTrue(config.path("triggers")
                .get(2)
                .path("trigger_config")
                .path("route")
                .path("private")
                .asBoolean());
        assertEquals(
                "{{ api_key }}",
                component(config, "worker").path("config").path("token").asText());
        assertTrue(config.path("variables").path("api_key").path("secret").asBoolean());
        assertTrue(
                config.path("variables").path("api_key").path("default").isMissingNode(), "required means no default");
    }

    @Test
    void skopeoCopiesTheAppArtifactAndWharfPullsTheCopy() throws Exception {
        var original = AppLoader.load(appDir).app();
        var ref = Reference.parse(registry.host() + "/apps/source:1");
        try (var client = client("skopeo-cache")) {
            AppPusher.push(client, original, ref);
        }
        // an independent client moves it to another repository: layers and config must be exactly what they claim
        var p = new ProcessBuilder(
                        "skopeo",
                        "copy",
                        "--src-tls-verify=false",
                        "--dest-tls-verify=false",
                        "docker://" + ref,
                        "docker://" + registry.host() + "/apps/copied:1")
                .redirectErrorStream(true)
                .start();
        var out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        try (var client = client("skopeo-pull")) {
            var pulled =
                    AppPuller.pull(client, Reference.parse(registry.host() + "/apps/copied:1"), dir.resolve("copied"));
            assertSameApp(original, AppLoader.load(pulled.manifest()).app());
        }
    }

    @Test
    void pullingAgainReplacesAnEarlierPullAndComesFromTheCache() throws Exception {
        var ref = Reference.parse(registry.host() + "/apps/again:1");
        try (var client = client("again-push")) {
            AppPusher.push(client, AppLoader.load(appDir).app(), ref);
        }
        var target = dir.resolve("again");
        try (var client = client("again-pull")) {
            AppPuller.pull(client, ref, target);
            Files.writeString(target.resolve("files/site/static/index.html"), "edited locally");
            var second = AppPuller.pull(client, ref, target);
            assertEquals(0, second.blobsFetched());
            assertEquals(
                    "<h1>greeter</h1>\n",
                    Files.readString(target.resolve("files/site/static/index.html")),
                    "the pull restores the artifact's file; the cache was not changed by the edit");
        }
    }

    @Test
    void aPullNeverOverwritesADirectoryThatIsNotAnEarlierPull() throws Exception {
        var ref = Reference.parse(registry.host() + "/apps/guard:1");
        try (var client = client("guard")) {
            AppPusher.push(client, AppLoader.load(appDir).app(), ref);
            var mine = Files.createDirectories(dir.resolve("mine"));
            Files.writeString(mine.resolve("notes.txt"), "keep me");
            var e = assertThrows(OciException.class, () -> AppPuller.pull(client, ref, mine));
            assertEquals(OciException.Reason.LOCAL_IO, e.reason());
            assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
            assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
            try (var listing = Files.list(dir)) {
                assertFalse(
                        listing.anyMatch(f -> f.getFileName().toString().startsWith(".mine.pull-")),
                        "no staging left behind");
            }
        }
    }

    @Test
    void aModuleArtifactIsNotAnApp() throws Exception {
        var ref = Reference.parse(registry.host() + "/apps/module:1");
        try (var client = client("module")) {
            client.push(appDir.resolve("hello.wasm"), ref, MediaTypes.WASM_LAYER);
            assertFalse(client.resolve(ref).isApp());
            var e = assertThrows(OciException.class, () -> AppPuller.pull(client, ref, dir.resolve("module-app")));
            assertEquals(OciException.Reason.UNSUPPORTED, e.reason());
            assertTrue(e.getMessage().contains("is not an app artifact"), e.getMessage());
        }
    }

    @Test
    void anUnreachableRegistryIsOneLine() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var ref = Reference.parse("127.0.0.1:" + port + "/apps/nowhere:1");
        try (var client = new OciClient(OciClient.Settings.defaults()
                .withCacheRoot(dir.resolve("nowhere"))
                .withDockerConfig(dir.resolve("none.json"))
                .withTimeout(Duration.ofSeconds(5)))) {
            var e = assertThrows(
                    OciException.class,
                    () -> AppPusher.push(client, AppLoader.load(appDir).app(), ref));
            assertEquals(OciException.Reason.UNREACHABLE, e.reason());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }

    private static JsonNode component(JsonNode config, String id) {
        for (var c : config.path("components")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no component " + id + " in " + config);
    }

    private static byte[] registryBlob(String repository, String path) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/" + repository + "/" + path))
                            .header("Accept", MediaTypes.OCI_MANIFEST)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), path);
            return response.body();
        }
    }

    /** Everything the app model says, with files compared by content and guest path rather than host path. */
    static void assertSameApp(App expected, App actual) throws IOException {
        assertEquals(expected.info(), actual.info());
        assertEquals(expected.variables(), actual.variables());
        assertEquals(expected.httpTriggers(), actual.httpTriggers());
        assertEquals(
                expected.components().keySet().stream().toList(),
                actual.components().keySet().stream().toList());
        for (var id : expected.components().keySet()) {
            Component e = expected.components().get(id);
            Component a = actual.components().get(id);
            assertArrayEquals(Files.readAllBytes(e.sourcePath()), Files.readAllBytes(a.sourcePath()), id + " wasm");
            assertEquals(e.environment(), a.environment(), id);
            assertEquals(e.allowedOutboundHosts(), a.allowedOutboundHosts(), id);
            assertEquals(e.keyValueStores(), a.keyValueStores(), id);
            assertEquals(e.variableTemplates(), a.variableTemplates(), id);
            assertEquals(files(e.files()), files(a.files()), id + " files");
        }
    }

    private static Map<String, String> files(List<FileMount> mounts) throws IOException {
        var out = new TreeMap<String, String>();
        for (var m : mounts) {
            out.put(m.guestPath(), Files.readString(m.hostPath()));
        }
        return out;
    }
}
