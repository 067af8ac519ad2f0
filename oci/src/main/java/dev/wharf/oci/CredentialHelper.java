package dev.wharf.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One `docker-credential-NAME` program, spoken to by docker's credential helper protocol: the action is the
 * only argument; `get` reads the server address on stdin and answers `{"ServerURL", "Username", "Secret"}`
 * (a Username of {@value Credentials#IDENTITY_TOKEN_USER} makes the Secret an identity token); `store` reads that
 * JSON; `erase` reads the server address. A helper that has nothing for the address exits non-zero saying
 * {@value #NOT_FOUND}. Every way a helper can fail is one line naming the config file that chose it.
 */
final class CredentialHelper {
    /** What helpers print (stdout, non-zero exit) when they hold no login for the address. */
    static final String NOT_FOUND = "credentials not found in native keychain";

    /** A keychain may ask its user first; a helper that takes longer than this is stuck. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final int MAX_OUTPUT = 1 << 20;

    /** The pipes are read on threads of their own that cost nothing while they wait. */
    private static final Executor READERS = task -> Thread.ofVirtual().start(task);

    private final Path executable;
    private final DockerConfig.HelperEntry entry;
    private final Path configFile;

    private CredentialHelper(Path executable, DockerConfig.HelperEntry entry, Path configFile) {
        this.executable = executable;
        this.entry = entry;
        this.configFile = configFile;
    }

    /** The program {@code entry} names, found on {@code searchPath} as docker finds it on PATH. */
    static CredentialHelper find(DockerConfig.HelperEntry entry, List<Path> searchPath, Path configFile) {
        var program = "docker-credential-" + entry.name();
        for (var dir : searchPath) {
            var candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new CredentialHelper(candidate, entry, configFile);
            }
        }
        throw new OciException(
                OciException.Reason.LOCAL_IO,
                configFile + ": " + entry.origin() + " names credential helper \"" + entry.name() + "\", but no "
                        + program + " is on PATH; install it, or remove the entry from the file");
    }

    private String program() {
        return executable.getFileName().toString();
    }

    /** The login the helper keeps for {@code serverUrl}, or empty when it has none. */
    Optional<Credentials> get(String serverUrl) {
        var result = run("get", serverUrl);
        if (result.exit() != 0) {
            if (result.out().strip().equals(NOT_FOUND)) {
                return Optional.empty();
            }
            throw failed("get", serverUrl, result);
        }
        JsonNode json;
        try {
            json = Transport.JSON.readTree(result.out());
        } catch (IOException e) {
            json = null;
        }
        if (json == null
                || !json.path("Username").isTextual()
                || !json.path("Secret").isTextual()) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO,
                    configFile + ": " + program() + " get (" + entry.origin() + ") answered " + serverUrl
                            + " with something other than {\"Username\": ..., \"Secret\": ...}; check the helper");
        }
        var username = json.path("Username").asText();
        var secret = json.path("Secret").asText();
        if (username.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Credentials(username, secret));
        } catch (IllegalArgumentException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO,
                    configFile + ": " + program() + " get (" + entry.origin() + ") gave " + serverUrl
                            + " a user name that is empty or holds ':'; log in again");
        }
    }

    /** Hands the helper a login to keep. */
    void store(String serverUrl, Credentials credentials) {
        var json = Transport.JSON
                .createObjectNode()
                .put("ServerURL", serverUrl)
                .put("Username", credentials.username())
                .put("Secret", credentials.password());
        var result = run("store", json.toString());
        if (result.exit() != 0) {
            throw failed("store", serverUrl, result);
        }
    }

    /** Asks the helper to forget a login; false when it had none. */
    boolean erase(String serverUrl) {
        var result = run("erase", serverUrl);
        if (result.exit() == 0) {
            return true;
        }
        if (result.out().strip().equals(NOT_FOUND)) {
            return false;
        }
        throw failed("erase", serverUrl, result);
    }

    private OciException failed(String action, String serverUrl, Result result) {
        var said = firstLine(result.err()).or(() -> firstLine(result.out())).orElse("no message");
        return new OciException(
                OciException.Reason.LOCAL_IO,
                configFile + ": " + program() + " " + action + " (" + entry.origin() + ") failed for " + serverUrl
                        + " (exit " + result.exit() + ": " + said + "); check the helper, e.g. `echo " + serverUrl
                        + " | " + program() + " get`");
    }

    private static Optional<String> firstLine(String text) {
        return text.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .map(l -> l.length() > 200 ? l.substring(0, 200) + "..." : l);
    }

    private record Result(int exit, String out, String err) {}

    private Result run(String action, String input) {
        var step = configFile + ": " + program() + " " + action + " (" + entry.origin() + ")";
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), action).start();
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO,
                    step + " cannot be started (" + e.getMessage() + "); check that it is an executable program",
                    e);
        }
        // both pipes drained at once: a helper that fills one while we wait on the other would never finish
        var out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), READERS);
        var err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), READERS);
        try {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // it exited without reading its input: its exit code and output say why
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new OciException(
                        OciException.Reason.LOCAL_IO,
                        step + " did not finish in " + TIMEOUT.toSeconds() + " s; check the helper");
            }
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new OciException(OciException.Reason.LOCAL_IO, step + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new OciException(OciException.Reason.LOCAL_IO, step + ": cannot read its output", e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            var bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
