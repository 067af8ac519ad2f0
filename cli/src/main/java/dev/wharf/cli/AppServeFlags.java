package dev.wharf.cli;

import dev.wharf.http.HostOptions;
import dev.wharf.manifest.App;
import dev.wharf.manifest.AppLoader;
import dev.wharf.manifest.BuildException;
import dev.wharf.manifest.Builder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flags `wharf up` and `wharf watch` share, and turning them into an app and host options. */
final class AppServeFlags {
    static final String DEFAULT_LISTEN = "127.0.0.1:3000";

    @Option(
            names = {"-f", "--from"},
            paramLabel = "FILE|DIR|app.wasm",
            defaultValue = ".",
            description = "The manifest (spin.toml / wharf.toml), its directory, a bare .wasm served on /..., "
                    + "or an app in a registry (HOST[:PORT]/REPO:TAG, pushed with `wharf registry push`). "
                    + "Default: the current directory.")
    Path from;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "Address to listen on (default: $WHARF_HTTP_LISTEN_ADDR, $SPIN_HTTP_LISTEN_ADDR or "
                    + DEFAULT_LISTEN + "; port 0 picks a free one).")
    String listen;

    @Option(
            names = {"-e", "--env"},
            paramLabel = "KEY=VALUE",
            description = "An environment variable for every component (repeatable).")
    List<String> env;

    @Option(names = "--find-free-port", description = "If the port is taken, use the next free one.")
    boolean findFreePort;

    @Option(
            names = "-W",
            paramLabel = "KEY[=VAL]",
            description = "Per-request limits: timeout=DURATION (default 30s), max-memory-size=BYTES (default 256M).")
    List<String> wasmOptions = List.of();

    HostOptions hostOptions(CommandLine cl) {
        String address = listen;
        if (address == null) {
            address = firstSet(
                    System.getenv("WHARF_HTTP_LISTEN_ADDR"), System.getenv("SPIN_HTTP_LISTEN_ADDR"), DEFAULT_LISTEN);
        }
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : "";
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(
                    cl, "--listen " + address + ": expected HOST:PORT, e.g. 127.0.0.1:3000 or 0.0.0.0:8080");
        }
        var base = HostOptions.defaults();
        var extra = new LinkedHashMap<String, String>();
        for (String kv : env == null ? List.<String>of() : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cl, "-e " + kv + ": expected KEY=VALUE");
            }
            extra.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return base.withListen(host, port)
                .withFindFreePort(findFreePort)
                .withExtraEnv(Map.copyOf(extra))
                .withLimits(RuntimeFlags.limits(cl, wasmOptions, base.limits()));
    }

    /** Runs every component's build command (output to stdout), as `spin up --build` does. */
    void build() {
        var app = AppLoader.loadForBuild(from).app();
        try {
            new Builder(System.out::println).build(app);
        } catch (BuildException e) {
            throw e.context("build");
        }
    }

    /** Loads the app to serve it (pulling it first when --from names a registry), printing the manifest's warnings. */
    App load() {
        Path source = RegistrySources.asReference(from.toString())
                .map(RegistrySources::pullApp)
                .orElse(from);
        var result = AppLoader.load(source);
        result.warnings().forEach(w -> System.err.println("wharf: warning: " + w));
        return result.app();
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
