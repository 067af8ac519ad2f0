package dev.wharf.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.oci.Reference;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy, list, logs and undeploy against fabric8's kubernetes-server-mock in CRUD mode, reached over HTTP through
 * a kubeconfig on disk. No kube-apiserver can run on this machine; the mock keeps objects, resource versions and
 * label selectors like one, but runs no controllers, so the tests play the controllers' part where needed (pods,
 * status).
 */
class ClusterTest {
    @TempDir
    Path dir;

    MockCluster mock;

    @BeforeEach
    void start() throws Exception {
        mock = MockCluster.start(dir);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    static AppDeployment app(String name, int replicas, Optional<Autoscaling> hpa) {
        return new AppDeployment(
                name,
                Optional.empty(),
                HostMode.RUNTIMECLASS,
                Reference.parse("127.0.0.1:5000/apps/" + name + ":1"),
                Optional.empty(),
                WasmRuntime.SPIN,
                replicas,
                hpa,
                Resources.defaults(HostMode.RUNTIMECLASS));
    }

    @Test
    void applyCreatesThenReplaces() {
        try (var cluster = Cluster.connect(Optional.of(mock.kubeconfig), Optional.empty());
                var k = mock.client()) {
            assertEquals("apps", cluster.namespace(), "the kubeconfig context's namespace");
            var first = cluster.apply(
                    AppObjects.build(app("greeter", 2, Optional.of(Autoscaling.parse("2:4:50")))), "apps");
            assertEquals(
                    List.of(
                            "RuntimeClass wasmtime-spin-v2 true",
                            "Deployment greeter true",
                            "Service greeter true",
                            "HorizontalPodAutoscaler greeter true"),
                    first.stream()
                            .map(a -> a.kind() + " " + a.name() + " " + a.created())
                            .toList());
            assertNull(first.get(0).namespace());
            var stored = k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .withName("greeter")
                    .get();
            assertEquals(2, stored.getSpec().getReplicas());
            assertNotNull(k.resources(io.fabric8.kubernetes.api.model.node.v1.RuntimeClass.class)
                    .withName("wasmtime-spin-v2")
                    .get());
            assertNotNull(k.services().inNamespace("apps").withName("greeter").get());

            var second = cluster.apply(AppObjects.build(app("greeter", 5, Optional.empty())), "apps");
            assertTrue(second.stream().noneMatch(Cluster.Applied::created), second.toString());
            var replaced = k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .withName("greeter")
                    .get();
            assertEquals(5, replaced.getSpec().getReplicas());
            assertFalse(replaced.getMetadata()
                    .getResourceVersion()
                    .equals(stored.getMetadata().getResourceVersion()));
        }
    }

    @Test
    void appsListsOnlyWharfsDeploymentsWithTheirReadiness() {
        try (var cluster = Cluster.connect(Optional.of(mock.kubeconfig), Optional.empty());
                var k = mock.client()) {
            cluster.apply(AppObjects.build(app("greeter", 3, Optional.empty())), "apps");
            cluster.apply(AppObjects.build(app("counter", 1, Optional.empty())), "team-b");
            k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("not-ours")
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(1)
                            .endSpec()
                            .build())
                    .create();
            // the deployment controller's part: two of three pods ready
            var d = k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .withName("greeter")
                    .get();
            d.setStatus(new DeploymentStatusBuilder()
                    .withReplicas(3)
                    .withReadyReplicas(2)
                    .withUpdatedReplicas(3)
                    .withAvailableReplicas(2)
                    .build());
            k.apps().deployments().inNamespace("apps").resource(d).updateStatus();

            var here = cluster.apps(Optional.of("apps"));
            assertEquals(1, here.size(), here.toString());
            var greeter = here.get(0);
            assertEquals("greeter", greeter.name());
            assertEquals(3, greeter.desired());
            assertEquals(2, greeter.ready());
            assertEquals(2, greeter.available());
            assertEquals("runtimeclass/spin", greeter.host());
            assertEquals("127.0.0.1:5000/apps/greeter:1", greeter.image());

            var all = cluster.apps(Optional.empty());
            assertEquals(
                    List.of("apps/greeter", "team-b/counter"),
                    all.stream().map(a -> a.namespace() + "/" + a.name()).toList());
        }
    }

    @Test
    void logsOfEveryPodOfTheAppArePrefixedByPod() throws Exception {
        try (var cluster = Cluster.connect(Optional.of(mock.kubeconfig), Optional.empty());
                var k = mock.client()) {
            // the kubelet's part: pods with the app's labels, and the log endpoint they would serve
            for (var pod : List.of("greeter-abc", "greeter-def")) {
                k.pods()
                        .inNamespace("apps")
                        .resource(new PodBuilder()
                                .withNewMetadata()
                                .withName(pod)
                                .withLabels(AppObjects.selector("greeter"))
                                .endMetadata()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("app")
                                .withImage("x")
                                .endContainer()
                                .endSpec()
                                .build())
                        .create();
                mock.server
                        .expect()
                        .get()
                        .withPath("/api/v1/namespaces/apps/pods/" + pod + "/log?pretty=false&container=app")
                        .andReturn(200, "GET /hello 200\nGET /missing 404\n")
                        .always();
            }
            k.pods()
                    .inNamespace("apps")
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("other")
                            .addToLabels("app.kubernetes.io/name", "other")
                            .endMetadata()
                            .build())
                    .create();
            var bytes = new ByteArrayOutputStream();
            cluster.logs("greeter", "apps", false, null, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertEquals("""
                    [greeter-abc] GET /hello 200
                    [greeter-abc] GET /missing 404
                    [greeter-def] GET /hello 200
                    [greeter-def] GET /missing 404
                    """, bytes.toString(StandardCharsets.UTF_8));

            var e = assertThrows(
                    KubernetesException.class, () -> cluster.logs("absent", "apps", false, null, System.out));
            assertTrue(e.getMessage().contains("no pods"), e.getMessage());
        }
    }

