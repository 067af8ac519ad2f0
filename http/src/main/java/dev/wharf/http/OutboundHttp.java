package dev.wharf.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Outbound HTTP for guests (`wharf:http`): only to hosts the component's allowed_outbound_hosts match, never
 * following redirects (a redirect could lead anywhere; the guest sees the 3xx and decides), bounded in time by the
 * request's own deadline and in size by {@link #MAX_RESPONSE_BYTES}.
 */
final class OutboundHttp implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 16 << 20;
    static final Duration MAX_CALL = Duration.ofSeconds(30);

    /** Headers the JDK client sets itself and refuses from callers; a guest's are dropped, not an error. */
    private static final Set<String> CLIENT_OWNED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    record Response(int status, HttpHeaders headers, byte[] body) {}

    sealed interface Result {}

    record Sent(Response response) implements Result {}

    record Failed(int status) implements Result {}

    Result send(GuestContext ctx, String method, String url, List<Map.Entry<String, String>> headers, byte[] body) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new Failed(HostApi.INVALID);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return new Failed(HostApi.INVALID);
        }
        var component = ctx.component();
        if (component.allowedHosts().allowing(uri).isEmpty()) {
            String entry = AllowedHosts.entryFor(uri);
            ctx.log()
                    .warn(
                            "outbound_denied",
                            "outbound HTTP to " + entry + " denied: add \"" + entry
                                    + "\" to allowed_outbound_hosts in [component." + component.id() + "] of "
                                    + component.manifestName(),
                            "component",
                            component.id(),
                            "request_id",
                            ctx.requestId(),
                            "host",
                            uri.getHost());
            return new Failed(HostApi.DENIED);
        }
        long remaining = ctx.remainingNanos();
        if (remaining <= 0) {
            return new Failed(HostApi.TIMEOUT);
        }
        HttpRequest request;
        try {
            var builder = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofNanos(Math.min(remaining, MAX_CALL.toNanos())))
                    .method(
                            method,
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            if (scheme.equals("http")) {
                builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance with plain-HTTP servers
            }
            for (var h : headers) {
                if (!CLIENT_OWNED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    builder.header(h.getKey(), h.getValue());
                }
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return new Failed(HostApi.INVALID);
        }
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (bytes.length > MAX_RESPONSE_BYTES) {
                    return new Failed(HostApi.TOO_LARGE);
                }
                return new Sent(new Response(response.statusCode(), response.headers(), bytes));
            }
        } catch (HttpTimeoutException e) {
            return new Failed(HostApi.TIMEOUT);
        } catch (IOException e) {
            ctx.log()
                    .warn(
                            "outbound_failed",
                            "outbound HTTP to " + AllowedHosts.entryFor(uri) + " failed: " + e,
                            "component",
                            component.id(),
                            "request_id",
                            ctx.requestId());
            return new Failed(HostApi.IO);
        } catch (InterruptedException e) {
            // the request ran out of time while waiting: keep the interrupt so the guest stops at its next check
            Thread.currentThread().interrupt();
            return new Failed(HostApi.TIMEOUT);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
