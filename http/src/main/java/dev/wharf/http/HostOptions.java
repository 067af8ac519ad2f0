package dev.wharf.http;

import dev.wharf.runtime.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How `wharf up` serves an app. {@link #defaults()} is what the CLI starts from; each `with...` returns a copy.
 *
 * @param host the address to listen on (`--listen`), e.g. 127.0.0.1
 * @param port 0 picks any free port (tests); otherwise the port, or the first free one from it on when
 *     {@code findFreePort}
 * @param limits per-request guest limits: timeout (default 30 s) and linear-memory cap (default 256 MiB)
 * @param maxBodyBytes request bodies above this get 413 (default 16 MiB)
 * @param maxResponseBytes a handler printing more than this gets 500 (default 64 MiB)
 * @param maxConcurrentGuests instances running at once; further requests wait (up to the request timeout) for one
 *     to finish, so a burst cannot exhaust memory
 * @param extraEnv `-e K=V`: added to every component's environment
 * @param processEnv the environment variables are resolved from (WHARF_VARIABLE_x / SPIN_VARIABLE_x)
 * @param stateDir where key-value data and staged files live; null means `.wharf/` next to the manifest
 */
public record HostOptions(
        String host,
        int port,
        boolean findFreePort,
        Limits limits,
        long maxBodyBytes,
        long maxResponseBytes,
        int maxConcurrentGuests,
        Map<String, String> extraEnv,
        Map<String, String> processEnv,
        Path stateDir) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_MEMORY = 256L << 20;

    public HostOptions {
        extraEnv = Map.copyOf(extraEnv);
        processEnv = Map.copyOf(processEnv);
        if (limits.timeout() == null) {
            limits = limits.withTimeout(DEFAULT_TIMEOUT); // a server never waits forever on one handler
        }
    }

    public static HostOptions defaults() {
        return new HostOptions(
                "127.0.0.1",
                3000,
                false,
                Limits.none().withTimeout(DEFAULT_TIMEOUT).withMaxMemoryBytes(DEFAULT_MAX_MEMORY),
                16L << 20,
                64L << 20,
                64,
                Map.of(),
                System.getenv(),
                null);
    }

    public HostOptions withListen(String h, int p) {
        return new HostOptions(
                h,
                p,
                findFreePort,
                limits,
                maxBodyBytes,
                maxResponseBytes,
                maxConcurrentGuests,
                extraEnv,
                processEnv,
                stateDir);
    }

    public HostOptions withFindFreePort(boolean v) {
        return new HostOptions(
                host,
                port,
                v,
                limits,
                maxBodyBytes,
                maxResponseBytes,
                maxConcurrentGuests,
                extraEnv,
                processEnv,
                stateDir);
    }

    public HostOptions withLimits(Limits v) {
        return new HostOptions(
                host,
                port,
                findFreePort,
                v,
                maxBodyBytes,
                maxResponseBytes,
                maxConcurrentGuests,
                extraEnv,
                processEnv,
                stateDir);
    }

    public HostOptions withMaxBodyBytes(long v) {
        return new HostOptions(
                host,
                port,
                findFreePort,
                limits,
                v,
                maxResponseBytes,
                maxConcurrentGuests,
                extraEnv,
                processEnv,
                stateDir);
    }

    public HostOptions withExtraEnv(Map<String, String> v) {
        return new HostOptions(
                host,
                port,
                findFreePort,
                limits,
                maxBodyBytes,
                maxResponseBytes,
                maxConcurrentGuests,
                v,
                processEnv,
                stateDir);
    }

    public HostOptions withProcessEnv(Map<String, String> v) {
        return new HostOptions(
                host,
                port,
                findFreePort,
                limits,
                maxBodyBytes,
                maxResponseBytes,
                maxConcurrentGuests,
                extraEnv,
                v,
                stateDir);
    }
}
