package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.kubernetes.AppDeployment;
import dev.wharf.kubernetes.AppObjects;
import dev.wharf.kubernetes.HostMode;
import dev.wharf.kubernetes.Resources;
import dev.wharf.kubernetes.WasmRuntime;
import dev.wharf.oci.Reference;
import dev.wharf.oci.RegistryProcess;
import dev.wharf.oci.TestApps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM host image, built by the packaged wharf.jar itself (`wharf k8s base-image`, `wharf k8s host-image`)
 * and pushed to a real docker-registry; then read back with skopeo (an independent client), unpacked layer by
 * layer into a root file system, and its entrypoint run there with chroot as the image's non-root user, in a
 * private mount and PID namespace with /proc mounted, as a container runtime would. Runs after `package`
 * (failsafe), since it needs the shaded jar.
 */
class HostImageIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static RegistryProcess registry;
    static Path jar;

    @BeforeAll
    static void start() throws Exception {
        jar = Path.of(System.getProperty("wharf.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run through `mvn verify`");
        registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    record Run(int exit, String out, String err) {}

    static Run wharf(String... args) throws Exception {
        var command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command);
        pb.environment().put("WHARF_CACHE_DIR", dir.resolve("cache").toString());
        pb.environment().put("DOCKER_CONFIG", dir.resolve("docker").toString());
        var err = dir.resolve("stderr-" + System.nanoTime());
        var p = pb.redirectError(err.toFile()).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "wharf " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    static String run(List<String> command) throws Exception {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), command + " did not finish");
        assertEquals(0, p.exitValue(), command + ": " + out);
        return out;
    }

    @Test
    void theHostImageHasTheEntrypointUserAndLayersAndRunsWharfAsItsUser() throws Exception {
        var base = registry.host() + "/wharf/base:test";
        var host = registry.host() + "/wharf/host:test";
        var app = registry.host() + "/apps/greeter:1";

        var baseRun = wharf("k8s", "base-image", "--to", base);
        assertEquals(0, baseRun.exit(), baseRun.err());
        assertTrue(baseRun.out().strip().matches("sha256:[0-9a-f]{64}"), baseRun.out());
        var hostRun = wharf("k8s", "host-image", "--base", base, "--jar", jar.toString(), "--app", app, "--to", host);
        assertEquals(0, hostRun.exit(), hostRun.err());

        // skopeo reads what the registry holds: image config, then manifest
        var config =
                JSON.readTree(run(List.of("skopeo", "inspect", "--config", "--tls-verify=false", "docker://" + host)));
        var c = config.path("config");
        assertEquals(AppObjects.JVM_ENTRYPOINT, strings(c.path("Entrypoint")));
        assertEquals(List.of("up", "--from", app, "--listen", "0.0.0.0:8080"), strings(c.path("Cmd")));
        assertEquals("65532:65532", c.path("User").asText());
        assertTrue(c.path("ExposedPorts").has("8080/tcp"), c.toString());
        assertTrue(strings(c.path("Env")).contains("PATH=/opt/java/bin:/usr/bin:/bin"), c.toString());
        assertEquals("linux", config.path("os").asText());
        assertEquals("amd64", config.path("architecture").asText());
        var inspect = JSON.readTree(run(List.of("skopeo", "inspect", "--tls-verify=false", "docker://" + host)));
        assertEquals(3, inspect.path("Layers").size(), "c library and users, java runtime, wharf.jar: " + inspect);
        var baseInspect = JSON.readTree(run(List.of("skopeo", "inspect", "--tls-verify=false", "docker://" + base)));
        assertEquals(
                strings(baseInspect.path("Layers")),
                strings(inspect.path("Layers")).subList(0, 2),
                "the base's layers, reused");

        // unpack it as a runtime would: layers in order into one root file system
        var layout = dir.resolve("oci");
        run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + host, "oci:" + layout + ":host"));
        var rootfs = Files.createDirectories(dir.resolve("rootfs"));
        var index = JSON.readTree(layout.resolve("index.json").toFile());
        var manifest = JSON.readTree(
                blob(layout, index.path("manifests").get(0).path("digest").asText())
                        .toFile());
        for (var layer : manifest.path("layers")) {
            run(List.of(
                    "tar",
                    "--warning=no-unknown-keyword",
                    "-xzf",
                    blob(layout, layer.path("digest").asText()).toString(),
                    "-C",
                    rootfs.toString()));
        }
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(rootfs.resolve("app/wharf.jar")));
        // the launcher's JVM options, carried in the jar, beside it for the entrypoint
        assertArrayEquals(
                Files.readAllBytes(WharfCli.repo("cli/jvm.options")),
                Files.readAllBytes(rootfs.resolve("app/jvm.options")));
        assertTrue(Files.isExecutable(rootfs.resolve("opt/java/bin/java")), "java on the image's PATH, executable");
        assertTrue(Files.readString(rootfs.resolve("etc/passwd")).contains(":65532:65532:"));

        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root (CI runs as root)");
        Files.createDirectories(rootfs.resolve("proc"));
        var version = run(inImage(rootfs, Map.of(), entrypoint("--version")));
        assertEquals(wharf("--version").out(), version, "the image's own runtime runs the jar");

        // the Deployment's readiness probe against `wharf up` running inside the image as user 65532
        var deployment = (Deployment) AppObjects.build(new AppDeployment(
                        "greeter",
                        Optional.empty(),
                        HostMode.JVM,
                        Reference.parse(app),
                        Optional.of(Reference.parse(host)),
                        WasmRuntime.SPIN,
                        1,
                        Optional.empty(),
                        Resources.defaults(HostMode.JVM)))
                .get(0);
        var probePath = deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getReadinessProbe()
                .getHttpGet()
                .getPath();
        TestApps.greeter(rootfs.resolve("tmp/app"));
        run(List.of("chmod", "-R", "a+rwX", rootfs.resolve("tmp").toString()));
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var log = dir.resolve("up.log");
        var up = new ProcessBuilder(inImage(
                        rootfs,
                        Map.of("WHARF_VARIABLE_API_KEY", "k", "WHARF_CACHE_DIR", "/tmp/wharf"),
                        entrypoint("up", "--from", "/tmp/app", "--listen", "127.0.0.1:" + port)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (var http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            var health = URI.create("http://127.0.0.1:" + port + probePath);
            int status = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (status != 200 && System.nanoTime() < deadline && up.isAlive()) {
                try {
                    status = http.send(
                                    HttpRequest.newBuilder(health)
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (IOException e) {
                    Thread.sleep(250);
                }
            }
            assertEquals(200, status, "probe " + probePath + ": " + Files.readString(log));
            var hello = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("hello from a pulled app\n", hello.body());
        } finally {
            // java runs as another user, so it does not get unshare's --kill-child signal: stop it directly
            up.descendants().forEach(ProcessHandle::destroy);
            up.destroy();
            if (!up.waitFor(10, TimeUnit.SECONDS)) {
                up.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The command as the image's user inside its root file system: a private mount namespace with /proc (the
     * JVM's launcher finds its libraries relative to /proc/self/exe) and a PID namespace whose processes die with
     * it; only the given environment.
     */
    static List<String> inImage(Path rootfs, Map<String, String> env, List<String> command) {
        // PATH serves the host side too: unshare and chroot live in /usr/bin and /usr/sbin
        var out = new ArrayList<>(List.of("env", "-i", "PATH=/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        env.forEach((k, v) -> out.add(k + "=" + v));
        out.addAll(List.of(
                "unshare",
                "--fork",
                "--pid",
                "--kill-child",
                "--mount",
                "--mount-proc=" + rootfs.resolve("proc"),
                "chroot",
                "--userspec=65532:65532",
                rootfs.toString()));
        out.addAll(command);
        return out;
    }

    static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The image's entrypoint (java found on its PATH, /opt/java/bin) followed by these arguments. */
    private static List<String> entrypoint(String... args) {
        var command = new ArrayList<>(AppObjects.JVM_ENTRYPOINT);
        command.set(0, "/opt/java/bin/java");
        command.addAll(List.of(args));
        return command;
    }
}
