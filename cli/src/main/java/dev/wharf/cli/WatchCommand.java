package dev.wharf.cli;

import dev.wharf.http.AppLog;
import dev.wharf.http.AppWatcher;
import dev.wharf.manifest.AppLoader;
import dev.wharf.manifest.Builder;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `wharf watch`: builds, serves, and on every change to a component's `watch` globs rebuilds it and swaps the new
 * version in without dropping requests in flight (as `spin watch`, minus the restart). Changes to the manifest, a
 * module or a mounted file reload without a build.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "Serve an app and rebuild and reload it when its sources change.")
final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AppServeFlags flags;

    @Option(names = "--skip-build", description = "Do not build before serving (still rebuilds on changes).")
    boolean skipBuild;

    @Option(
            names = "--poll-interval",
            paramLabel = "MILLIS",
            defaultValue = "500",
            description = "How often to look for changes (default: 500 ms).")
    long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        var options = flags.hostOptions(spec.commandLine());
        if (pollMillis < 50) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--poll-interval must be at least 50 ms");
        }
        if (!skipBuild) {
            flags.build();
        }
        var server = UpCommand.start(flags.load(), options);
        var log = new AppLog(System.err);
        try (var watcher = new AppWatcher(
                server,
                () -> AppLoader.load(flags.from).app(),
                new Builder(System.out::println),
                log,
                Duration.ofMillis(pollMillis))) {
            watcher.start();
            log.info("watch", "watching for changes (every " + pollMillis + " ms)");
            UpCommand.serveUntilSignalled(server);
        }
        return 0;
    }
}
