package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.errors.WharfException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `wharf up` as users run it: a real process serving over loopback, stopped with SIGTERM. */
class UpCommandTest {
    @TempDir
    Path dir;

    private void writeApp(String extraToml) throws Exception {
        Files.copy(WharfCli.fixture("app_hello"), dir.resolve("app_hello.wasm"));
        Files.writeString(dir.resolve("spin.toml"), """
                spin_manifest_version = 2
                [application]
                name = "up-test"
                %s
                [[trigger.http]]
                route = "/hello"
                component = "hello"
                executor = { type = "wagi" }

                [component.hello]
                source = "app_hello.wasm"
                """.formatted(extraToml));
    }

    @Test
    void servesUntilSigtermThenExits() throws Exception {
        writeApp("");
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dwharf.cache.dir=" + System.getProperty("wharf.cache.dir"),
                "dev.wharf.cli.Main",
                "up",
                "-f",
                dir.toString(),
                "--listen",
                "127.0.0.1:0"));
        var process = new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String serving = out.readLine();
            assertTrue(
                    serving != null && serving.startsWith("Serving http://127.0.0.1:"),
                    serving + "\n" + Files.readString(dir.resolve("stderr.txt")));
            assertEquals("Available Routes:", out.readLine());
            String base = serving.substring("Serving ".length());
            assertEquals("  hello: " + base + "/hello", out.readLine());

            try (var client = HttpClient.newHttpClient()) {
                var r = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/hello"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("hello from a wharf app\n", r.body());
                var health = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/.well-known/wharf/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
            }
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "wharf up stops on SIGTERM");
            String err = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(err.contains("event=access method=GET path=/hello status=200"), err);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aMissingRequiredVariableStopsUpWithOneLine() throws Exception {
        writeApp("""
                [variables]
                wharf_up_test_token = { required = true }
                """);
        var r = WharfCli.run("up", "-f", dir.toString(), "--listen", "127.0.0.1:0");
        assertEquals(1, r.exit());
        String line = r.singleErrorLine();
        assertTrue(line.contains("wharf_up_test_token") && line.contains("WHARF_VARIABLE_WHARF_UP_TEST_TOKEN"), line);
    }

    @Test
    void spinsDefaultExecutorIsOneClearLine() throws Exception {
        Files.copy(WharfCli.fixture("app_hello"), dir.resolve("app_hello.wasm"));
        Files.writeString(dir.resolve("spin.toml"), """
                spin_manifest_version = 2
                [application]
                name = "spin-abi"
                [[trigger.http]]
                route = "/..."
                component = "hello"
                [component.hello]
                source = "app_hello.wasm"
                """);
        var r = WharfCli.run("up", "-f", dir.toString(), "--listen", "127.0.0.1:0");
        assertEquals(1, r.exit());
        assertTrue(r.singleErrorLine().contains("executor = { type = \"wagi\" }"), r.err());
    }

    @Test
    void upBuildRunsTheBuildCommandsFirstAndStopsWhenOneFails() throws Exception {
        Files.writeString(dir.resolve("spin.toml"), """
                spin_manifest_version = 2
                [application]
                name = "build-first"
                [[trigger.http]]
                route = "/..."
                component = "hello"
                executor = { type = "wagi" }
                [component.hello]
                source = "out/hello.wasm"
                [component.hello.build]
                command = "echo compiling; exit 3"
                """);
        var r = WharfCli.run("up", "--build", "-f", dir.toString(), "--listen", "127.0.0.1:0");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("[hello] compiling"), r.out());
        assertTrue(r.singleErrorLine().contains("exit code 3"), r.err());
    }

    @Test
    void aBadListenAddressIsAUsageError() {
        var r = WharfCli.run("up", "-f", dir.toString(), "--listen", "nonsense");
        assertEquals(WharfException.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("--listen nonsense: expected HOST:PORT"), r.err());
    }
}
