package dev.wharf.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
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
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
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
}
