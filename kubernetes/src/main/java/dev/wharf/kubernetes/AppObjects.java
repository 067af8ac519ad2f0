package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one app, built with fabric8's model classes: a Deployment and a ClusterIP Service,
 * an autoscaling/v2 HorizontalPodAutoscaler when asked, and in RuntimeClass mode the node.k8s.io/v1 RuntimeClass
 * that maps the pod's runtimeClassName to the containerd shim.
 */
public final class AppObjects {
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "wharf";
    /** How the app is hosted: "jvm" or "runtimeclass/&lt;shim&gt;", for `wharf apps list`. */
    public static final String HOST_ANNOTATION = "wharf.dev/host";
    /** The app's OCI artifact. */
    public static final String APP_IMAGE_ANNOTATION = "wharf.dev/app-image";
    /** The app container's name: `wharf logs` reads it. */
    public static final String CONTAINER = "app";
    /** The route Wharf's app host answers 200 on while it serves (http module's AppServer.HEALTH). */
    public static final String WHARF_HEALTH_PATH = "/.well-known/wharf/health";
    /** Where the JVM host listens: above 1023, so a non-root user may bind it without extra capabilities. */
    public static final int JVM_PORT = 8080;
    /** The Service's port: clients in the cluster call http://NAME.NAMESPACE/. */
    public static final int SERVICE_PORT = 80;
    /** The non-root user and group the JVM host image and pod run as (distroless' "nonroot" number). */
    public static final long NON_ROOT_UID = 65532;
    /**
     * The JVM host image's entrypoint, with the JVM options the launcher uses (HostImage puts them beside the jar);
     * the Deployment repeats it so the YAML says what runs.
     */
    /**
     * Where a JVM pod finds the registry login of {@link AppDeployment#pullSecret()}: the Secret's
     * `.dockerconfigjson` as `config.json` in the directory `DOCKER_CONFIG` names, where Wharf reads logins.
     */
    public static final String DOCKER_CONFIG_DIR = "/var/run/wharf/docker";

    private static final String REGISTRY_LOGIN_VOLUME = "registry-login";

    public static final List<String> JVM_ENTRYPOINT = List.of("java", "@/app/jvm.options", "-jar", "/app/wharf.jar");

    private AppObjects() {}

    /** The objects, in the order they are applied: RuntimeClass, Deployment, Service, HPA. */
    public static List<HasMetadata> build(AppDeployment app) {
        var objects = new ArrayList<HasMetadata>();
        if (app.mode() == HostMode.RUNTIMECLASS) {
            objects.add(runtimeClass(app.runtime()));
        }
        objects.add(deployment(app));
        objects.add(service(app));
        app.autoscaling().ifPresent(a -> objects.add(autoscaler(app, a)));
        return List.copyOf(objects);
    }

    /** The pod labels a Service and a Deployment select on. */
    public static Map<String, String> selector(String name) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(NAME_LABEL, name);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    public static RuntimeClass runtimeClass(WasmRuntime runtime) {
        return new RuntimeClassBuilder()
                .withNewMetadata()
                .withName(runtime.runtimeClassName)
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .endMetadata()
                .withHandler(runtime.handler)
                .build();
    }

