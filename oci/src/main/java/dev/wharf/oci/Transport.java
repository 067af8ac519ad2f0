package dev.wharf.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * HTTP to one registry: picks the scheme (TLS unless the host is loopback or --insecure), refuses plain
 * HTTP to any other host before a byte is sent, answers `WWW-Authenticate` challenges (Basic, or
 * Bearer tokens fetched from the realm per scope), and follows redirects of downloads without
 * carrying credentials to another origin. Everything a registry can say wrong becomes one line.
 */
final class Transport {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_TOKEN_RESPONSE = 1 << 20;
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "wharf-oci-idle-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Who we are in User-Agent: registries log it, and it tells an operator what talked to them. */
    static final String USER_AGENT = "wharf (java.net.http)";

    final String registry;
    final URI base;
    private final boolean insecure;
    private final Duration timeout;
    private final HttpClient http;
    private final Supplier<Optional<Credentials>> credentials;
    private volatile Challenge challenge;
    private volatile boolean pinged;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Requests sent, by anyone: tests use it to see that a cached pull went nowhere. */
    final AtomicLong requestCount = new AtomicLong();

    Transport(
            String registry,
            String apiHost,
            boolean insecure,
            Duration timeout,
            Supplier<Optional<Credentials>> credentials) {
        this.registry = registry;
        this.insecure = insecure;
        this.timeout = timeout;
        this.credentials = credentials;
        boolean plain = insecure || isLoopback(hostOf(apiHost));
        this.base = URI.create((plain ? "http://" : "https://") + apiHost);
        // HTTP/1.1 only: h2c upgrade attempts confuse plain-HTTP registries and gain nothing for a few big blobs
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /** One request: what, where, with which body, needing which token scopes, described for messages. */
    record Call(
            String method,
            URI uri,
            Map<String, String> headers,
            HttpRequest.BodyPublisher body,
            List<String> scopes,
            String step) {
        static Call get(URI uri, List<String> scopes, String step, Map<String, String> headers) {
            return new Call("GET", uri, headers, HttpRequest.BodyPublishers.noBody(), scopes, step);
        }
    }

    URI url(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    /** Scope for a repository action, as token services spell it. */
    static String scope(String repository, String actions) {
        return "repository:" + repository + ":" + actions;
    }

    /**
     * `GET /v2/`, once: tells us the registry is there, speaks the distribution API and which auth
     * scheme it wants, so the first real request can carry credentials.
     */
    void ping() {
        if (pinged) {
            return;
        }
        var uri = url("/v2/");
        try (var r = exchange(
                new Call("GET", uri, Map.of(), HttpRequest.BodyPublishers.noBody(), List.of(), "probe " + base),
                uri,
                Optional.empty())) {
            if (r.status == 401) {
                challenge = Challenge.pick(r.headers.allValues("WWW-Authenticate"))
                        .orElseThrow(() -> new OciException(
                                OciException.Reason.PROTOCOL,
                                registry + " answered 401 to GET /v2/ with no Basic or Bearer challenge"));
            } else if (r.status == 404) {
                throw new OciException(
                        OciException.Reason.PROTOCOL,
                        base + "/v2/ answered 404: this is not an OCI registry (wrong host or port?)");
            } else if (!r.ok()) {
                throw statusFailure(r, "probe " + base + "/v2/");
            }
        }
        pinged = true;
    }

    /** Sends a call, answering one auth challenge and following download redirects. */
    Response send(Call call) {
        ping();
        URI uri = call.uri();
        boolean authRetried = false;
        int redirects = 0;
        while (true) {
            // credentials go to the registry's own origin only, never to where it redirects downloads
            Optional<String> auth = sameOrigin(uri, base) ? authorization(call.scopes()) : Optional.empty();
            var r = exchange(call, uri, auth);
            if (r.status == 401 && sameOrigin(uri, base)) {
                var offered = Challenge.pick(r.headers.allValues("WWW-Authenticate"));
                r.close();
                if (authRetried) {
                    throw unauthorized(call.step(), auth.isPresent());
                }
                authRetried = true;
                if (offered.isEmpty()) {
                    throw new OciException(
                            OciException.Reason.PROTOCOL,
                            registry + " answered 401 to " + call.step() + " with no Basic or Bearer challenge");
                }
                challenge = offered.get();
                if (challenge.isBearer()) {
                    // the token may have expired, or lack the scope this call needs: fetch afresh
                    tokens.remove(scopeKey(call.scopes()));
                } else if (auth.isPresent() || credentials.get().isEmpty()) {
                    throw unauthorized(call.step(), auth.isPresent());
                }
                continue;
            }
            if (isRedirect(r.status)
                    && (call.method().equals("GET") || call.method().equals("HEAD"))) {
                var location = r.header("Location");
                r.close();
                if (location.isEmpty()) {
                    throw new OciException(
                            OciException.Reason.PROTOCOL,
                            registry + " redirected " + call.step() + " without a Location");
                }
                if (++redirects > MAX_REDIRECTS) {
                    throw new OciException(
                            OciException.Reason.PROTOCOL,
                            registry + ": more than " + MAX_REDIRECTS + " redirects for " + call.step());
                }
                uri = uri.resolve(location.get());
                continue;
            }
            return r;
        }
    }

    private Response exchange(Call call, URI uri, Optional<String> authorization) {
        checkScheme(uri, call.step());
        // the timeout runs until the answer's headers arrive, so a body's upload time counts: allow 64 KB/s
        long length = call.body().contentLength();
        var builder = HttpRequest.newBuilder(uri)
                .method(call.method(), call.body())
                .timeout(length > 0 ? timeout.plusMillis(length / 64) : timeout)
                .header("User-Agent", USER_AGENT);
        call.headers().forEach(builder::header);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return execute(builder.build(), call.step());
    }

    private Response execute(HttpRequest request, String step) {
        requestCount.incrementAndGet();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new Response(
                    response.statusCode(),
                    response.headers(),
                    request.uri(),
                    new IdleTimeoutStream(response.body(), timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException(OciException.Reason.UNREACHABLE, step + ": interrupted", e);
        } catch (IOException e) {
            throw ioFailure(request.uri(), step, e);
        }
    }

    /** The Authorization value for these scopes, fetching a Bearer token when we have none yet. */
    private Optional<String> authorization(List<String> scopes) {
        var c = challenge;
        if (c == null) {
            return Optional.empty();
        }
        if (c.isBasic()) {
            var creds = credentials.get();
            if (creds.isPresent() && creds.get().isIdentityToken()) {
                throw new OciException(
                        OciException.Reason.UNAUTHORIZED,
                        registry + " asks for a password (Basic auth), but its login is an identity token, which only"
                                + " a token service takes; log in with a password: `wharf registry login " + registry
                                + "`");
            }
            return creds.map(Transport::basic);
        }
        var key = scopeKey(scopes);
        var token = tokens.get(key);
        if (token == null) {
            token = fetchToken(c, scopes);
            tokens.put(key, token);
        }
        return Optional.ofNullable(token).map(t -> "Bearer " + t);
    }

    private static String scopeKey(List<String> scopes) {
        return String.join(" ", scopes);
    }

    private static String basic(Credentials c) {
        var pair = c.username() + ":" + c.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Asks the challenge's realm for a token covering our scopes (and the one the challenge named). */
    private String fetchToken(Challenge c, List<String> scopes) {
        var realm = c.param("realm");
        if (realm == null || realm.isBlank()) {
            throw new OciException(OciException.Reason.PROTOCOL, registry + " sent a Bearer challenge without a realm");
        }
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new OciException(
                    OciException.Reason.PROTOCOL, registry + " sent a Bearer realm that is not a URL: " + realm);
        }
        var wanted = new LinkedHashSet<>(scopes);
        if (c.param("scope") != null && scopes.isEmpty()) {
            wanted.addAll(List.of(c.param("scope").split(" ")));
        }
        var creds = credentials.get();
        if (creds.isPresent() && creds.get().isIdentityToken()) {
            return refreshToken(c, realmUri, List.copyOf(wanted), creds.get());
        }
        var query = new ArrayList<String>();
        if (c.param("service") != null) {
            query.add("service=" + URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8));
        }
        for (var s : wanted) {
            query.add("scope=" + URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        var sep = realmUri.getRawQuery() == null ? "?" : "&";
        var uri = query.isEmpty() ? realmUri : URI.create(realmUri + sep + String.join("&", query));
        var step = "token from " + realmUri.getScheme() + "://" + realmUri.getRawAuthority() + realmUri.getRawPath();
        checkScheme(uri, step);
        var builder = HttpRequest.newBuilder(uri).GET().timeout(timeout).header("User-Agent", USER_AGENT);
        creds.ifPresent(value -> builder.header("Authorization", basic(value)));
        return token(builder.build(), step, creds.isPresent());
    }

    /**
     * Trades an identity token for an access token: the OAuth2 refresh-token grant (a form POST to the realm,
     * scopes space-separated in one field) that registries with identity logins (Azure, Docker Hub) answer.
     */
    private String refreshToken(Challenge c, URI realm, List<String> scopes, Credentials identity) {
        var form = new ArrayList<String>();
        form.add("grant_type=refresh_token");
        form.add("client_id=wharf");
        form.add("refresh_token=" + URLEncoder.encode(identity.password(), StandardCharsets.UTF_8));
        if (c.param("service") != null) {
            form.add("service=" + URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8));
        }
        if (!scopes.isEmpty()) {
            form.add("scope=" + URLEncoder.encode(String.join(" ", scopes), StandardCharsets.UTF_8));
        }
        var step = "identity token exchange with " + realm.getScheme() + "://" + realm.getRawAuthority()
                + realm.getRawPath();
        checkScheme(realm, step);
        var request = HttpRequest.newBuilder(realm)
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form)))
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .build();
        return token(request, step, true);
    }

