package dev.wharf.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `wharf logs APP [--follow]`: the logs of every pod of a deployed app, prefixed by pod when there are several. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print (or with --follow, stream) the logs of a deployed app's pods.")
final class LogsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "APP", description = "The app's name, as `wharf apps list` shows it.")
    String app;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep streaming new lines.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines of each pod.")
    Integer tail;

    @Mixin
    ClusterFlags cluster;

    @Override
    public Integer call() {
        try (var c = cluster.connect()) {
            c.logs(app, cluster.namespace(c), follow, tail, System.out);
            return 0;
        }
    }
}
