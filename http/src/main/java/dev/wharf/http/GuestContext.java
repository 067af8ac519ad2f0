package dev.wharf.http;

/**
 * What the host API functions of one request's instance act for: the component (its grants), the request id
 * their log lines carry, and the request's deadline, which bounds outbound calls too.
 *
 * @param kv the app's key-value file, or null when no component declares a store
 */
record GuestContext(
        ComponentPlan component,
        String requestId,
        long deadlineNanos,
        AppLog log,
        KeyValueStore kv,
        OutboundHttp outbound) {

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }
}
