package dev.wharf.kubernetes;

/** How a pod runs the app. */
public enum HostMode {
    /**
     * A containerd wasm shim picked by the pod's runtimeClassName runs the OCI app artifact itself; the nodes
     * need the shim installed (SpinKube's runtime-class-manager or a node image that has it).
     */
    RUNTIMECLASS,
    /** Wharf's own JVM host in an ordinary container image runs `wharf up --from REF`: any node can run it. */
    JVM
}
