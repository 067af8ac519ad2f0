package dev.wharf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one handler can do to others: read-only files, traps and endless loops (500 with a request id while the
 * other routes keep answering), and many requests at once.
 */
class IsolationAndFailuresTest {
    @TempDir
    static Path dir;

    static TestApp app;
    static final String[] FIXTURES = {"app_files", "app_fail", "app_hello", "app_env", "app_counter"};
    static final String MANIFEST = TestApp.header("""
                [[trigger.http]]
                route = "/files/..."
                component = "files"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/fail"
                component = "fail"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/hello"
                component = "hello"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/env/..."
                component = "env"
                executor = { type = "wagi" }

                [[trigger.http]]
                route = "/counter"
                component = "counter"
                executor = { type = "wagi" }

                [component.files]
                source = "app_files.wasm"
                files = [{ source = "assets", destination = "/" }]
                exclude_files = ["assets/secret.key"]

                [component.fail]
                source = "app_fail.wasm"

                [component.hello]
                source = "app_hello.wasm"

                [component.env]
                source = "app_env.wasm"

                [component.counter]
                source = "app_counter.wasm"
                """);

    @BeforeAll
    static void start() throws Exception {
        writeAssets(dir);
        var options =
                TestApp.testOptions().withLimits(TestApp.testOptions().limits().withTimeout(Duration.ofMillis(2000)));
        app = TestApp.start(dir, options, MANIFEST, FIXTURES);
    }

    static void writeAssets(Path root) throws IOException {
        Files.createDirectories(root.resolve("assets/docs"));
        Files.writeString(root.resolve("assets/index.txt"), "the index");
        Files.writeString(root.resolve("assets/docs/guide.txt"), "the guide");
        Files.writeString(root.resolve("assets/secret.key"), "not mounted");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void mountedFilesAreReadableButNotWritable() throws Exception {
        var index = app.get("/files/index.txt").body();
        assertTrue(index.contains("read: the index"), index);
        assertTrue(index.contains("write: failed"), index);
        assertTrue(index.contains("append: failed"), index);
        assertTrue(app.get("/files/docs/guide.txt").body().contains("read: the guide"));
        assertTrue(app.get("/files/secret.key").body().contains("read: failed"), "exclude_files stays out");
        assertEquals("the index", Files.readString(dir.resolve("assets/index.txt")), "the source is untouched");
        assertFalse(Files.exists(dir.resolve("assets/written.txt")));
    }

    @Test
    void aTrapIsA500WithTheRequestIdInTheBodyAndTheLog() throws Exception {
        var r = app.get("/fail?trap");
        assertEquals(500, r.statusCode());
        String id = TestApp.requestId(r.body());
        var line = app.log()
                .lines()
                .filter(l -> l.contains("event=handler_failed") && l.contains("request_id=" + id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(app.log()));
        assertTrue(line.contains("unreachable"), line);
        assertTrue(line.contains("component=fail"), line);
        assertEquals(200, app.get("/hello").statusCode());
    }

    @Test
    void anEndlessLoopTimesOutWhileOtherRoutesKeepAnswering() throws Exception {
        CompletableFuture<HttpResponse<String>> looping = app.client()
                .sendAsync(HttpRequest.newBuilder(app.url("/fail?loop")).build(), HttpResponse.BodyHandlers.ofString());
        boolean answeredDuringTheLoop = false;
        for (int i = 0; i < 5; i++) {
            var r = app.get("/hello");
            assertEquals(200, r.statusCode());
            answeredDuringTheLoop |= !looping.isDone();
        }
        assertTrue(answeredDuringTheLoop, "/hello answered while the loop was still running");
        var r = looping.get();
        assertEquals(500, r.statusCode());
        String id = TestApp.requestId(r.body());
        assertTrue(
                app.log().lines().anyMatch(l -> l.contains("request_id=" + id) && l.contains("timed out")), app.log());
        assertEquals(200, app.get("/hello").statusCode());
    }

    @Test
    void twoHundredConcurrentRequestsAcrossRoutesAllSucceed() throws Exception {
        // its own server with the default 30 s timeout: on a busy machine 200 requests may queue for guest slots
        // longer than the short timeout the failure tests use
        writeAssets(dir.resolve("busy"));
        try (var busy = TestApp.start(dir.resolve("busy"), MANIFEST, FIXTURES)) {
            sendTwoHundred(busy);
        }
    }

    private static void sendTwoHundred(TestApp app) throws Exception {
        var futures = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        List<String> paths = List.of("/hello", "/counter", "/env/x?y=1", "/files/index.txt");
        for (int i = 0; i < 200; i++) {
            futures.add(app.client()
                    .sendAsync(
                            HttpRequest.newBuilder(app.url(paths.get(i % paths.size())))
                                    .timeout(Duration.ofSeconds(60))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < futures.size(); i++) {
            var r = futures.get(i).get();
            assertEquals(200, r.statusCode(), paths.get(i % paths.size()) + ": " + r.body());
            switch (paths.get(i % paths.size())) {
                case "/hello" -> assertEquals("hello from a wharf app\n", r.body());
                case "/counter" -> assertEquals("1\n", r.body());
                case "/files/index.txt" -> assertTrue(r.body().contains("read: the index"));
                default -> assertTrue(r.body().contains("argv[1]=y=1"), r.body());
            }
        }
    }
}
