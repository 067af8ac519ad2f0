package dev.wharf.kubernetes;

/**
 * The containerd wasm shims a RuntimeClass can name, with the port the shim serves the app on.
 *
 * @param runtimeClassName the RuntimeClass object's name, as the shims' installers create it
 * @param handler the containerd runtime handler (the shim's name in containerd's config)
 * @param port where the shim's HTTP server listens inside the pod
 * @param healthPath an HTTP health route the shim serves, or null when it has none (probes use TCP then)
 */
public enum WasmRuntime {
    /** runwasi's wasmtime shim: serves wasi:http components (`wasmtime serve`, port 8080); no health route. */
    WASMTIME("wasmtime", "wasmtime", 8080, null),
    /** containerd-shim-spin (SpinKube): runs Spin apps, listens on 0.0.0.0:80, serves Spin's health route. */
    SPIN("wasmtime-spin-v2", "spin", 80, "/.well-known/spin/health");

    public final String runtimeClassName;
    public final String handler;
    public final int port;
    public final String healthPath;

    WasmRuntime(String runtimeClassName, String handler, int port, String healthPath) {
        this.runtimeClassName = runtimeClassName;
        this.handler = handler;
        this.port = port;
        this.healthPath = healthPath;
    }
}
