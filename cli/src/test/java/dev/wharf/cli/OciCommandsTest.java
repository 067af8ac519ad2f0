package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.oci.Digest;
import dev.wharf.oci.Loopless;
import dev.wharf.oci.LyingServer;
import dev.wharf.oci.RegistryProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `wharf push`, `wharf pull` and `wharf registry login|logout` against a real docker-registry process. */
class OciCommandsTest {
    @TempDir
    static Path shared;

    static RegistryProcess registry;
    static String helloRef;
    static Digest helloLayer;

    @TempDir
    Path dir;

    private String previousCache;
    private String previousDockerConfig;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start(Files.createDirectories(shared.resolve("registry")));
        helloRef = registry.host() + "/cli/hello:1";
        helloLayer = Digest.sha256(Files.readAllBytes(WharfCli.fixture("hello")));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void isolate() {
        previousCache = System.getProperty("wharf.cache.dir");
        previousDockerConfig = System.getProperty("wharf.docker.config");
        System.setProperty("wharf.cache.dir", dir.resolve("cache").toString());
        System.setProperty(
                "wharf.docker.config", dir.resolve("docker/config.json").toString());
    }

    @AfterEach
    void restore() {
        restore("wharf.cache.dir", previousCache);
        restore("wharf.docker.config", previousDockerConfig);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private void pushHello() {
        var push = WharfCli.run("push", WharfCli.fixture("hello").toString(), helloRef);
        assertEquals(0, push.exit(), push.err());
    }

    @Test
    void pushThenPullPrintsTheDigestAndASecondPullComesFromTheCache() throws Exception {
        var wasm = WharfCli.fixture("hello");
        var push = WharfCli.run("push", wasm.toString(), registry.host() + "/cli/round:1");
        assertEquals(0, push.exit(), push.err());
        var digest = push.out().strip();
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), push.out());
        assertTrue(
                push.err().contains("pushed hello.wasm to " + registry.host() + "/cli/round:1@" + digest), push.err());

        var out = dir.resolve("out/module.wasm");
        Files.createDirectories(out.getParent());
        var pull = WharfCli.run("pull", registry.host() + "/cli/round:1", "-o", out.toString());
        assertEquals(0, pull.exit(), pull.err());
        assertEquals(digest, pull.out().strip());
        assertArrayEquals(Files.readAllBytes(wasm), Files.readAllBytes(out));
        assertTrue(
                Files.exists(dir.resolve("cache/oci/blobs/sha256/" + helloLayer.hex())),
                "the layer is in WHARF_CACHE_DIR/oci");

        var again = WharfCli.run(
                "pull",
                registry.host() + "/cli/round:1",
                "-o",
                dir.resolve("out").toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("from the cache"), again.err());
        assertArrayEquals(
                Files.readAllBytes(wasm),
                Files.readAllBytes(dir.resolve("out/hello.wasm")),
                "-o DIR uses the layer's title");
        assertEquals(
                List.of(200),
                registry.requests("GET", "/v2/cli/round/blobs/" + helloLayer),
                "the layer was fetched once");

