package dev.wharf.kubernetes;

import dev.wharf.errors.WharfException;

/**
 * Why a Kubernetes step stopped, as one line for the user naming the kubeconfig or cluster, the step and the
 * remedy. The cause (fabric8's exception) is kept for --debug.
 */
public final class KubernetesException extends WharfException {
    public KubernetesException(String line) {
        super(line);
    }

    public KubernetesException(String line, Throwable cause) {
        super(line, cause);
    }

    private KubernetesException(int exitCode, String line) {
        super(exitCode, line, null);
    }

    /**
     * A value the user gave (a flag such as --hpa, --cpu, --replicas, or a name) that cannot make a valid object: a
     * usage error, named after the flag in the line.
     */
    public static KubernetesException badArgument(String line) {
        return new KubernetesException(EXIT_USAGE, line);
    }
}