    /** Sends a token request and reads `token` (docker's name) or `access_token` (OAuth2's) from the answer. */
    private String token(HttpRequest request, String step, boolean sentCredentials) {
        try (var r = execute(request, step)) {
            if (r.status == 401 || r.status == 403) {
                throw unauthorized(step, sentCredentials);
            }
            if (!r.ok()) {
                throw statusFailure(r, step);
            }
            JsonNode json;
            try {
                json = JSON.readTree(r.bytes(MAX_TOKEN_RESPONSE, step));
            } catch (IOException e) {
                throw new OciException(OciException.Reason.PROTOCOL, step + ": the answer is not JSON");
            }
            var token = json.path("token").asText(json.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new OciException(OciException.Reason.PROTOCOL, step + ": the answer holds no token");
            }
            return token;
        }
    }

    private OciException unauthorized(String step, boolean sentCredentials) {
        var line = sentCredentials
                ? registry + " rejected the credentials for " + step + ": log in again with `wharf registry login "
                        + registry + "`"
                : registry + " requires authentication for " + step + ": log in with `wharf registry login " + registry
                        + "`";
        return new OciException(OciException.Reason.UNAUTHORIZED, line);
    }

    /** Turns a non-2xx answer into one line, quoting the registry's own error code and message. */
    OciException statusFailure(Response r, String step) {
        var detail = registryError(r.prefix(64 * 1024));
        var reason = switch (r.status) {
            case 401 -> OciException.Reason.UNAUTHORIZED;
            case 403 -> OciException.Reason.DENIED;
            case 404 -> OciException.Reason.NOT_FOUND;
            default -> OciException.Reason.PROTOCOL;
        };
        return new OciException(
                reason,
                registry + ": " + step + " failed: HTTP " + r.status + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    /** `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}` to `MANIFEST_UNKNOWN: manifest unknown`. */
    static String registryError(String body) {
        try {
            var errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                var first = errors.get(0);
                var code = first.path("code").asText("");
                var message = first.path("message").asText("");
                return (code + (code.isEmpty() || message.isEmpty() ? "" : ": ") + message)
                        .replaceAll("\\s+", " ")
                        .strip();
            }
        } catch (IOException | RuntimeException e) {
            // not the spec's error JSON: fall through to nothing
        }
        return "";
    }

    static OciException ioFailure(URI uri, String step, IOException e) {
        var host = uri.getRawAuthority();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof SSLException
                    || root instanceof ConnectException
                    || root instanceof UnknownHostException) {
                break;
            }
            root = root.getCause();
        }
        String line;
        if (e instanceof HttpConnectTimeoutException) {
            line = "cannot connect to " + host + " (" + step + "): timed out; is the registry up and reachable?";
        } else if (e instanceof HttpTimeoutException) {
            line = host + " did not answer " + step + " in time";
        } else if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
            line = "cannot resolve registry host " + uri.getHost() + " (" + step + "): check the name";
        } else if (root instanceof ConnectException) {
            line = "cannot connect to " + host + " (" + step
                    + "): connection refused; is the registry running on that port?";
        } else if (root instanceof SSLException ssl) {
            line = "TLS with " + host + " failed (" + step + "): " + ssl.getMessage()
                    + "; for a plain-HTTP registry pass --insecure";
        } else if (e instanceof IdleTimeoutStream.Stalled) {
            line = host + " stalled during " + step + " (no data for a while); try again";
        } else {
            line = "connection to " + host + " failed during " + step + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
        return new OciException(OciException.Reason.UNREACHABLE, line, e);
    }

    private void checkScheme(URI uri, String step) {
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (scheme.equals("https")) {
            return;
        }
        if (!scheme.equals("http")) {
            throw new OciException(
                    OciException.Reason.PROTOCOL,
                    registry + " pointed " + step + " at " + uri + ", which is not HTTP(S)");
        }
        if (!insecure && !isLoopback(uri.getHost())) {
            throw new OciException(
                    OciException.Reason.INSECURE,
                    "refusing plain HTTP to " + uri.getRawAuthority() + " (" + step
                            + "): only loopback hosts are spoken to without TLS; pass --insecure to allow it");
        }
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** `host`, `host:port`, `[v6]:port` to the bare host. */
    static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /**
     * True for `localhost` and loopback IP literals. Names are not resolved: a DNS answer must not be
     * able to turn plain HTTP on.
     */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        var h = host.toLowerCase();
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Stops the client's connections and selector thread. */
    void close() {
        http.close();
    }

    /**
     * A body stream that is closed when no byte arrives for the timeout: java.net.http has no read
     * timeout for bodies, and a registry that stops sending must not hang a pull.
     */
    static final class IdleTimeoutStream extends FilterInputStream {
        static final class Stalled extends IOException {
            Stalled() {
                super("no data within the timeout");
            }
        }

        private final long idleNanos;
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean stalled;
        private volatile boolean closed;

        IdleTimeoutStream(InputStream in, Duration idle) {
            super(in);
            this.idleNanos = idle.toNanos();
            schedule();
        }

        private void schedule() {
            long delay = Math.max(1, Math.min(idleNanos, TimeUnit.SECONDS.toNanos(5)));
            WATCHDOG.schedule(this::check, delay, TimeUnit.NANOSECONDS);
        }

        private void check() {
            if (closed) {
                return;
            }
            if (System.nanoTime() - lastActivity > idleNanos) {
                stalled = true;
                try {
                    in.close();
                } catch (IOException e) {
                    // closing is all we want; the reader sees the failure
                }
                return;
            }
            schedule();
        }

        @Override
        public int read() throws IOException {
            int b = guarded(() -> super.read());
            lastActivity = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = guarded(() -> super.read(buf, off, len));
            lastActivity = System.nanoTime();
            return n;
        }

        private interface Read {
            int run() throws IOException;
        }

        private int guarded(Read read) throws IOException {
            try {
                return read.run();
            } catch (IOException e) {
                if (stalled) {
                    throw new Stalled();
                }
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
