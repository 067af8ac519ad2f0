package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.kubernetes.MockCluster;
import dev.wharf.manifest.AppLoader;
import dev.wharf.oci.RegistryProcess;
import dev.wharf.oci.TestApps;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `wharf registry push`, `wharf pull -o` of an app, `wharf k8s manifests`, `wharf deploy`, `wharf apps list`,
 * `wharf logs` and `wharf undeploy`, run in-process against a real docker-registry and fabric8's
 * kubernetes-server-mock (CRUD mode, over HTTP, through a kubeconfig file).
 */
class AppDeployCommandsTest {
    @TempDir
    static Path shared;

    static RegistryProcess registry;
    static Path appDir;

    @TempDir
    Path dir;

    MockCluster cluster;
    private String previousCache;
    private String previousDockerConfig;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start(Files.createDirectories(shared.resolve("registry")));
        appDir = TestApps.greeter(shared.resolve("greeter"));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void isolate() throws Exception {
        previousCache = System.getProperty("wharf.cache.dir");
        previousDockerConfig = System.getProperty("wharf.docker.config");
        System.setProperty("wharf.cache.dir", dir.resolve("cache").toString());
        System.setProperty(
                "wharf.docker.config", dir.resolve("docker/config.json").toString());
        cluster = MockCluster.start(dir.resolve("k8s"));
    }

