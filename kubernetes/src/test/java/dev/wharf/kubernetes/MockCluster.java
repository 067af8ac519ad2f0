package dev.wharf.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's kubernetes-server-mock in CRUD mode: a real HTTP server on loopback that stores objects, resource
 * versions and labels as an API server does (no controllers: nothing creates pods). Expectations (canned answers
 * for paths CRUD mode does not serve, like pod logs) are checked first. A kubeconfig pointing at it is written to
 * disk, so code under test connects exactly as it would to a real cluster.
 *
 * <p>One repair to the mock (kubernetes-server-mock 8.0.0, the latest): see {@link CloseOffTheEventLoop}.
 */
public final class MockCluster implements AutoCloseable {
    public final KubernetesMockServer server;
    public final Path kubeconfig;
    public final String url;

    private MockCluster(KubernetesMockServer server, Path kubeconfig, String url) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.url = url;
    }

    /** Starts the mock and writes {@code dir/kubeconfig} (context `mock`, default namespace `apps`). */
    public static MockCluster start(Path dir) throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        var server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new OffLoopClosingDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        var url = "http://127.0.0.1:" + server.getPort();
        Files.createDirectories(dir);
        var kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, kubeconfig(url));
        return new MockCluster(server, kubeconfig, url);
    }

    public static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                    namespace: apps
                current-context: mock
                users:
                - name: tester
                  user:
                    token: not-checked-by-the-mock
                """.formatted(server);
    }

    /** A client of the test's own, to look at what the code under test left in the cluster. */
    public KubernetesClient client() {
        return server.createClient();
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** fabric8's CRUD-plus-expectations dispatcher, with every WebSocket it upgrades told of its close off the event loop. */
    private static final class OffLoopClosingDispatcher extends KubernetesMixedDispatcher {
        OffLoopClosingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
            super(responses);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            var response = super.dispatch(request);
            var listener = response.getWebSocketListener();
            if (listener == null || listener instanceof CloseOffTheEventLoop) {
                return response;
            }
            return response.withWebSocketUpgrade(new CloseOffTheEventLoop(listener));
        }
    }

    /**
     * Runs a WebSocket listener's onClosed and onFailure on a thread of their own instead of the mock's Vert.x
     * event loop, the one thread that serves every connection of the mock.
     *
     * <p>Why: fabric8's getLog and watchLog first wait for the pod to be ready (0 ms by default): a list and,
     * depending on timing, a watch that the client closes again at once. The mock's WatchEventsListener sends
     * watch events from an executor thread of its own, and in 8.0.0 that send blocks until Vert.x has written
     * the frame, which only the event loop can do. When the client's close frame reaches the event loop while
     * such a write is queued, WatchEventsListener.onClosed runs on the event loop and blocks in awaitTermination
     * of that executor: each waits for the other until the send gives up after 30 s. For those 30 s the mock
     * answers nothing on any connection, so the next pod's log request hits the client's 30 s request timeout
     * (or, at teardown, MockWebServer's 10 s close fails with "Unable to close MockWebServer"). Only the order of
     * two threads decides it, so it came and went: a few runs in a hundred, more under CPU load. A real API
     * server does not block on a watch's close; the bug and this repair are the mock's alone.
     */
    private static final class CloseOffTheEventLoop extends WebSocketListener {
        private final WebSocketListener delegate;

        CloseOffTheEventLoop(WebSocketListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            delegate.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            delegate.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            delegate.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onPing(WebSocket webSocket, byte[] payload) {
            delegate.onPing(webSocket, payload);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            delegate.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            Thread.ofVirtual().name("mock-websocket-closed").start(() -> delegate.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            Thread.ofVirtual()
                    .name("mock-websocket-failed")
                    .start(() -> delegate.onFailure(webSocket, failure, response));
        }
    }
}
