package dev.wharf.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `wharf undeploy APP`: deletes the app's Deployment, Service and autoscaler (the shared RuntimeClass stays). */
@Command(
        name = "undeploy",
        mixinStandardHelpOptions = true,
        description = {
            "Delete a deployed app's objects (only those wharf manages).",
            "Its Deployment, Service and HorizontalPodAutoscaler go; the shared",
            "RuntimeClass stays."
        })
final class UndeployCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "APP", description = "The app's name, as `wharf apps list` shows it.")
    String app;

    @Mixin
    ClusterFlags cluster;

    @Override
    public Integer call() {
        try (var c = cluster.connect()) {
            var ns = cluster.namespace(c);
            for (var deleted : c.undeploy(app, ns)) {
                System.out.println("deleted " + deleted + " in " + ns);
            }
            return 0;
        }
    }
}
