package dev.wharf.cli;

import dev.wharf.kubernetes.Cluster;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `wharf apps list`: the apps Wharf deployed (label app.kubernetes.io/managed-by=wharf), with replicas and readiness. */
@Command(
        name = "apps",
        mixinStandardHelpOptions = true,
        description = "The apps deployed with `wharf deploy`.",
        subcommands = AppsCommand.List.class)
final class AppsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    @Command(
            name = "list",
            aliases = "ls",
            mixinStandardHelpOptions = true,
            description = {
                "List the apps deployed with `wharf deploy`.",
                "READY counts the pods passing their readiness probe out of those wanted."
            })
    static final class List implements Callable<Integer> {
        @Mixin
        ClusterFlags cluster;

        @Option(
                names = {"-A", "--all-namespaces"},
                description = "Every namespace.")
        boolean all;

        @Override
        public Integer call() {
            try (var c = cluster.connect()) {
                var apps = c.apps(all ? Optional.empty() : Optional.of(cluster.namespace(c)));
                if (apps.isEmpty()) {
                    System.err.println("no apps deployed by wharf "
                            + (all ? "in any namespace" : "in namespace " + cluster.namespace(c)));
                    return 0;
                }
                var now = Instant.now();
                var table = all
                        ? new TextTable("NAMESPACE", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "HOST", "AGE", "IMAGE")
                                .rightAlign(3, 4)
                        : new TextTable("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "HOST", "AGE", "IMAGE")
                                .rightAlign(2, 3);
                for (var a : apps) {
                    var ready = a.ready() + "/" + a.desired();
                    if (all) {
                        table.row(
                                a.namespace(),
                                a.name(),
                                ready,
                                a.upToDate(),
                                a.available(),
                                a.host(),
                                Cluster.age(a.created(), now),
                                a.image());
                    } else {
                        table.row(
                                a.name(),
                                ready,
                                a.upToDate(),
                                a.available(),
                                a.host(),
                                Cluster.age(a.created(), now),
                                a.image());
                    }
                }
                System.out.print(table.render());
                return 0;
            }
        }
    }
}
