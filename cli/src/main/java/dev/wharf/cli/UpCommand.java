package dev.wharf.cli;

import dev.wharf.http.AppLog;
import dev.wharf.http.AppServer;
import dev.wharf.http.HostOptions;
import dev.wharf.manifest.App;
import dev.wharf.runtime.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `wharf up`: serves an app over HTTP, as `spin up` does, until SIGINT or SIGTERM; then it stops accepting and
 * lets requests in flight finish. The serving itself is {@link AppServer}'s.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Serve an app over HTTP, as `spin up` does.",
            "Its HTTP triggers (WAGI handlers) come from spin.toml / wharf.toml, a bare",
            ".wasm, or an app in a registry (--from REF)."
        })
final class UpCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AppServeFlags flags;

    @Option(names = "--build", description = "Run the components' build commands first.")
    boolean build;

    @Override
    public Integer call() throws InterruptedException {
        var options = flags.hostOptions(spec.commandLine());
        if (build) {
            flags.build();
        }
        var app = flags.load();
        AppServer server = start(app, options);
        serveUntilSignalled(server);
        return 0;
    }

    static AppServer start(App app, HostOptions options) {
        var server = AppServer.start(app, Engine.withDefaults(), options, new AppLog(System.err));
        printRoutes(server);
        return server;
    }

    /** Blocks until the JVM is asked to stop; the shutdown hook drains the server before the JVM exits. */
    static void serveUntilSignalled(AppServer server) throws InterruptedException {
        var hook = new Thread(server::close, "wharf-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.join();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the server
            }
        }
    }

    static void printRoutes(AppServer server) {
        var out = System.out;
        out.println("Serving " + server.url());
        out.println("Available Routes:");
        server.routes().forEach((route, component) -> {
            boolean wildcard = route.endsWith("/...");
            String path = wildcard ? route.substring(0, route.length() - 4) : route;
            out.println("  " + component + ": " + server.url() + (path.isEmpty() ? "/" : path)
                    + (wildcard ? " (wildcard)" : ""));
        });
        out.flush();
    }
}
