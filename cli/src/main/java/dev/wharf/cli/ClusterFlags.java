package dev.wharf.cli;

import dev.wharf.kubernetes.Cluster;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which cluster and namespace: deploy, apps, logs and undeploy share these. */
final class ClusterFlags {
    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "Kubeconfig (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(
            names = "--context",
            paramLabel = "NAME",
            description = "Kubeconfig context (default: its current-context).")
    String context;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "Namespace (default: the context's, else `default`).")
    String namespace;

    Cluster connect() {
        return Cluster.connect(Optional.ofNullable(kubeconfig), Optional.ofNullable(context));
    }

    String namespace(Cluster cluster) {
        return namespace != null ? namespace : cluster.namespace();
    }
}
