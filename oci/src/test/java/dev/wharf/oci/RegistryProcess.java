package dev.wharf.oci;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real registry (Debian's docker-registry, distribution 2.8) started by a test: filesystem storage
 * in a temp dir, bound to a free port, its access log kept so tests can see what was requested.
 * Shared with cli's tests through this module's test-jar.
 */
public final class RegistryProcess implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final Path log;
    private final String host;

    private RegistryProcess(Process process, Path log, String host) {
        this.process = process;
        this.log = log;
        this.host = host;
    }

    /** An anonymous registry on 127.0.0.1. */
    public static RegistryProcess start(Path dir) throws IOException, InterruptedException {
        return start(dir, "127.0.0.1", "");
    }

    /** A registry on 127.0.0.1 that wants Basic auth checked against a bcrypt htpasswd file (made by `htpasswd -B`). */
    public static RegistryProcess startWithHtpasswd(Path dir, String user, String password)
            throws IOException, InterruptedException {
        var htpasswd = dir.resolve("htpasswd");
        var p = new ProcessBuilder("htpasswd", "-Bbn", user, password)
                .redirectErrorStream(true)
                .start();
        var line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !line.startsWith(user + ":$2")) {
            throw new IllegalStateException(
                    "htpasswd -Bbn failed (apache2-utils missing? run scripts/install-toolchains.sh): " + line);
        }
        Files.writeString(htpasswd, line + "\n");
        return start(dir, "127.0.0.1", """
                auth:
                  htpasswd:
                    realm: wharf-test
                    path: %s
                """.formatted(htpasswd));
    }

    /** A registry that trusts Bearer tokens signed by the holder of {@code rootCert}'s key. */
    public static RegistryProcess startWithTokenAuth(Path dir, URI realm, String service, String issuer, Path rootCert)
            throws IOException, InterruptedException {
        return start(dir, "127.0.0.1", """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm, service, issuer, rootCert));
    }

    /** A registry bound to {@code bindAddress} with an extra `auth:` block (or none). */
    public static RegistryProcess start(Path dir, String bindAddress, String authYaml)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    BINARY + " is missing: run scripts/install-toolchains.sh (Debian package docker-registry)");
        }
        int port = freePort(bindAddress);
        var hostPort = (bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress) + ":" + port;
        var storage = Files.createDirectories(dir.resolve("storage"));
        var config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: false
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                %s""".formatted(storage, hostPort, authYaml));
        var log = dir.resolve("registry.log");
        var process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var registry = new RegistryProcess(process, log, hostPort);
        try {
            registry.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private static int freePort(String bindAddress) throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        var client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var probe = HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ": " + log());
            }
            try {
                int status = client.send(probe, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("docker-registry did not answer GET /v2/ within 20 s: " + log());
    }

    /** `127.0.0.1:PORT`, as it goes into a reference. */
    public String host() {
        return host;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * The HTTP statuses of the access log's requests (`"GET /v2/... HTTP/1.1" 200`) whose method and
     * whole path (with query) match, in order.
     */
    public List<Integer> requests(String method, String pathRegex) {
        var pattern = Pattern.compile("\"" + method + " " + pathRegex + " HTTP/1\\.1\" (?<status>[0-9]{3})");
        return log().lines()
                .map(pattern::matcher)
                .filter(Matcher::find)
                .map(m -> Integer.parseInt(m.group("status")))
                .toList();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
