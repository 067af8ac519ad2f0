package dev.wharf.kubernetes;

import dev.wharf.oci.Reference;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the Kubernetes objects of one app are made from.
 *
 * @param name the app's object name and `app.kubernetes.io/name` label (a DNS-1123 label, see {@link #objectName})
 * @param namespace where the namespaced objects go; empty leaves it to `kubectl apply -n` or the kubeconfig
 * @param appImage the app's OCI artifact (`wharf registry push`): the pod's image in {@link HostMode#RUNTIMECLASS}
 *     mode, what `wharf up --from` pulls in {@link HostMode#JVM} mode
 * @param hostImage {@link HostMode#JVM} only: the Wharf host image (`wharf k8s host-image`)
 * @param runtime {@link HostMode#RUNTIMECLASS} only: the shim the RuntimeClass names
 * @param replicas pods to run when there is no autoscaler (with one, its minimum is the starting count)
 * @param pullSecret a `kubernetes.io/dockerconfigjson` Secret with the registry login: kubelet pulls the pod's
 *     image with it, and in {@link HostMode#JVM} mode Wharf reads it as its docker config to pull the app
 */
public record AppDeployment(
        String name,
        Optional<String> namespace,
        HostMode mode,
        Reference appImage,
        Optional<Reference> hostImage,
        WasmRuntime runtime,
        int replicas,
        Optional<Autoscaling> autoscaling,
        Resources resources,
        Optional<String> pullSecret) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** An app whose images need no registry login. */
    public AppDeployment(
            String name,
            Optional<String> namespace,
            HostMode mode,
            Reference appImage,
            Optional<Reference> hostImage,
            WasmRuntime runtime,
            int replicas,
            Optional<Autoscaling> autoscaling,
            Resources resources) {
        this(name, namespace, mode, appImage, hostImage, runtime, replicas, autoscaling, resources, Optional.empty());
    }

    public AppDeployment {
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "app name `" + name + "` is not a DNS-1123 label (lowercase a-z, 0-9, '-', at most 63)");
        }
        namespace.ifPresent(ns -> {
            if (!DNS_LABEL.matcher(ns).matches()) {
                throw new IllegalArgumentException("namespace `" + ns + "` is not a DNS-1123 label");
            }
        });
        if (mode == HostMode.JVM && hostImage.isEmpty()) {
            throw new IllegalArgumentException(
                    "--mode jvm needs the Wharf host image (--host-image REF, built by `wharf k8s host-image`)");
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("--replicas " + replicas + ": must be 0 or more");
        }
        pullSecret.ifPresent(secret -> {
            if (!DNS_SUBDOMAIN.matcher(secret).matches()) {
                throw new IllegalArgumentException("--pull-secret `" + secret
                        + "` is not a Secret name (lowercase a-z, 0-9, '-', '.'; at most 253)");
            }
        });
    }

    /**
     * An app name (spin.toml's `[application] name`) as a Kubernetes object name: lowercase, runs of other
     * characters as '-', at most 63 characters.
     */
    public static String objectName(String appName) {
        var name =
                appName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.length() > 63) {
            name = name.substring(0, 63).replaceAll("-+$", "");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("app name `" + appName
                    + "` has no letters or digits to name Kubernetes objects with;" + " give a name with --name");
        }
        return name;
    }
}
