package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.oci.RegistryProcess;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An app pushed with `wharf registry push` serves with `wharf up --from REF`, pulled and verified on the way. */
class UpFromRegistryTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void anAppPushedToARegistryServesStraightFromIt() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.copy(WharfCli.fixture("app_hello"), app.resolve("app_hello.wasm"));
        Files.writeString(app.resolve("spin.toml"), """
                spin_manifest_version = 2
                [application]
                name = "from-registry"
                [[trigger.http]]
                route = "/hello"
                component = "hello"
                executor = { type = "wagi" }
                [component.hello]
                source = "app_hello.wasm"
                """);
        try (var registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")))) {
            String ref = registry.host() + "/apps/from-registry:v1";
            var push = WharfCli.run("registry", "push", ref, "-f", app.toString());
            assertEquals(0, push.exit(), push.err());

            Path cache = dir.resolve("cache");
            String java = ProcessHandle.current().info().command().orElse("java");
            var process = new ProcessBuilder(List.of(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            "-Dwharf.cache.dir=" + cache,
                            "dev.wharf.cli.Main",
                            "up",
                            "--from",
                            ref,
                            "--listen",
                            "127.0.0.1:0"))
                    .redirectError(dir.resolve("stderr.txt").toFile())
                    .start();
            try {
                var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String serving = out.readLine();
                assertTrue(
                        serving != null && serving.startsWith("Serving http://127.0.0.1:"),
                        serving + "\n" + Files.readString(dir.resolve("stderr.txt")));
                String base = serving.substring("Serving ".length());
                try (var client = HttpClient.newHttpClient()) {
                    var r = client.send(
                            HttpRequest.newBuilder(URI.create(base + "/hello"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode());
                    assertEquals("hello from a wharf app\n", r.body());
                }
            } finally {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
                process.destroyForcibly();
            }
            try (var pulled = Files.walk(cache.resolve("oci").resolve("apps"))) {
                assertTrue(
                        pulled.anyMatch(p -> p.getFileName().toString().equals("spin.toml")),
                        "the app was laid out in the cache");
            }
        }
    }

    @Test
    void aMistypedLocalPathIsNotMistakenForAReference() {
        var r = WharfCli.run("up", "--from", "no-such-dir/spin.toml", "--listen", "127.0.0.1:0");
        assertEquals(1, r.exit());
        assertTrue(r.singleErrorLine().contains("no-such-dir"), r.err());
    }
}