        var runwasi = WharfCli.run(
                "push",
                wasm.toString(),
                registry.host() + "/cli/runwasi:1",
                "--layer-media-type",
                "application/vnd.wasm.content.layer.v1+wasm");
        assertEquals(0, runwasi.exit(), runwasi.err());
        var badType = WharfCli.run(
                "push", wasm.toString(), registry.host() + "/cli/runwasi:2", "--layer-media-type", "text/plain");
        assertEquals(1, badType.exit());
        assertTrue(badType.singleErrorLine().contains("text/plain is not a wasm layer type"), badType.err());
    }

    @Test
    void loginChecksTheCredentialsSavesThemAndLogoutForgetsThem() throws Exception {
        try (var secured = RegistryProcess.startWithHtpasswd(
                Files.createDirectories(dir.resolve("secured")), "carol", "pa55word")) {
            var ref = secured.host() + "/team/hello:1";
            var config = dir.resolve("docker/config.json");
            var wasm = WharfCli.fixture("hello").toString();

            var anonymous = WharfCli.run("push", wasm, ref);
            assertEquals(1, anonymous.exit());
            assertTrue(anonymous.singleErrorLine().contains("requires authentication"), anonymous.err());
            assertTrue(anonymous.err().contains("wharf registry login " + secured.host()), anonymous.err());

            var wrong = WharfCli.runWithStdin(
                    "nope\n".getBytes(StandardCharsets.UTF_8),
                    "registry",
                    "login",
                    secured.host(),
                    "-u",
                    "carol",
                    "--password-stdin");
            assertEquals(1, wrong.exit());
            assertTrue(wrong.singleErrorLine().contains("rejected the credentials"), wrong.err());
            assertFalse(Files.exists(config), "a failed login saved something");

            var login = WharfCli.runWithStdin(
                    "pa55word\n".getBytes(StandardCharsets.UTF_8),
                    "registry",
                    "login",
                    secured.host(),
                    "-u",
                    "carol",
                    "--password-stdin");
            assertEquals(0, login.exit(), login.err());
            assertTrue(login.out().contains("logged in to " + secured.host()), login.out());
            assertTrue(
                    Files.readString(config).contains("\"auth\" : \"Y2Fyb2w6cGE1NXdvcmQ=\""), Files.readString(config));

            assertEquals(0, WharfCli.run("push", wasm, ref).exit());
            var pull = WharfCli.run("pull", ref);
            assertEquals(0, pull.exit(), pull.err());

            var logout = WharfCli.run("registry", "logout", "https://" + secured.host() + "/");
            assertEquals(0, logout.exit(), logout.err());
            assertTrue(logout.out().contains("logged out of " + secured.host()), logout.out());
            assertFalse(Files.readString(config).contains(secured.host()));
            assertTrue(WharfCli.run("registry", "logout", secured.host()).out().contains("not logged in"));

            var afterLogout = WharfCli.run("pull", secured.host() + "/team/hello:1");
            assertEquals(1, afterLogout.exit());
            assertTrue(afterLogout.singleErrorLine().contains("requires authentication"), afterLogout.err());

            var noPassword = WharfCli.run("registry", "login", secured.host(), "-u", "carol");
            assertEquals(2, noPassword.exit());
            assertTrue(noPassword.singleErrorLine().contains("--password-stdin"), noPassword.err());
        }
    }

    /** The bad-case contract: exit 1 (2 for usage), one line, nothing at -o, nothing partial in the cache. */
    private WharfCli refusedPull(String reference, int exit, String... lineHas) throws IOException {
        var out = dir.resolve("refused/out.wasm");
        Files.createDirectories(out.getParent());
        var result = WharfCli.run("pull", reference, "-o", out.toString());
        assertEquals(exit, result.exit(), result.err());
        var line = result.singleErrorLine();
        assertTrue(line.startsWith("wharf: error: "), line);
        for (var part : lineHas) {
            assertTrue(line.contains(part), "'" + part + "' missing from: " + line);
        }
        assertEquals("", result.out(), "no digest printed for a failed pull");
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertEquals(List.of(), left.toList(), "something was left at -o");
        }
        var cache = dir.resolve("cache");
        assertFalse(Files.exists(cache.resolve("oci/blobs/sha256/" + helloLayer.hex())), "the module was cached");
        if (Files.exists(cache)) {
            try (Stream<Path> files = Files.walk(cache)) {
                assertEquals(
                        List.of(),
                        files.filter(p -> p.toString().endsWith(".tmp")).toList());
            }
        }
        return result;
    }

    @Test
    void badPullsSayOneLineAndLeaveNothingBehind() throws Exception {
        pushHello();
        refusedPull(registry.host() + "/cli/hello:nope", 1, "no manifest nope", "check the tag");
        refusedPull(registry.host() + "/cli/Hello:1", 2, "invalid reference", "lowercase");

        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        refusedPull(
                "127.0.0.1:" + closed + "/cli/hello:1",
                1,
                "cannot connect to 127.0.0.1:" + closed,
                "connection refused");

        try (var liar = LyingServer.proxy(registry.host(), answer -> {
            if (answer.method().equals("GET") && answer.pathAndQuery().endsWith("/blobs/" + helloLayer)) {
                var bytes = answer.body().clone();
                bytes[100] ^= 0x20;
                return answer.withBody(bytes);
            }
            return answer;
        })) {
            refusedPull(liar.host() + "/cli/hello:1", 1, "does not match its digest", "refused");
        }

        var unknownType = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.other+json\"}"
                .getBytes(StandardCharsets.UTF_8);
        try (var liar = LyingServer.proxy(
                registry.host(),
                answer -> answer.pathAndQuery().contains("/manifests/")
                        ? answer.withStatus(
                                200, Map.of("Content-Type", List.of("application/vnd.example.other+json")), unknownType)
                        : answer)) {
            refusedPull(
                    liar.host() + "/cli/hello:1",
                    1,
                    "unexpected manifest media type application/vnd.example.other+json");
        }
    }

    @Test
    void plainHttpToANonLoopbackHostNeedsInsecure() throws Exception {
        pushHello();
        var address = Loopless.localNonLoopbackAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        try (var witness = Loopless.listen(address.get());
                var liar = LyingServer.proxy(
                        registry.host(),
                        answer -> answer.method().equals("GET")
                                        && answer.pathAndQuery().contains("/blobs/")
                                ? answer.withStatus(
                                        302,
                                        Map.of("Location", List.of("http://" + witness.host() + "/blob")),
                                        new byte[0])
                                : answer)) {
            refusedPull(liar.host() + "/cli/hello:1", 1, "refusing plain HTTP to " + witness.host(), "--insecure");
            assertEquals(0, witness.connections(), "traffic reached the non-loopback host");
        }
    }

    @Test
    void pushingSomethingThatIsNotWasmIsRefused() throws Exception {
        var text = dir.resolve("notes.wasm");
        Files.writeString(text, "not a module");
        var result = WharfCli.run("push", text.toString(), registry.host() + "/cli/notes:1");
        assertEquals(1, result.exit());
        assertTrue(result.singleErrorLine().contains(text + ": not a wasm module"), result.err());
        var missing = WharfCli.run("push", dir.resolve("absent.wasm").toString(), registry.host() + "/cli/notes:1");
        assertEquals(1, missing.exit());
        assertTrue(missing.singleErrorLine().contains("no such file"), missing.err());
        assertEquals(List.of(), registry.requests("[A-Z]+", "/v2/cli/notes/[^ ]*"), "nothing reached the registry");
    }
}
