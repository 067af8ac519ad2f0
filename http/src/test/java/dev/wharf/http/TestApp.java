package dev.wharf.http;

import dev.wharf.manifest.App;
import dev.wharf.manifest.AppLoader;
import dev.wharf.runtime.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app written to a temporary directory (fixture modules copied in, a spin.toml written), loaded with the real
 * AppLoader and served by a real AppServer on a free loopback port, with its log captured.
 */
final class TestApp implements AutoCloseable {
    static final Engine ENGINE = Engine.withDefaults();

    final Path dir;
    final AppServer server;
    private final ByteArrayOutputStream logBytes;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestApp(Path dir, AppServer server, ByteArrayOutputStream logBytes) {
        this.dir = dir;
        this.server = server;
        this.logBytes = logBytes;
    }

    /** Copies fixtures/target/wasm/NAME.wasm into dir as NAME.wasm. */
    static void copyFixture(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.copy(fixture(name), dir.resolve(name + ".wasm"), StandardCopyOption.REPLACE_EXISTING);
    }

    static Path fixture(String name) {
        Path p = Path.of(System.getProperty("wharf.fixtures.dir"), name + ".wasm");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: fixtures/build.sh did not build it");
        }
        return p;
    }

    /** Writes spin.toml (and copies the fixtures it names) into dir, then loads it. */
    static App writeApp(Path dir, String manifest, String... fixtures) throws IOException {
        for (String f : fixtures) {
            copyFixture(dir, f);
        }
        Files.writeString(dir.resolve("spin.toml"), manifest);
        return AppLoader.load(dir.resolve("spin.toml")).app();
    }

    static TestApp start(Path dir, String manifest, String... fixtures) throws IOException {
        return start(dir, testOptions(), manifest, fixtures);
    }

    static TestApp start(Path dir, HostOptions options, String manifest, String... fixtures) throws IOException {
        App app = writeApp(dir, manifest, fixtures);
        return serve(dir, app, options);
    }

    static TestApp serve(Path dir, App app, HostOptions options) {
        var logBytes = new ByteArrayOutputStream();
        var log = new AppLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        return new TestApp(dir, AppServer.start(app, ENGINE, options, log), logBytes);
    }

    static HostOptions testOptions() {
        return HostOptions.defaults().withListen("127.0.0.1", 0).withProcessEnv(Map.of());
    }

    static String header(String toml) {
        return "spin_manifest_version = 2\n[application]\nname = \"test-app\"\nversion = \"1.2.3\"\n" + toml;
    }

    URI url(String pathAndQuery) {
        return URI.create(server.url() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(url(pathAndQuery))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return client;
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits (up to 5 s) for a log line containing every fragment: the access line is written after the response. */
    String awaitLogLine(String... fragments) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            var line = log().lines()
                    .filter(l -> Arrays.stream(fragments).allMatch(l::contains))
                    .findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with " + Arrays.toString(fragments) + " in:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    /** The request id a 500 body carries. */
    static String requestId(String body) {
        Matcher m = Pattern.compile("request id: ([0-9a-f]+)").matcher(body);
        if (!m.find()) {
            throw new AssertionError("no request id in: " + body);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
