package dev.wharf.cli;

import dev.wharf.kubernetes.AppObjects;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `wharf deploy [APP] --image REF ...`: applies the app's objects to the kubeconfig's cluster (create, or replace). */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Deploy an app to the cluster of the current kubeconfig.",
            "The objects `wharf k8s manifests` writes are created or replaced. Push the",
            "app first (wharf registry push)."
        })
final class DeployCommand implements Callable<Integer> {
    @Mixin
    AppDeployFlags app;

    @Mixin
    ClusterFlags cluster;

    @Override
    public Integer call() {
        try (var c = cluster.connect()) {
            var ns = cluster.namespace(c);
            var deployment = app.deployment(Optional.of(ns));
            for (var applied : c.apply(AppObjects.build(deployment), ns)) {
                System.out.println((applied.created() ? "created " : "replaced ")
                        + applied.kind().toLowerCase(Locale.ROOT) + "/" + applied.name()
                        + (applied.namespace() == null ? "" : " in " + applied.namespace()));
            }
            System.err.println("deployed " + deployment.name() + " to " + c.server() + " (context " + c.context()
                    + ", namespace " + ns + "); watch it with `wharf apps list -n " + ns + "`");
            return 0;
        }
    }
}
