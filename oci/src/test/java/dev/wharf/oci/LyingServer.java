package dev.wharf.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A registry that lies: an HTTP server on loopback that passes every request to a real registry and
 * lets the test rewrite the answer (flip a byte of a blob, change a header, redirect elsewhere)
 * before it reaches the client under test.
 */
public final class LyingServer implements AutoCloseable {
    /** A request and the upstream's answer to it; the test returns the answer the client gets. */
    public record Exchange(
            String method, String pathAndQuery, int status, Map<String, List<String>> headers, byte[] body) {
        public Exchange withBody(byte[] newBody) {
            return new Exchange(method, pathAndQuery, status, headers, newBody);
        }

        public Exchange withStatus(int newStatus, Map<String, List<String>> newHeaders, byte[] newBody) {
            return new Exchange(method, pathAndQuery, newStatus, newHeaders, newBody);
        }
    }

    @FunctionalInterface
    public interface Lie {
        Exchange apply(Exchange honest);
    }

    private static final Set<String> HOP_HEADERS = Set.of(
            "connection", "content-length", "transfer-encoding", "host", "expect", "upgrade", "keep-alive", "date");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String upstream;
    private final Lie lie;
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    private LyingServer(String upstream, Lie lie) throws IOException {
        this.upstream = upstream;
        this.lie = lie;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** Proxies to {@code upstreamHost} (`127.0.0.1:PORT`), answering with what {@code lie} makes of each answer. */
    public static LyingServer proxy(String upstreamHost, Lie lie) throws IOException {
        return new LyingServer(upstreamHost, lie);
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request seen, as `METHOD /path?query`. */
    public List<String> requests() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var method = exchange.getRequestMethod();
            var pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery());
            seen.add(method + " " + pathAndQuery);
            var requestBody = exchange.getRequestBody().readAllBytes();
            var forward = HttpRequest.newBuilder(URI.create("http://" + upstream + pathAndQuery))
                    .method(
                            method,
                            requestBody.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            var headers = new LinkedHashMap<String, List<String>>();
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.equals(":status")) {
                    // the registry builds absolute Locations from its own address: point them back at us
                    headers.put(
                            name,
                            values.stream()
                                    .map(v -> v.replace("//" + upstream + "/", "//" + host() + "/"))
                                    .toList());
                }
            });
            var honest = new Exchange(method, pathAndQuery, answer.statusCode(), headers, answer.body());
            var told = lie.apply(honest);
            told.headers()
                    .forEach((name, values) -> exchange.getResponseHeaders().put(name, new ArrayList<>(values)));
            if (method.equals("HEAD") || told.body().length == 0) {
                exchange.sendResponseHeaders(told.status(), -1);
            } else {
                exchange.sendResponseHeaders(told.status(), told.body().length);
                exchange.getResponseBody().write(told.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
