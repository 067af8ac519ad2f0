package dev.wharf.host;

/** Sees every host call after it completed. Only consulted when one is set: tracing costs nothing otherwise. */
@FunctionalInterface
public interface HostCallListener {
    void onCall(HostCall call);
}
