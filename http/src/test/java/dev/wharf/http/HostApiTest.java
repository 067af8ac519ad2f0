package dev.wharf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Wharf host API from real C and Rust guests: key-value stores, variables, log lines, outbound HTTP. */
class HostApiTest {
    @TempDir
    Path dir;

    HttpServer upstream;
    final AtomicInteger upstreamHits = new AtomicInteger();
    final AtomicReference<String> upstreamSawHeader = new AtomicReference<>();

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/data", exchange -> {
            upstreamHits.incrementAndGet();
            upstreamSawHeader.set(exchange.getRequestHeaders().getFirst("X-From"));
            byte[] body = "upstream says hi".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Upstream", "yes");
            exchange.sendResponseHeaders(203, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    private String kvManifest() {
        return TestApp.header("""
                [[trigger.http]]
                route = "/kv"
                component = "kv"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/nokv"
                component = "nokv"
                executor = { type = "wagi" }

                [component.kv]
                source = "app_kv.wasm"
                key_value_stores = ["default"]

                [component.nokv]
                source = "app_kv.wasm"
                """);
    }

    @Test
    void theDefaultStorePersistsAcrossRequestsAndRestarts() throws Exception {
        try (var app = TestApp.start(dir, kvManifest(), "app_kv")) {
            assertEquals("visits=1\n", app.get("/kv").body());
            assertEquals("visits=2\n", app.get("/kv").body());
            assertTrue(
                    app.log()
                            .lines()
                            .anyMatch(l -> l.contains("event=guest")
                                    && l.contains("level=info")
                                    && l.contains("component=kv")
                                    && l.contains("msg=\"counted a visit\"")
                                    && l.contains("visits=2")),
                    app.log());
        }
        assertTrue(Files.isRegularFile(dir.resolve(".wharf/" + KeyValueStore.FILE_NAME)));
        try (var app = TestApp.start(dir, kvManifest())) {
            assertEquals("visits=3\n", app.get("/kv").body(), "the count survived a restart");
        }
    }

    @Test
    void aStoreTheComponentDoesNotDeclareIsRefused() throws Exception {
        try (var app = TestApp.start(dir, kvManifest(), "app_kv")) {
            assertEquals(
                    "open=" + HostApi.DENIED + "\n", app.get("/kv?undeclared").body());
            assertEquals("open=" + HostApi.DENIED + "\n", app.get("/nokv").body(), "no key_value_stores at all");
            assertTrue(
                    app.log()
                            .lines()
                            .anyMatch(l -> l.contains("event=kv_denied")
                                    && l.contains("not-declared")
                                    && l.contains("key_value_stores in [component.kv] of spin.toml")),
                    app.log());
        }
    }

    @Test
    void outboundHttpReachesAnAllowedHostOnly() throws Exception {
        int port = upstream.getAddress().getPort();
        try (var app = TestApp.start(dir, TestApp.header("""
                [[trigger.http]]
                route = "/allowed"
                component = "allowed"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/denied"
                component = "denied"
                executor = { type = "wagi" }

                [component.allowed]
                source = "app_outbound.wasm"
                allowed_outbound_hosts = ["http://127.0.0.1:%d"]

                [component.denied]
                source = "app_outbound.wasm"
                allowed_outbound_hosts = ["http://127.0.0.1:1"]
                """.formatted(port)), "app_outbound")) {
            String url = "http://127.0.0.1:" + port + "/data";
            var ok = app.get("/allowed?" + url).body();
            assertTrue(ok.contains("send=0\nhttp=203\nx-upstream=yes\nbody=upstream says hi\n"), ok);
            assertEquals("wharf-guest", upstreamSawHeader.get());
            assertEquals(1, upstreamHits.get());

            var denied = app.get("/denied?" + url).body();
            assertEquals("send=" + HostApi.DENIED + "\n", denied);
            assertEquals(1, upstreamHits.get(), "a denied request never leaves the host");
            assertTrue(
                    app.log()
                            .lines()
                            .anyMatch(l -> l.contains("event=outbound_denied")
                                    && l.contains("host=127.0.0.1")
                                    && l.contains("add \\\"http://127.0.0.1:" + port
                                            + "\\\" to allowed_outbound_hosts in [component.denied]")),
                    app.log());

            var https = app.get("/allowed?https://127.0.0.1:" + port + "/data").body();
            assertEquals("send=" + HostApi.DENIED + "\n", https, "the scheme is part of the rule");
        }
    }

    @Test
    void anOutboundHostFromAVariableIsAllowedAsItsValueSays() throws Exception {
        int port = upstream.getAddress().getPort();
        String manifest = TestApp.header("""
                [variables]
                upstream = { default = "127.0.0.1:1" }

                [[trigger.http]]
                route = "/call"
                component = "caller"
                executor = { type = "wagi" }

                [component.caller]
                source = "app_outbound.wasm"
                allowed_outbound_hosts = ["http://{{ upstream }}"]
                """);
        String url = "http://127.0.0.1:" + port + "/data";
        try (var app = TestApp.start(dir, manifest, "app_outbound")) {
            assertEquals(
                    "send=" + HostApi.DENIED + "\n", app.get("/call?" + url).body(), "the default names another host");
        }
        var withUpstream = TestApp.testOptions().withProcessEnv(Map.of("WHARF_VARIABLE_UPSTREAM", "127.0.0.1:" + port));
        try (var app = TestApp.start(dir, withUpstream, manifest, "app_outbound")) {
            var ok = app.get("/call?" + url).body();
            assertTrue(ok.contains("send=0\nhttp=203\n"), ok);
        }
    }

    @Test
    void rustGuestReadsVariablesUsesKvAndLogs() throws Exception {
        try (var app = TestApp.start(dir, TestApp.header("""
                [variables]
                salutation = { default = "hello" }

                [[trigger.http]]
                route = "/greet"
                component = "greeter"
                executor = { type = "wagi" }

                [component.greeter]
                source = "app_rust.wasm"
                key_value_stores = ["default"]
                [component.greeter.variables]
                greeting = "{{ salutation }} there"
                """), "app_rust")) {
            var first = app.send(
                    HttpRequest.newBuilder(app.url("/greet")).POST(HttpRequest.BodyPublishers.ofString("ada")));
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("hello there, ada! (greeted 1 times)\nmissing variable: None\n", first.body());
            var second = app.send(
                    HttpRequest.newBuilder(app.url("/greet")).POST(HttpRequest.BodyPublishers.ofString("ada")));
            assertTrue(second.body().startsWith("hello there, ada! (greeted 2 times)"), second.body());
            assertTrue(
                    app.log()
                            .lines()
                            .anyMatch(l -> l.contains("component=greeter")
                                    && l.contains("msg=greeted")
                                    && l.contains("name=ada")
                                    && l.contains("count=2")),
                    app.log());
        }
    }

    @Test
    void variablesComeFromTheEnvironmentAndARequiredOneMustBeSet() throws Exception {
        String manifest = TestApp.header("""
                [variables]
                api_key = { required = true, secret = true }

                [[trigger.http]]
                route = "/env"
                component = "env"
                executor = { type = "wagi" }

                [component.env]
                source = "app_env.wasm"
                [component.env.variables]
                key = "{{ api_key }}"
                """);
        var app = TestApp.writeApp(dir, manifest, "app_env");
        var missing = org.junit.jupiter.api.Assertions.assertThrows(
                dev.wharf.manifest.ManifestException.class, () -> TestApp.serve(dir, app, TestApp.testOptions()));
        assertTrue(
                missing.getMessage().contains("api_key") && missing.getMessage().contains("WHARF_VARIABLE_API_KEY"),
                missing.getMessage());

        var options = TestApp.testOptions().withProcessEnv(Map.of("WHARF_VARIABLE_API_KEY", "s3cret"));
        try (var served = TestApp.serve(dir, app, options)) {
            var body = served.get("/env").body();
            assertTrue(body.contains("\nKEY=s3cret\n"), body);
            assertFalse(served.log().contains("s3cret"), "a secret never reaches the log");
        }
    }
}
