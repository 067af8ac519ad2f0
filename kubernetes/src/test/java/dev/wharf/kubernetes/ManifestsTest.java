package dev.wharf.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.http.AppLog;
import dev.wharf.http.AppServer;
import dev.wharf.http.HostOptions;
import dev.wharf.manifest.AppLoader;
import dev.wharf.oci.AppPuller;
import dev.wharf.oci.AppPusher;
import dev.wharf.oci.OciClient;
import dev.wharf.oci.OciException;
import dev.wharf.oci.Reference;
import dev.wharf.oci.RegistryProcess;
import dev.wharf.oci.TestApps;
import dev.wharf.runtime.Engine;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The objects `wharf k8s manifests` writes, read back from their YAML: kinds and apiVersions, required fields,
 * selectors that match the pod labels, probes on routes the host really serves, ports that line up, non-root.
 */
class ManifestsTest {
    static final Reference APP = Reference.parse("registry.example.com/apps/greeter:1.2.0");
    static final Reference HOST = Reference.parse("registry.example.com/wharf/host:0.1.0");

    @TempDir
    Path dir;

    static AppDeployment jvm(Optional<Autoscaling> hpa) {
        return new AppDeployment(
                "greeter",
                Optional.of("apps"),
                HostMode.JVM,
                APP,
                Optional.of(HOST),
                WasmRuntime.SPIN,
                2,
                hpa,
                Resources.defaults(HostMode.JVM));
    }

    static AppDeployment shim(WasmRuntime runtime) {
        return new AppDeployment(
                "greeter",
                Optional.empty(),
                HostMode.RUNTIMECLASS,
                APP,
                Optional.empty(),
                runtime,
                3,
                Optional.empty(),
                Resources.defaults(HostMode.RUNTIMECLASS));
    }

