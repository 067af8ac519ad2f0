package dev.wharf.wasi;

/** Sees every WASI call after it completed. Only consulted when one is set: tracing costs nothing otherwise. */
@FunctionalInterface
public interface WasiCallListener {
    void onCall(WasiCall call);
}
