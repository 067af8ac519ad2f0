package dev.wharf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.manifest.AppLoader;
import dev.wharf.manifest.Builder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting (and refusing to start), reloading, watching and stopping a served app. */
class ServerLifecycleTest {
    @TempDir
    Path dir;

    private static String route(String route, String component) {
        return "[[trigger.http]]\nroute = \"" + route + "\"\ncomponent = \"" + component
                + "\"\nexecutor = { type = \"wagi\" }\n";
    }

    @Test
    void spinsDefaultExecutorIsRefusedNamingWagi() throws Exception {
        var app = TestApp.writeApp(dir, TestApp.header("""
                [[trigger.http]]
                route = "/hello"
                component = "hello"

                [component.hello]
                source = "app_hello.wasm"
                """), "app_hello");
        var e = assertThrows(AppHostException.class, () -> TestApp.serve(dir, app, TestApp.testOptions()));
        assertTrue(
                e.getMessage().contains("Spin's default executor")
                        && e.getMessage().contains("executor = { type = \"wagi\" }")
                        && e.getMessage().contains("trigger `"),
                e.getMessage());
    }

    @Test
    void anImportOutsideTheHostApiIsRefusedAtStartup() throws Exception {
        var app = TestApp.writeApp(dir, TestApp.header(route("/x", "odd") + """
                [component.odd]
                source = "app_unknown_import.wasm"
                """), "app_unknown_import");
        var e = assertThrows(AppHostException.class, () -> TestApp.serve(dir, app, TestApp.testOptions()));
        assertTrue(
                e.getMessage().contains("`wharf:kv::open_everything` is not a function of the Wharf host API"),
                e.getMessage());
    }

    @Test
    void aFuelBudgetMetersEveryRequest() throws Exception {
        var app = TestApp.writeApp(dir, TestApp.header(route("/hello", "hello") + """
                [component.hello]
                source = "app_hello.wasm"
                """), "app_hello");
        var options = TestApp.testOptions();
        try (var enough =
                TestApp.serve(dir, app, options.withLimits(options.limits().withFuel(100_000_000)))) {
            var r = enough.get("/hello");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("hello from a wharf app\n", r.body());
        }
        try (var starved =
                TestApp.serve(dir, app, options.withLimits(options.limits().withFuel(10)))) {
            assertEquals(500, starved.get("/hello").statusCode());
            assertTrue(starved.awaitLogLine("all fuel consumed").contains("hello"), starved.log());
        }
    }