    /** Serialises to YAML and parses each document back: what kubectl would read. */
    static List<HasMetadata> roundTrip(List<HasMetadata> objects) {
        var yaml = AppObjects.toYaml(objects);
        var out = new ArrayList<HasMetadata>();
        for (var doc : yaml.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                out.add(Serialization.unmarshal(doc));
            }
        }
        return out;
    }

    @Test
    void jvmModeIsADeploymentServiceAndAutoscalerThatLineUp() {
        var objects = roundTrip(AppObjects.build(jvm(Optional.of(Autoscaling.parse("2:10:70%")))));
        assertEquals(
                List.of("apps/v1 Deployment", "v1 Service", "autoscaling/v2 HorizontalPodAutoscaler"),
                objects.stream().map(o -> o.getApiVersion() + " " + o.getKind()).toList());
        var deployment = (Deployment) objects.get(0);
        var service = (Service) objects.get(1);
        var hpa = (HorizontalPodAutoscaler) objects.get(2);
        checkDeploymentAndService(deployment, service);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertNull(pod.getRuntimeClassName(), "the JVM host is an ordinary container");
        var c = pod.getContainers().get(0);
        assertEquals(HOST.toString(), c.getImage());
        assertEquals(List.of("java", "@/app/jvm.options", "-jar", "/app/wharf.jar"), c.getCommand());
        assertEquals(List.of("up", "--from", APP.toString(), "--listen", "0.0.0.0:8080"), c.getArgs());

        // probes on the health route of Wharf's app host, on the port it listens on
        for (var probe : List.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
            assertEquals(AppServer.HEALTH, probe.getHttpGet().getPath());
            assertEquals(8080, containerPort(c, probe.getHttpGet().getPort()));
        }

        // non-root, at pod and container level, with the root file system read-only and /tmp writable
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
        assertTrue(c.getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getSecurityContext().getRunAsUser() > 0);
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals("/tmp", c.getVolumeMounts().get(0).getMountPath());
        assertNotNull(pod.getVolumes().get(0).getEmptyDir());

        // resources: requests and limits for both, request <= limit (an HPA's CPU target needs the CPU request)
        var r = c.getResources();
        for (var resource : List.of("cpu", "memory")) {
            var request = Quantity.getAmountInBytes(r.getRequests().get(resource));
            var limit = Quantity.getAmountInBytes(r.getLimits().get(resource));
            assertTrue(request.compareTo(limit) <= 0, resource);
        }

        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals("apps/v1", hpa.getSpec().getScaleTargetRef().getApiVersion());
        assertEquals(
                deployment.getMetadata().getName(),
                hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(2, hpa.getSpec().getMinReplicas());
        assertEquals(10, hpa.getSpec().getMaxReplicas());
        assertEquals(
                70, hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
        assertEquals(2, deployment.getSpec().getReplicas(), "with an autoscaler the deployment starts at its minimum");
    }

    @Test
    void runtimeClassModeRunsTheArtifactUnderTheShim() {
        var objects = roundTrip(AppObjects.build(shim(WasmRuntime.SPIN)));
        assertEquals(
                List.of("node.k8s.io/v1 RuntimeClass", "apps/v1 Deployment", "v1 Service"),
                objects.stream().map(o -> o.getApiVersion() + " " + o.getKind()).toList());
        var runtimeClass = (RuntimeClass) objects.get(0);
        var deployment = (Deployment) objects.get(1);
        checkDeploymentAndService(deployment, (Service) objects.get(2));
        assertEquals("wasmtime-spin-v2", runtimeClass.getMetadata().getName());
        assertEquals("spin", runtimeClass.getHandler());
        assertNull(runtimeClass.getMetadata().getNamespace(), "RuntimeClass is cluster-scoped");
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(runtimeClass.getMetadata().getName(), pod.getRuntimeClassName());
        var c = pod.getContainers().get(0);
        assertEquals(APP.toString(), c.getImage(), "the shim pulls the app artifact itself");
        assertEquals(
                "/.well-known/spin/health", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals(80, containerPort(c, c.getReadinessProbe().getHttpGet().getPort()));
        assertEquals(3, deployment.getSpec().getReplicas());

        var wasmtime = roundTrip(AppObjects.build(shim(WasmRuntime.WASMTIME)));
        assertEquals("wasmtime", ((RuntimeClass) wasmtime.get(0)).getHandler());
        var wc = ((Deployment) wasmtime.get(1))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertNotNull(wc.getReadinessProbe().getTcpSocket(), "no health route in the wasmtime shim: probe the port");
        checkDeploymentAndService((Deployment) wasmtime.get(1), (Service) wasmtime.get(2));
    }

    /** What every Deployment + Service pair must satisfy, whatever the mode. */
    static void checkDeploymentAndService(Deployment deployment, Service service) {
        var meta = deployment.getMetadata();
        assertNotNull(meta.getName());
        assertEquals("wharf", meta.getLabels().get("app.kubernetes.io/managed-by"));
        var spec = deployment.getSpec();
        var podLabels = spec.getTemplate().getMetadata().getLabels();
        var selector = spec.getSelector().getMatchLabels();
        assertFalse(selector.isEmpty());
        assertTrue(
                podLabels.entrySet().containsAll(selector.entrySet()),
                "the Deployment's selector matches its pod labels");
        assertTrue(
                podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                "the Service selects the pods");
        var containers = spec.getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size());
        var c = containers.get(0);
        assertEquals(AppObjects.CONTAINER, c.getName());
        assertNotNull(c.getImage());
        var port = service.getSpec().getPorts().get(0);
        assertEquals(80, port.getPort());
        assertEquals(
                c.getPorts().get(0).getContainerPort(),
                port.getTargetPort().getIntVal(),
                "Service targetPort is the container port");
        assertEquals(meta.getName(), service.getMetadata().getName());
        assertEquals(meta.getNamespace(), service.getMetadata().getNamespace());
    }

    private static int containerPort(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("probe port " + port.getStrVal() + " names no container port"))
                .getContainerPort();
    }

    @Test
    void theJvmProbePathIsServedByTheAppHostRunningAPulledApp() throws Exception {
        // the whole path a JVM pod takes: the app is pushed, `wharf up --from REF` pulls it and serves it; the
        // probe in the Deployment must get 200 from that server
        var probe =
                (Probe) ((Deployment) AppObjects.build(jvm(Optional.empty())).get(0))
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getReadinessProbe();
        try (var registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")));
                var client = new OciClient(OciClient.Settings.defaults()
                        .withCacheRoot(dir.resolve("cache"))
                        .withDockerConfig(dir.resolve("none.json")))) {
            var ref = Reference.parse(registry.host() + "/apps/greeter:1");
            AppPusher.push(
                    client, AppLoader.load(TestApps.greeter(dir.resolve("src"))).app(), ref);
            var pulled = AppPuller.pull(client, ref, dir.resolve("pulled"));
            var app = AppLoader.load(pulled.manifest()).app();
            var options = HostOptions.defaults()
                    .withListen("127.0.0.1", 0)
                    .withProcessEnv(Map.of("WHARF_VARIABLE_API_KEY", "k"));
            try (var server = AppServer.start(
                            app,
                            Engine.withDefaults(),
                            options,
                            new AppLog(new PrintStream(new ByteArrayOutputStream(), true)));
                    var http = HttpClient.newHttpClient()) {
                var health = http.send(
                        HttpRequest.newBuilder(
                                        server.url().resolve(probe.getHttpGet().getPath()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
                var hello = http.send(
                        HttpRequest.newBuilder(server.url().resolve("/hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, hello.statusCode());
                assertEquals("hello from a pulled app\n", hello.body());
            }
        }
    }

    @Test
    void aPullSecretLetsKubeletPullTheImageAndTheJvmHostPullTheApp() throws Exception {
        var base = jvm(Optional.empty());
        var withSecret = new AppDeployment(
                base.name(),
                base.namespace(),
                base.mode(),
                base.appImage(),
                base.hostImage(),
                base.runtime(),
                base.replicas(),
                base.autoscaling(),
                base.resources(),
                Optional.of("registry-login"));
        var pod = ((Deployment) roundTrip(AppObjects.build(withSecret)).get(0))
                .getSpec()
                .getTemplate()
                .getSpec();
        assertEquals("registry-login", pod.getImagePullSecrets().get(0).getName());
        var volume = pod.getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .findFirst()
                .orElseThrow();
        assertEquals("registry-login", volume.getSecret().getSecretName());
        var item = volume.getSecret().getItems().get(0);
        assertEquals(".dockerconfigjson", item.getKey(), "the key kubectl create secret docker-registry writes");
        var c = pod.getContainers().get(0);
        var dockerConfig = c.getEnv().stream()
                .filter(e -> e.getName().equals("DOCKER_CONFIG"))
                .findFirst()
                .orElseThrow()
                .getValue();
        var mount = c.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume.getName()))
                .findFirst()
                .orElseThrow();
        assertEquals(dockerConfig, mount.getMountPath());
        assertTrue(mount.getReadOnly());
        assertEquals("config.json", item.getPath(), "Wharf reads $DOCKER_CONFIG/config.json");

        // the pod's `wharf up --from` reads that file: put the Secret's content where the pod would see it and pull
        // the app from a registry that checks the password
        try (var registry = RegistryProcess.startWithHtpasswd(
                Files.createDirectories(dir.resolve("registry")), "puller", "k8s-secret")) {
            var ref = Reference.parse(registry.host() + "/apps/private:1");
            var mounted = dir.resolve("pod" + dockerConfig).resolve(item.getPath());
            Files.createDirectories(mounted.getParent());
            var auth = Base64.getEncoder().encodeToString("puller:k8s-secret".getBytes(StandardCharsets.UTF_8));
            Files.writeString(
                    mounted,
                    "{\"auths\":{\"" + registry.host()
                            + "\":{\"username\":\"puller\",\"password\":\"k8s-secret\",\"auth\":\"" + auth
                            + "\"}}}");
            var settings = OciClient.Settings.defaults().withDockerConfig(mounted);
            try (var pusher = new OciClient(settings.withCacheRoot(dir.resolve("push")))) {
                AppPusher.push(
                        pusher,
                        AppLoader.load(TestApps.greeter(dir.resolve("src"))).app(),
                        ref);
            }
            try (var puller = new OciClient(settings.withCacheRoot(dir.resolve("pull")))) {
                AppPuller.pull(puller, ref, dir.resolve("pulled"));
            }
            try (var anonymous = new OciClient(OciClient.Settings.defaults()
                    .withDockerConfig(dir.resolve("none.json"))
                    .withCacheRoot(dir.resolve("anonymous")))) {
                var denied =
                        assertThrows(OciException.class, () -> AppPuller.pull(anonymous, ref, dir.resolve("denied")));
                assertEquals(OciException.Reason.UNAUTHORIZED, denied.reason(), denied.getMessage());
            }
        }

        var shimPod = ((Deployment) roundTrip(AppObjects.build(new AppDeployment(
                                "greeter",
                                Optional.empty(),
                                HostMode.RUNTIMECLASS,
                                APP,
                                Optional.empty(),
                                WasmRuntime.SPIN,
                                1,
                                Optional.empty(),
                                Resources.defaults(HostMode.RUNTIMECLASS),
                                Optional.of("registry-login"))))
                        .get(1))
                .getSpec()
                .getTemplate()
                .getSpec();
        assertEquals("registry-login", shimPod.getImagePullSecrets().get(0).getName(), "kubelet pulls the artifact");
        assertTrue(
                shimPod.getVolumes() == null || shimPod.getVolumes().isEmpty(),
                "a shim pod runs no Wharf that would read a docker config");

        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new AppDeployment(
                                "greeter",
                                Optional.empty(),
                                HostMode.RUNTIMECLASS,
                                APP,
                                Optional.empty(),
                                WasmRuntime.SPIN,
                                1,
                                Optional.empty(),
                                Resources.defaults(HostMode.RUNTIMECLASS),
                                Optional.of("Not_A_Name")))
                .getMessage()
                .startsWith("--pull-secret `Not_A_Name` is not a Secret name"));
    }

    @Test
    void badFlagsAreOneLineEach() {
        assertEquals(
                "--hpa 3:2:50%: want 1 <= MIN <= MAX and a CPU target of 1-1000%",
                assertThrows(IllegalArgumentException.class, () -> Autoscaling.parse("3:2:50%"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Autoscaling.parse("2-10"))
                .getMessage()
                .contains("MIN:MAX:CPU%"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Resources.defaults(HostMode.JVM).withCpu("2:1"))
                .getMessage()
                .contains("more than its limit"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Resources.defaults(HostMode.JVM).withMemory("lots"))
                .getMessage()
                .contains("not a Kubernetes quantity"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new AppDeployment(
                                "greeter",
                                Optional.empty(),
                                HostMode.JVM,
                                APP,
                                Optional.empty(),
                                WasmRuntime.SPIN,
                                1,
                                Optional.empty(),
                                Resources.defaults(HostMode.JVM)))
                .getMessage()
                .contains("--host-image"));
        assertEquals("hello-world", AppDeployment.objectName("Hello_World!"));
        assertEquals(63, AppDeployment.objectName("a".repeat(100)).length());
    }
}