    static Deployment deployment(AppDeployment app) {
        boolean jvm = app.mode() == HostMode.JVM;
        var podSpec = new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                .withContainers(jvm ? jvmContainer(app) : shimContainer(app))
                // the app never talks to the Kubernetes API: no token in the pod
                .withAutomountServiceAccountToken(false);
        app.pullSecret()
                .ifPresent(secret ->
                        podSpec.addNewImagePullSecret().withName(secret).endImagePullSecret());
        if (jvm) {
            podSpec.withSecurityContext(new PodSecurityContextBuilder()
                            .withRunAsNonRoot(true)
                            .withRunAsUser(NON_ROOT_UID)
                            .withRunAsGroup(NON_ROOT_UID)
                            .withFsGroup(NON_ROOT_UID)
                            .withNewSeccompProfile()
                            .withType("RuntimeDefault")
                            .endSeccompProfile()
                            .build())
                    // the root file system is read-only: the pulled app and the compile cache live here
                    .withVolumes(new VolumeBuilder()
                            .withName("tmp")
                            .withNewEmptyDir()
                            .endEmptyDir()
                            .build());
            app.pullSecret()
                    .ifPresent(secret -> podSpec.addToVolumes(new VolumeBuilder()
                            .withName(REGISTRY_LOGIN_VOLUME)
                            .withNewSecret()
                            .withSecretName(secret)
                            .addNewItem()
                            .withKey(".dockerconfigjson")
                            .withPath("config.json")
                            .endItem()
                            // owner and group (fsGroup) only: it holds the registry password
                            .withDefaultMode(0440)
                            .endSecret()
                            .build()));
        } else {
            podSpec.withRuntimeClassName(app.runtime().runtimeClassName);
        }
        var replicas = app.autoscaling().map(Autoscaling::minReplicas).orElse(app.replicas());
        return new DeploymentBuilder()
                .withMetadata(meta(app))
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(selector(app.name()))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(selector(app.name()))
                .withAnnotations(annotations(app))
                .endMetadata()
                .withSpec(podSpec.build())
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Container jvmContainer(AppDeployment app) {
        var args = List.of("up", "--from", app.appImage().toString(), "--listen", "0.0.0.0:" + JVM_PORT);
        var container = base(app, app.hostImage().orElseThrow().toString(), JVM_PORT)
                .withCommand(JVM_ENTRYPOINT)
                .withArgs(args)
                .withEnv(
                        new EnvVar("WHARF_CACHE_DIR", "/tmp/wharf", null),
                        // the JVM sizes its heap from the container's memory limit
                        new EnvVar("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError", null))
                .withVolumeMounts(new VolumeMountBuilder()
                        .withName("tmp")
                        .withMountPath("/tmp")
                        .build())
                .withStartupProbe(httpProbe(WHARF_HEALTH_PATH, 2, 2, 60))
                .withReadinessProbe(httpProbe(WHARF_HEALTH_PATH, 0, 5, 3))
                .withLivenessProbe(httpProbe(WHARF_HEALTH_PATH, 0, 10, 3))
                .withSecurityContext(new SecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(NON_ROOT_UID)
                        .withRunAsGroup(NON_ROOT_UID)
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities()
                        .withDrop("ALL")
                        .endCapabilities()
                        .build());
        if (app.pullSecret().isPresent()) {
            // `wharf up --from` pulls the app with the same login kubelet pulled the host image with
            container
                    .addToEnv(new EnvVar("DOCKER_CONFIG", DOCKER_CONFIG_DIR, null))
                    .addToVolumeMounts(new VolumeMountBuilder()
                            .withName(REGISTRY_LOGIN_VOLUME)
                            .withMountPath(DOCKER_CONFIG_DIR)
                            .withReadOnly(true)
                            .build());
        }
        return container.build();
    }

    private static Container shimContainer(AppDeployment app) {
        var runtime = app.runtime();
        var container = base(app, app.appImage().toString(), runtime.port)
                .withSecurityContext(new SecurityContextBuilder()
                        .withAllowPrivilegeEscalation(false)
                        .build());
        if (runtime == WasmRuntime.SPIN) {
            // the Spin shim ignores the command but containerd wants one; SpinKube's deployments give "/"
            container.withCommand("/");
        }
        if (runtime.healthPath != null) {
            container
                    .withReadinessProbe(httpProbe(runtime.healthPath, 0, 5, 3))
                    .withLivenessProbe(httpProbe(runtime.healthPath, 5, 10, 3));
        } else {
            container.withReadinessProbe(tcpProbe(0, 5, 3)).withLivenessProbe(tcpProbe(5, 10, 3));
        }
        return container.build();
    }

    private static ContainerBuilder base(AppDeployment app, String image, int port) {
        var r = app.resources();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .addNewPort()
                .withName("http")
                .withContainerPort(port)
                .withProtocol("TCP")
                .endPort()
                .withResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity(r.cpuRequest()))
                        .addToRequests("memory", new Quantity(r.memoryRequest()))
                        .addToLimits("cpu", new Quantity(r.cpuLimit()))
                        .addToLimits("memory", new Quantity(r.memoryLimit()))
                        .build());
    }

    private static Probe httpProbe(String path, int initialDelay, int period, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withInitialDelaySeconds(initialDelay)
                .withPeriodSeconds(period)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static Probe tcpProbe(int initialDelay, int period, int failureThreshold) {
        return new ProbeBuilder()
                .withNewTcpSocket()
                .withPort(new IntOrString("http"))
                .endTcpSocket()
                .withInitialDelaySeconds(initialDelay)
                .withPeriodSeconds(period)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    static Service service(AppDeployment app) {
        int port = app.mode() == HostMode.JVM ? JVM_PORT : app.runtime().port;
        return new ServiceBuilder()
                .withMetadata(meta(app))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector(app.name()))
                .addNewPort()
                .withName("http")
                .withPort(SERVICE_PORT)
                .withTargetPort(new IntOrString(port))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }

    static HorizontalPodAutoscaler autoscaler(AppDeployment app, Autoscaling a) {
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(meta(app))
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(app.name())
                .endScaleTargetRef()
                .withMinReplicas(a.minReplicas())
                .withMaxReplicas(a.maxReplicas())
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(a.cpuPercent())
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build();
    }

    private static ObjectMeta meta(AppDeployment app) {
        var meta = new ObjectMetaBuilder()
                .withName(app.name())
                .withLabels(selector(app.name()))
                .withAnnotations(annotations(app));
        app.namespace().ifPresent(meta::withNamespace);
        return meta.build();
    }

    private static Map<String, String> annotations(AppDeployment app) {
        var annotations = new LinkedHashMap<String, String>();
        annotations.put(HOST_ANNOTATION, app.mode() == HostMode.JVM ? "jvm" : "runtimeclass/" + app.runtime().handler);
        annotations.put(APP_IMAGE_ANNOTATION, app.appImage().toString());
        return annotations;
    }

    /** The objects as one YAML stream, documents separated by `---`, ready for `kubectl apply -f`. */
    public static String toYaml(List<HasMetadata> objects) {
        var out = new StringBuilder();
        for (var o : objects) {
            out.append(toYaml(o));
        }
        return out.toString();
    }

    /** One object as a YAML document starting with `---`. */
    public static String toYaml(HasMetadata object) {
        var yaml = Serialization.asYaml(object);
        if (!yaml.startsWith("---")) {
            yaml = "---\n" + yaml;
        }
        return yaml.endsWith("\n") ? yaml : yaml + "\n";
    }
}