    @Test
    void aBusyPortIsAnErrorUnlessFindFreePortIsGiven() throws Exception {
        var app = TestApp.writeApp(dir, TestApp.header(route("/hello", "hello") + """
                [component.hello]
                source = "app_hello.wasm"
                """), "app_hello");
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            var options = TestApp.testOptions().withListen("127.0.0.1", port);
            var e = assertThrows(AppHostException.class, () -> TestApp.serve(dir, app, options));
            assertTrue(
                    e.getMessage().contains("already in use") && e.getMessage().contains("--find-free-port"),
                    e.getMessage());
            try (var served = TestApp.serve(dir, app, options.withFindFreePort(true))) {
                assertNotEquals(port, served.server.port());
                assertTrue(served.server.port() > port);
                assertEquals(200, served.get("/hello").statusCode());
            }
        }
    }

    @Test
    void aBodyAboveTheLimitGets413() throws Exception {
        var app = TestApp.writeApp(dir, TestApp.header(route("/cgi", "cgi") + """
                [component.cgi]
                source = "app_cgi.wasm"
                """), "app_cgi");
        try (var served = TestApp.serve(dir, app, TestApp.testOptions().withMaxBodyBytes(1000))) {
            var big = served.send(HttpRequest.newBuilder(served.url("/cgi?echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1001])));
            assertEquals(413, big.statusCode());
            var fits = served.send(HttpRequest.newBuilder(served.url("/cgi?echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])));
            assertEquals(201, fits.statusCode());
        }
    }

    @Test
    void reloadSwapsTheAppWithoutDroppingARequestInFlight() throws Exception {
        var app = TestApp.writeApp(
                dir,
                TestApp.header(route("/slow", "slow") + route("/a", "hello") + """
                [component.slow]
                source = "app_slow.wasm"
                [component.hello]
                source = "app_hello.wasm"
                """),
                "app_slow",
                "app_hello",
                "app_env");
        try (var served = TestApp.serve(dir, app, TestApp.testOptions())) {
            CompletableFuture<HttpResponse<String>> inFlight = served.client()
                    .sendAsync(
                            HttpRequest.newBuilder(served.url("/slow?1500")).build(),
                            HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (served.server.requestsInFlight() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            var next = TestApp.writeApp(dir, TestApp.header(route("/b", "env") + """
                    [component.env]
                    source = "app_env.wasm"
                    """));
            served.server.reload(next);
            assertEquals(404, served.get("/a").statusCode());
            assertEquals(200, served.get("/b").statusCode());
            var slow = inFlight.get();
            assertEquals(200, slow.statusCode());
            assertEquals("slept 1500 ms\n", slow.body());
        }
    }

    @Test
    void aFailedReloadKeepsTheRunningVersion() throws Exception {
        var app = TestApp.writeApp(dir, TestApp.header(route("/a", "hello") + """
                [component.hello]
                source = "app_hello.wasm"
                """), "app_hello", "app_unknown_import");
        try (var served = TestApp.serve(dir, app, TestApp.testOptions())) {
            var broken = TestApp.writeApp(dir, TestApp.header(route("/a", "odd") + """
                    [component.odd]
                    source = "app_unknown_import.wasm"
                    """));
            assertThrows(AppHostException.class, () -> served.server.reload(broken));
            assertEquals("hello from a wharf app\n", served.get("/a").body());
        }
    }

    @Test
    void closeFinishesRequestsInFlight() throws Exception {
        var app = TestApp.writeApp(dir, TestApp.header(route("/slow", "slow") + """
                [component.slow]
                source = "app_slow.wasm"
                """), "app_slow");
        var served = TestApp.serve(dir, app, TestApp.testOptions());
        var inFlight = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(served.client()
                    .sendAsync(
                            HttpRequest.newBuilder(served.url("/slow?1000")).build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (served.server.requestsInFlight() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(3, served.server.requestsInFlight(), "all three requests reached the server");
        served.close();
        for (var f : inFlight) {
            var r = f.get();
            assertEquals(200, r.statusCode());
            assertEquals("slept 1000 ms\n", r.body());
        }
    }

    @Test
    void watchRebuildsAndReloadsOnAChangedSource() throws Exception {
        // the "build" copies one of two prebuilt handlers into place, as a compiler would write its output
        TestApp.copyFixture(dir.resolve("prebuilt"), "app_hello");
        TestApp.copyFixture(dir.resolve("prebuilt"), "app_counter");
        Files.writeString(dir.resolve("which.txt"), "app_hello");
        Files.copy(dir.resolve("prebuilt/app_hello.wasm"), dir.resolve("handler.wasm"));
        Files.writeString(dir.resolve("spin.toml"), TestApp.header(route("/h", "handler") + """
                [component.handler]
                source = "handler.wasm"
                [component.handler.build]
                command = "cp prebuilt/$(cat which.txt).wasm handler.wasm"
                watch = ["*.txt"]
                """));
        Path manifest = dir.resolve("spin.toml");
        var buildLog = new ByteArrayOutputStream();
        var builder = new Builder(new PrintStream(buildLog, true, StandardCharsets.UTF_8)::println);
        try (var served = TestApp.serve(dir, AppLoader.load(manifest).app(), TestApp.testOptions());
                var watcher = new AppWatcher(
                        served.server,
                        () -> AppLoader.load(manifest).app(),
                        builder,
                        new AppLog(new PrintStream(OutputStream.nullOutputStream())),
                        Duration.ofMillis(100))) {
            watcher.start();
            assertEquals("hello from a wharf app\n", served.get("/h").body());
            Files.writeString(dir.resolve("which.txt"), "app_counter");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String body = "";
            while (System.nanoTime() < deadline && !(body = served.get("/h").body()).equals("1\n")) {
                Thread.sleep(100);
            }
            assertEquals("1\n", body, "served the rebuilt handler; build output:\n" + buildLog);
            assertTrue(
                    buildLog.toString(StandardCharsets.UTF_8).contains("Building component handler"),
                    buildLog.toString());
        }
    }
}