    @AfterEach
    void restore() {
        cluster.close();
        restore("wharf.cache.dir", previousCache);
        restore("wharf.docker.config", previousDockerConfig);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void registryPushThenPullLaysTheAppOutAgain() throws Exception {
        var ref = registry.host() + "/cli/greeter:1";
        var push = WharfCli.run(
                "registry", "push", ref, "-f", appDir.resolve("spin.toml").toString());
        assertEquals(0, push.exit(), push.err());
        assertTrue(push.out().strip().matches("sha256:[0-9a-f]{64}"), push.out());
        assertTrue(push.err().contains("1 wasm and 3 file layers"), push.err());

        var out = dir.resolve("pulled");
        var pull = WharfCli.run("pull", ref, "-o", out.toString());
        assertEquals(0, pull.exit(), pull.err());
        assertEquals(push.out().strip(), pull.out().strip(), "the same manifest digest");
        var original = AppLoader.load(appDir).app();
        var pulled = AppLoader.load(out).app();
        assertEquals(original.info(), pulled.info());
        assertEquals(original.httpTriggers(), pulled.httpTriggers());
        assertEquals("<h1>greeter</h1>\n", Files.readString(out.resolve("files/site/static/index.html")));
        assertEquals(
                List.of(200),
                registry.requests("GET", "/v2/cli/greeter/manifests/1"),
                "one manifest request both tells that REF is an app and serves its pull");
        assertEquals(List.of(), registry.requests("HEAD", "/v2/cli/greeter/manifests/1"), "a cold pull needs no HEAD");
        assertEquals(
                List.of(200, 200, 200, 200, 200),
                registry.requests("GET", "/v2/cli/greeter/blobs/sha256:[0-9a-f]{64}"),
                "the locked app, one wasm and three file layers, each fetched once");

        var noOutput = WharfCli.run("pull", ref);
        assertEquals(2, noOutput.exit());
        assertTrue(noOutput.singleErrorLine().contains("is an app, not a single module: give -o DIR"), noOutput.err());
    }

    @Test
    void pushingWithoutAManifestOrARegistryIsOneLine() throws Exception {
        var empty = Files.createDirectories(dir.resolve("empty"));
        var noManifest = WharfCli.run("registry", "push", registry.host() + "/cli/x:1", "-f", empty.toString());
        assertEquals(1, noManifest.exit());
        assertTrue(noManifest.singleErrorLine().contains("no wharf.toml or spin.toml here"), noManifest.err());

        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var down = WharfCli.run("registry", "push", "127.0.0.1:" + port + "/cli/x:1", "-f", appDir.toString());
        assertEquals(1, down.exit());
        assertTrue(down.singleErrorLine().contains("127.0.0.1:" + port), down.err());
    }

    @Test
    void manifestsGoToFilesOrStdout() throws Exception {
        var out = dir.resolve("yaml");
        var run = WharfCli.run(
                "k8s",
                "manifests",
                appDir.toString(),
                "--image",
                "registry.example.com/apps/greeter:1",
                "--mode",
                "jvm",
                "--host-image",
                "registry.example.com/wharf/host:1",
                "--hpa",
                "2:5:60%",
                "-n",
                "web",
                "-o",
                out.toString());
        assertEquals(0, run.exit(), run.err());
        try (var files = Files.list(out)) {
            assertEquals(
                    List.of("deployment.yaml", "horizontalpodautoscaler.yaml", "service.yaml"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        Deployment d = Serialization.unmarshal(Files.readString(out.resolve("deployment.yaml")));
        assertEquals("greeter", d.getMetadata().getName(), "named after [application] name");
        assertEquals("web", d.getMetadata().getNamespace());
        assertEquals(
                List.of("up", "--from", "registry.example.com/apps/greeter:1", "--listen", "0.0.0.0:8080"),
                d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());

        var stdout = WharfCli.run(
                "k8s",
                "manifests",
                appDir.toString(),
                "--image",
                "registry.example.com/apps/greeter:1",
                "--runtime-class",
                "wasmtime");
        assertEquals(0, stdout.exit(), stdout.err());
        assertTrue(
                stdout.out().startsWith("---\napiVersion: \"node.k8s.io/v1\"\nkind: \"RuntimeClass\""), stdout.out());
        assertTrue(stdout.out().contains("runtimeClassName: \"wasmtime\""), stdout.out());

        var badHpa = WharfCli.run("k8s", "manifests", appDir.toString(), "--image", "r.example/a:1", "--hpa", "5:1:50");
        assertEquals(2, badHpa.exit());
        assertTrue(badHpa.singleErrorLine().contains("MIN <= MAX"), badHpa.err());
        var noHost = WharfCli.run("k8s", "manifests", appDir.toString(), "--image", "r.example/a:1", "--mode", "jvm");
        assertEquals(2, noHost.exit());
        assertTrue(noHost.singleErrorLine().contains("--host-image"), noHost.err());

        var privateApp = WharfCli.run(
                "k8s",
                "manifests",
                appDir.toString(),
                "--image",
                "registry.example.com/apps/greeter:1",
                "--mode",
                "jvm",
                "--host-image",
                "registry.example.com/wharf/host:1",
                "--pull-secret",
                "registry-login");
        assertEquals(0, privateApp.exit(), privateApp.err());
        Deployment withSecret = Serialization.unmarshal(privateApp.out().split("(?m)^---\\s*$")[1]);
        var pod = withSecret.getSpec().getTemplate().getSpec();
        assertEquals("registry-login", pod.getImagePullSecrets().get(0).getName());
        assertTrue(
                pod.getContainers().get(0).getEnv().stream()
                        .anyMatch(e -> e.getName().equals("DOCKER_CONFIG")),
                privateApp.out());
        var badSecret = WharfCli.run(
                "k8s", "manifests", appDir.toString(), "--image", "r.example/a:1", "--pull-secret", "Bad_Name");
        assertEquals(2, badSecret.exit());
        assertTrue(badSecret.singleErrorLine().contains("is not a Secret name"), badSecret.err());
    }

    @Test
    void deployListLogsUndeploy() throws Exception {
        var kubeconfig = cluster.kubeconfig.toString();
        var deploy = WharfCli.run(
                "deploy",
                appDir.toString(),
                "--image",
                registry.host() + "/cli/greeter:1",
                "--replicas",
                "3",
                "--kubeconfig",
                kubeconfig);
        assertEquals(0, deploy.exit(), deploy.err());
        assertEquals("""
                created runtimeclass/wasmtime-spin-v2
                created deployment/greeter in apps
                created service/greeter in apps
                """, deploy.out());
        var again = WharfCli.run(
                "deploy", appDir.toString(), "--image", registry.host() + "/cli/greeter:2", "--kubeconfig", kubeconfig);
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("replaced deployment/greeter in apps"), again.out());

        try (var k = cluster.client()) {
            var d = k.apps()
                    .deployments()
                    .inNamespace("apps")
                    .withName("greeter")
                    .get();
            assertEquals(
                    registry.host() + "/cli/greeter:2",
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReadyReplicas(1)
                    .withUpdatedReplicas(1)
                    .withAvailableReplicas(1)
                    .build());
            k.apps().deployments().inNamespace("apps").resource(d).updateStatus();
            k.pods()
                    .inNamespace("apps")
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("greeter-7f9")
                            .withLabels(Map.of(
                                    "app.kubernetes.io/name", "greeter", "app.kubernetes.io/managed-by", "wharf"))
                            .endMetadata()
                            .build())
                    .create();
        }
        cluster.server
                .expect()
                .get()
                .withPath("/api/v1/namespaces/apps/pods/greeter-7f9/log?pretty=false&container=app&tailLines=1")
                .andReturn(200, "GET /hello 200\n")
                .always();

        var list = WharfCli.run("apps", "list", "--kubeconfig", kubeconfig);
        assertEquals(0, list.exit(), list.err());
        var lines = list.out().lines().toList();
        assertEquals(2, lines.size(), list.out());
        assertTrue(
                lines.get(0).startsWith("NAME     READY  UP-TO-DATE  AVAILABLE  HOST               AGE"), list.out());
        assertTrue(lines.get(1).startsWith("greeter  1/1             1          1  runtimeclass/spin  "), list.out());
        assertTrue(lines.get(1).endsWith(registry.host() + "/cli/greeter:2"), list.out());
        assertEquals(lines.get(0).indexOf("IMAGE"), lines.get(1).indexOf(registry.host()), "columns aligned");

        var logs = WharfCli.run("logs", "greeter", "--tail", "1", "--kubeconfig", kubeconfig);
        assertEquals(0, logs.exit(), logs.err());
        assertEquals("GET /hello 200\n", logs.out());

        var undeploy = WharfCli.run("undeploy", "greeter", "--kubeconfig", kubeconfig);
        assertEquals(0, undeploy.exit(), undeploy.err());
        assertEquals("deleted deployment/greeter in apps\ndeleted service/greeter in apps\n", undeploy.out());
        var empty = WharfCli.run("apps", "list", "-A", "--kubeconfig", kubeconfig);
        assertEquals(0, empty.exit());
        assertEquals("", empty.out());
        assertTrue(empty.err().contains("no apps deployed by wharf in any namespace"), empty.err());
    }

    @Test
    void aKubeconfigWithNoClusterIsOneLineAndNonZero() throws Exception {
        var file = dir.resolve("kubeconfig-without-cluster");
        Files.writeString(file, "apiVersion: v1\nkind: Config\ncurrent-context: \"\"\n");
        for (var args : List.of(
                List.of("apps", "list"),
                List.of("logs", "greeter"),
                List.of("undeploy", "greeter"),
                List.of("deploy", appDir.toString(), "--image", "r.example/a:1"))) {
            var all = new ArrayList<>(args);
            all.addAll(List.of("--kubeconfig", file.toString()));
            var run = WharfCli.run(all.toArray(String[]::new));
            assertEquals(1, run.exit(), args + ": " + run.err());
            assertEquals(
                    "wharf: error: kubeconfig " + file
                            + " defines no cluster; add one (kubectl config set-cluster) or use another"
                            + " file with --kubeconfig",
                    run.singleErrorLine());
        }
        assertEquals(0, cluster.server.getRequestCount());
        assertFalse(Files.exists(dir.resolve("k8s/none")));
    }
}