    @Test
    void followStreamsUntilThePodsStreamsEnd() throws Exception {
        try (var cluster = Cluster.connect(Optional.of(mock.kubeconfig), Optional.empty());
                var k = mock.client()) {
            k.pods()
                    .inNamespace("apps")
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("greeter-1")
                            .withLabels(AppObjects.selector("greeter"))
                            .endMetadata()
                            .build())
                    .create();
            mock.server
                    .expect()
                    .get()
                    .withPath("/api/v1/namespaces/apps/pods/greeter-1/log?pretty=false&container=app&follow=true")
                    .andReturn(200, "started\nserving\n")
                    .always();
            var bytes = new ByteArrayOutputStream();
            cluster.logs("greeter", "apps", true, null, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertEquals("started\nserving\n", bytes.toString(StandardCharsets.UTF_8), "one pod: no prefix");
        }
    }

    @Test
    void undeployDeletesTheAppsObjectsButLeavesTheRuntimeClassAndOthers() {
        try (var cluster = Cluster.connect(Optional.of(mock.kubeconfig), Optional.empty());
                var k = mock.client()) {
            cluster.apply(AppObjects.build(app("greeter", 1, Optional.of(Autoscaling.parse("1:3:80")))), "apps");
            cluster.apply(AppObjects.build(app("counter", 1, Optional.empty())), "apps");
            assertEquals(
                    List.of("horizontalpodautoscaler/greeter", "deployment/greeter", "service/greeter"),
                    cluster.undeploy("greeter", "apps"));
            assertNull(k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .withName("greeter")
                    .get());
            assertNull(k.services().inNamespace("apps").withName("greeter").get());
            assertNotNull(k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .withName("counter")
                    .get());
            assertNotNull(k.resources(io.fabric8.kubernetes.api.model.node.v1.RuntimeClass.class)
                    .withName("wasmtime-spin-v2")
                    .get());

            var gone = assertThrows(KubernetesException.class, () -> cluster.undeploy("greeter", "apps"));
            assertTrue(gone.getMessage().contains("no such app"), gone.getMessage());

            k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("theirs")
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(1)
                            .endSpec()
                            .build())
                    .create();
            var refused = assertThrows(KubernetesException.class, () -> cluster.undeploy("theirs", "apps"));
            assertTrue(refused.getMessage().contains("not managed by wharf"), refused.getMessage());
            assertNotNull(k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .withName("theirs")
                    .get());
        }
    }

    @Test
    void aKubeconfigWithNoClusterIsOneLineBeforeAnyRequest() throws Exception {
        var file = dir.resolve("empty-kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: []
                contexts: []
                current-context: ""
                users: []
                """);
        var e = assertThrows(KubernetesException.class, () -> Cluster.connect(Optional.of(file), Optional.empty()));
        assertEquals(
                "kubeconfig " + file
                        + " defines no cluster; add one (kubectl config set-cluster) or use another file with --kubeconfig",
                e.getMessage());

        var dangling = dir.resolve("dangling");
        Files.writeString(dangling, MockCluster.kubeconfig(mock.url).replace("cluster: mock\n", "cluster: gone\n"));
        var d = assertThrows(KubernetesException.class, () -> Cluster.connect(Optional.of(dangling), Optional.empty()));
        assertTrue(d.getMessage().contains("names cluster `gone`, which the file does not define"), d.getMessage());

        var missing = assertThrows(
                KubernetesException.class, () -> Cluster.connect(Optional.of(dir.resolve("nope")), Optional.empty()));
        assertTrue(missing.getMessage().startsWith("no kubeconfig at "), missing.getMessage());
        var context = assertThrows(
                KubernetesException.class, () -> Cluster.connect(Optional.of(mock.kubeconfig), Optional.of("prod")));
        assertTrue(context.getMessage().contains("has no context `prod` (contexts: mock)"), context.getMessage());
        assertEquals(0, mock.server.getRequestCount(), "nothing was sent");
    }

    @Test
    void anUnreachableClusterIsOneLine() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var file = dir.resolve("down");
        Files.writeString(file, MockCluster.kubeconfig("http://127.0.0.1:" + port));
        try (var cluster = Cluster.connect(Optional.of(file), Optional.empty())) {
            long start = System.nanoTime();
            var e = assertThrows(KubernetesException.class, () -> cluster.apps(Optional.empty()));
            assertTrue(
                    e.getMessage()
                            .startsWith("list apps in all namespaces: cannot reach cluster http://127.0.0.1:" + port
                                    + " (context mock)"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "no long retry loop");
        }
    }
}
