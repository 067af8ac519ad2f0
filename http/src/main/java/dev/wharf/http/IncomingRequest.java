package dev.wharf.http;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the app host needs it, independent of the server library: the raw (still percent-encoded)
 * path and query, the headers in arrival order, and the body read in full.
 *
 * @param rawQuery the query string without '?', or empty
 * @param host the Host header (or the local address when the client sent none)
 */
record IncomingRequest(
        String method,
        String rawPath,
        String rawQuery,
        String protocol,
        String scheme,
        String host,
        int serverPort,
        String remoteAddr,
        int remotePort,
        List<Map.Entry<String, String>> headers,
        byte[] body) {

    /** Header values by case-insensitive name, joined with ", " as HTTP allows; empty when absent. */
    String header(String name) {
        String joined = null;
        for (var h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                joined = joined == null ? h.getValue() : joined + ", " + h.getValue();
            }
        }
        return joined == null ? "" : joined;
    }

    String serverName() {
        String h = host;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? h.substring(0, close + 1) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }
}
