package dev.wharf.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.files.FileTrees;
import dev.wharf.manifest.App;
import dev.wharf.manifest.HttpTrigger;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.GuestRunner;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.WharfVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves an app over HTTP: Jetty accepts connections, parses requests and handles each on a pooled platform thread
 * with a wasm-deep stack, which routes it, reads its body (bounded in size and time), and runs the WAGI handler's
 * guest itself (see OnRequestThread). Built-in routes: {@value #HEALTH} and {@value #INFO}. {@link #reload} swaps in a new version of
 * the app atomically; {@link #close} stops accepting and lets in-flight requests finish.
 */
public final class AppServer implements AutoCloseable {
    public static final String HEALTH = "/.well-known/wharf/health";
    public static final String INFO = "/.well-known/wharf/info";

    static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;
    static final long IDLE_TIMEOUT_MS = 30_000;
    /** A client has this long to send its whole body, however it trickles it in. */
    static final long BODY_DEADLINE_MS = 30_000;
    /** How many ports {@code --find-free-port} tries after the one asked for. */
    static final int FREE_PORT_ATTEMPTS = 100;
    /** How long an access line may wait in memory before it is written (AppLog batches them). */
    static final long LOG_FLUSH_MS = 20;

    private final Engine engine;
    private final HostOptions options;
    private final AppLog log;
    private final OutboundHttp outbound = new OutboundHttp();
    private final WagiHandler wagi;
    private final Semaphore guestSlots;
    /** Request timeouts' alarms and the access log's flushes. */
    private final ScheduledThreadPoolExecutor timer = OnRequestThread.newTimer();

    private final Map<Path, KeyValueStore> kvStores = new ConcurrentHashMap<>();
    private final AtomicReference<ServedApp> current = new AtomicReference<>();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final String serverSoftware = "Wharf/" + WharfVersion.wharf();
    private final ObjectMapper json = new ObjectMapper();
    private Server jetty;
    private ServerConnector connector;

    private AppServer(Engine engine, HostOptions options, AppLog log) {
        this.engine = engine;
        this.options = options;
        this.log = log;
        var guestRuns = new OnRequestThread(options.limits().timeout(), timer);
        this.wagi =
                new WagiHandler(new GuestRunner(engine.log()).runOn(guestRuns), options, log, outbound, serverSoftware);
        timer.scheduleWithFixedDelay(log::flush, LOG_FLUSH_MS, LOG_FLUSH_MS, TimeUnit.MILLISECONDS);
        this.guestSlots = new Semaphore(Math.max(1, options.maxConcurrentGuests()), true);
    }

    /**
     * Compiles every component, then listens. Fails before listening when the app cannot be served.
     *
     * @throws AppHostException for an app Wharf cannot serve or an address it cannot listen on
     * @throws dev.wharf.manifest.ManifestException when a required variable has no value
     */
    public static AppServer start(App app, Engine engine, HostOptions options, AppLog log) {
        var server = new AppServer(engine, options, log);
        try {
            server.current.set(server.prepare(app));
            server.listen();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The address the server listens on, e.g. http://127.0.0.1:3000. */
    public URI url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return URI.create("http://" + host + ":" + port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    public App app() {
        return current.get().app;
    }

    /**
     * The public routes, most specific first, each with its component: what `wharf up` prints. Keys are the
     * route patterns, values the component ids.
     */
    public Map<String, String> routes() {
        var out = new LinkedHashMap<String, String>();
        for (HttpTrigger t : current.get().router.publicTriggers()) {
            out.put(Router.pattern(t.route()), t.componentId());
        }
        return out;
    }

    /**
     * Compiles the new version of the app and swaps it in; requests already running finish on the old one. On
     * failure the old version keeps serving and the exception says why.
     */
    public void reload(App app) {
        ServedApp next = prepare(app);
        ServedApp previous = current.getAndSet(next);
        if (previous != null) {
            previous.release();
        }
    }

    /** Blocks until the server has stopped (after {@link #close}, e.g. from a shutdown hook). */
    public void join() throws InterruptedException {
        if (jetty != null) {
            jetty.join();
        }
    }

    /** Stops accepting, waits for in-flight requests (up to the request timeout and a little more), then stops. */
    @Override
    public synchronized void close() {
        if (jetty != null && jetty.isRunning()) {
            log.info("shutdown", "stopping: no new requests; finishing those in flight");
            try {
                jetty.stop();
            } catch (Exception e) {
                log.warn("shutdown", "the server did not stop cleanly: " + e);
            }
        }
        ServedApp app = current.getAndSet(null);
        if (app != null) {
            app.release();
        }
        kvStores.values().forEach(KeyValueStore::close);
        kvStores.clear();
        outbound.close();
        timer.shutdownNow();
        log.flush(); // the access lines of the last requests
    }

    /**
     * Request threads: platform threads, reused, with a stack as deep as the guests' (they run the guests). Not
     * virtual threads: guests run on them measured slower (bench/http), and handing each run from a virtual thread
     * to a platform guest thread cost a wake-up each way. The pool bounds the requests handled at once
     * (reading bodies, waiting for a guest slot, running); Jetty queues the rest.
     */
    private static QueuedThreadPool requestThreads(Limits limits, int maxConcurrentGuests) {
        long stack = limits.maxWasmStackBytes() > 0
                ? Math.max(256L << 10, limits.maxWasmStackBytes())
                : Limits.DEFAULT_STACK_BYTES;
        int max = Math.max(256, maxConcurrentGuests * 4);
        var count = new AtomicLong();
        var pool = new QueuedThreadPool(
                max,
                8,
                60_000,
                -1,
                null,
                null,
                r -> new Thread(null, r, "wharf-http-" + count.incrementAndGet(), stack));
        pool.setName("wharf-http");
        return pool;
    }

    private ServedApp prepare(App app) {
        String staging = ProcessHandle.current().pid() + "-" + versions.incrementAndGet();
        removeStaleStaging(ServedApp.stateDir(app, options));
        return ServedApp.prepare(
                app,
                engine,
                options,
                staging,
                dir -> kvStores.computeIfAbsent(dir.toAbsolutePath().normalize(), KeyValueStore::open));
    }

    /** Staging directories of Wharf processes that are gone (killed, crashed) are removed; live ones are kept. */
    private static void removeStaleStaging(Path stateDir) {
        Path files = stateDir.resolve("files");
        if (!Files.isDirectory(files)) {
            return;
        }
        try (var dirs = Files.list(files)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                int dash = name.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        FileTrees.deleteQuietly(d);
                    }
                } catch (NumberFormatException e) {
                    // not ours: leave it
                }
            }
        } catch (IOException e) {
            // cleanup only
        }
    }

    private void listen() {
        jetty = new Server(requestThreads(options.limits(), options.maxConcurrentGuests()));
        var http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        http.setResponseHeaderSize(CgiResponse.MAX_HEADER_BYTES + 1024);
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setIdleTimeout(IDLE_TIMEOUT_MS);
        // a client trickling its body slower than this is cut off rather than holding a request open
        http.setMinRequestDataRate(1024);
        connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        jetty.addConnector(connector);
        jetty.setHandler(new GracefulHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        }));
        jetty.setStopTimeout(options.limits().timeout().toMillis() + 5_000);
        bind();
        try {
            jetty.start();
        } catch (Exception e) {
            throw new AppHostException(
                    "cannot start the HTTP server on " + options.host() + ":" + options.port() + ": " + e.getMessage(),
                    e);
        }
    }

    private void bind() {
        int attempts = options.findFreePort() && options.port() != 0 ? FREE_PORT_ATTEMPTS : 1;
        for (int i = 0; i < attempts; i++) {
            int port = options.port() == 0 ? 0 : options.port() + i;
            if (port > 65535) {
                break;
            }
            connector.setPort(port);
            try {
                connector.open();
                return;
            } catch (IOException e) {
                boolean inUse = e instanceof BindException || e.getCause() instanceof BindException;
                if (!inUse) {
                    throw new AppHostException(
                            "cannot listen on " + options.host() + ":" + port + ": " + e.getMessage()
                                    + " (check --listen)",
                            e);
                }
                try {
                    connector.close();
                } catch (RuntimeException ignored) {
                    // nothing was opened
                }
            }
        }
        throw new AppHostException(
                options.findFreePort()
                        ? "no free port among " + options.host() + ":" + options.port() + "-"
                                + (options.port() + attempts - 1) + ": pass another --listen"
                        : "cannot listen on " + options.host() + ":" + options.port()
                                + ": the address is already in use; pass "
                                + "--find-free-port, or --listen with another port");
    }

    // --- one request ------------------------------------------------------------------------------------------

    /** Requests being handled right now (tests wait on it; the graceful stop counts them itself). */
    int requestsInFlight() {
        return inFlight.get();
    }

    private void serve(Request request, Response response, Callback callback) {
        inFlight.incrementAndGet();
        try {
            serveCounted(request, response, callback);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void serveCounted(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String requestId = HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextLong())
                .substring(4);
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        String component = "-";
        int status;
        try {
            if (rawPath == null || !rawPath.startsWith("/") || hasDotSegment(rawPath)) {
                status = plain(
                        response,
                        callback,
                        400,
                        "Bad Request: the path must be absolute, without . or .. " + "segments\n");
            } else if (rawPath.equals(HEALTH)) {
                status = plain(response, callback, 200, "OK\n");
            } else if (rawPath.equals(INFO)) {
                status = info(response, callback);
            } else {
                ServedApp app = retainCurrent();
                if (app == null) {
                    status = plain(response, callback, 503, "Service Unavailable: shutting down\n");
                } else {
                    try {
                        var routed = app.router.route(rawPath);
                        if (routed.isEmpty()) {
                            status = plain(response, callback, 404, "Not Found\n");
                        } else {
                            component = routed.get().trigger().componentId();
                            status = runHandler(app, routed.get(), request, response, callback, requestId, start);
                        }
                    } finally {
                        app.release();
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("internal", "request failed in the host: " + e, "request_id", requestId);
            status = fail(response, callback, requestId);
        }
        log.access(method, rawPath, status, System.nanoTime() - start, component, requestId);
    }

    private ServedApp retainCurrent() {
        while (true) {
            ServedApp app = current.get();
            if (app == null || app.tryRetain()) {
                return app;
            }
            // swapped out and cleaned up between get and retain: the new version is in place, take it
        }
    }

    private int runHandler(
            ServedApp app,
            Router.Routed routed,
            Request request,
            Response response,
            Callback callback,
            String requestId,
            long start) {
        long declared = request.getLength();
        if (declared > options.maxBodyBytes()) {
            return plain(
                    response, callback, 413, "Content Too Large: the limit is " + options.maxBodyBytes() + " bytes\n");
        }
        byte[] body;
        try {
            body = readBody(request, options.maxBodyBytes());
        } catch (BodyTooLarge e) {
            return plain(
                    response, callback, 413, "Content Too Large: the limit is " + options.maxBodyBytes() + " bytes\n");
        } catch (TimeoutException e) {
            return plain(response, callback, 408, "Request Timeout: the body did not arrive in time\n");
        } catch (IOException e) {
            return plain(response, callback, 400, "Bad Request: " + e.getMessage() + "\n");
        }
        long waitNanos = options.limits().timeout().toNanos() - (System.nanoTime() - start);
        boolean acquired;
        try {
            acquired = guestSlots.tryAcquire(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            response.getHeaders().put("Retry-After", "1");
            return plain(response, callback, 503, "Service Unavailable: every handler slot stayed busy\n");
        }
        WagiHandler.Result result;
        try {
            result = wagi.handle(app, routed, incoming(request, rawPathOf(request), body), requestId);
        } finally {
            guestSlots.release();
        }
        return switch (result) {
            case WagiHandler.Served s -> respond(response, callback, s.response());
            case WagiHandler.Failed f -> {
                log.error(
                        "handler_failed",
                        f.reason(),
                        "component",
                        routed.trigger().componentId(),
                        "request_id",
                        requestId);
                yield fail(response, callback, requestId);
            }
        };
    }

    private static String rawPathOf(Request request) {
        return request.getHttpURI().getPath();
    }

    private IncomingRequest incoming(Request request, String rawPath, byte[] body) {
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (var field : request.getHeaders()) {
            headers.add(Map.entry(field.getName(), field.getValue() == null ? "" : field.getValue()));
        }
        String host = request.getHeaders().get("Host");
        if (host == null || host.isBlank()) {
            host = Request.getServerName(request) + ":" + Request.getServerPort(request);
        }
        String query = request.getHttpURI().getQuery();
        return new IncomingRequest(
                request.getMethod(),
                rawPath,
                query == null ? "" : query,
                request.getConnectionMetaData().getProtocol(),
                request.getHttpURI().getScheme() == null
                        ? "http"
                        : request.getHttpURI().getScheme(),
                host,
                Request.getLocalPort(request),
                Request.getRemoteAddr(request),
                Request.getRemotePort(request),
                List.copyOf(headers),
                body);
    }

    private static final class BodyTooLarge extends Exception {
        BodyTooLarge() {
            super(null, null, false, false);
        }
    }

    /** Reads the whole body, failing fast past the size cap and past the body deadline. */
    private static byte[] readBody(Request request, long max) throws BodyTooLarge, TimeoutException, IOException {
        var out = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BODY_DEADLINE_MS);
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                var ready = new CompletableFuture<Void>();
                request.demand(() -> ready.complete(null));
                try {
                    ready.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading the body");
                } catch (ExecutionException e) {
                    throw new IOException(String.valueOf(e.getCause()));
                }
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable f = chunk.getFailure();
                    if (f instanceof TimeoutException t) {
                        throw t;
                    }
                    throw new IOException("the request body could not be read: " + f.getMessage(), f);
                }
                ByteBuffer buf = chunk.getByteBuffer();
                if (out.size() + (long) buf.remaining() > max) {
                    throw new BodyTooLarge();
                }
                byte[] bytes = new byte[buf.remaining()];
                buf.get(bytes);
                out.write(bytes, 0, bytes.length);
                if (chunk.isLast()) {
                    return out.toByteArray();
                }
            } finally {
                chunk.release();
            }
        }
    }

    private static int respond(Response response, Callback callback, CgiResponse.Ok cgi) {
        response.setStatus(cgi.status());
        var headers = response.getHeaders();
        for (var h : cgi.headers()) {
            headers.add(h.getKey(), h.getValue());
        }
        response.write(true, ByteBuffer.wrap(cgi.stdout(), cgi.bodyOffset(), cgi.bodyLength()), callback);
        return cgi.status();
    }

    private int info(Response response, Callback callback) {
        var app = current.get();
        var body = new LinkedHashMap<String, Object>();
        if (app != null) {
            body.put("name", app.app.info().name());
            body.put("version", app.app.info().version());
            body.put("description", app.app.info().description());
            body.put("authors", app.app.info().authors());
            var routes = new ArrayList<Map<String, String>>();
            for (HttpTrigger t : app.router.publicTriggers()) {
                routes.add(Map.of("route", Router.pattern(t.route()), "component", t.componentId()));
            }
            body.put("routes", routes);
        }
        body.put("wharf_version", WharfVersion.wharf());
        byte[] bytes;
        try {
            bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return 200;
    }

    private static int fail(Response response, Callback callback, String requestId) {
        try {
            response.reset(); // drop whatever headers a failed response had set
        } catch (IllegalStateException committed) {
            // already committed: nothing better to send than what follows
        }
        return plain(response, callback, 500, "Internal Server Error\nrequest id: " + requestId + "\n");
    }

    private static int plain(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
        return status;
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            String s = segment.toLowerCase(Locale.ROOT);
            if (s.equals(".")
                    || s.equals("..")
                    || s.equals("%2e")
                    || s.equals("%2e%2e")
                    || s.equals(".%2e")
                    || s.equals("%2e.")) {
                return true;
            }
        }
        return false;
    }
}
