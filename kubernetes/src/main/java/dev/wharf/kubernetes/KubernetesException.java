package dev.wharf.kubernetes;

/**
 * Why a Kubernetes step stopped, as one line for the user naming the kubeconfig or cluster, the step and the
 * remedy. The cause (fabric8's exception) is kept for --debug.
 */
public final class KubernetesException extends RuntimeException {
    public KubernetesException(String line) {
        super(line);
    }

    public KubernetesException(String line, Throwable cause) {
        super(line, cause);
    }
}
