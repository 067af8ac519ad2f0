package dev.wharf.cli;

import dev.wharf.kubernetes.AppDeployment;
import dev.wharf.kubernetes.Autoscaling;
import dev.wharf.kubernetes.HostMode;
import dev.wharf.kubernetes.Resources;
import dev.wharf.kubernetes.WasmRuntime;
import dev.wharf.manifest.AppLoader;
import dev.wharf.manifest.ManifestException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What `wharf k8s manifests` and `wharf deploy` share: which app, how it is hosted, how many, how big. */
final class AppDeployFlags {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "APP",
            defaultValue = ".",
            description = "The app's directory or spin.toml (default: the current directory); names the objects.")
    Path app;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Object name (default: the manifest's [application] name).")
    String name;

    @Option(
            names = "--image",
            paramLabel = "REF",
            required = true,
            description = "The app's OCI artifact, as pushed with `wharf registry push`.")
    String image;

    @Option(
            names = "--mode",
            paramLabel = "runtimeclass|jvm",
            defaultValue = "runtimeclass",
            description =
                    "runtimeclass: a containerd wasm shim runs the artifact; jvm: Wharf's own host image runs it (default: ${DEFAULT-VALUE}).")
    HostMode mode;

    @Option(
            names = "--runtime-class",
            paramLabel = "wasmtime|spin",
            defaultValue = "spin",
            description =
                    "The shim for --mode runtimeclass: spin (RuntimeClass wasmtime-spin-v2, handler spin) or wasmtime (default: ${DEFAULT-VALUE}).")
    WasmRuntime runtime;

    @Option(
            names = "--host-image",
            paramLabel = "REF",
            description = "--mode jvm: the Wharf host image (`wharf k8s host-image`).")
    String hostImage;

    @Option(
            names = "--replicas",
            paramLabel = "N",
            defaultValue = "1",
            description = "Pods to run (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--hpa", paramLabel = "MIN:MAX:CPU%", description = "Add a HorizontalPodAutoscaler, e.g. 2:10:70%.")
    String hpa;

    @Option(
            names = "--cpu",
            paramLabel = "REQ[:LIMIT]",
            description = "CPU request and limit (default: 250m:1 for jvm, 50m:500m for runtimeclass).")
    String cpu;

    @Option(
            names = "--memory",
            paramLabel = "REQ[:LIMIT]",
            description = "Memory request and limit (default: 256Mi:512Mi for jvm, 32Mi:128Mi for runtimeclass).")
    String memory;

    @Option(
            names = "--pull-secret",
            paramLabel = "SECRET",
            description =
                    "A kubernetes.io/dockerconfigjson Secret with the registry login (kubectl create secret docker-registry): kubelet pulls the image with it; with --mode jvm, Wharf pulls the app with it too.")
    String pullSecret;

    AppDeployment deployment(Optional<String> namespace) {
        try {
            var resources = Resources.defaults(mode);
            if (cpu != null) {
                resources = resources.withCpu(cpu);
            }
            if (memory != null) {
                resources = resources.withMemory(memory);
            }
            return new AppDeployment(
                    objectName(),
                    namespace,
                    mode,
                    OciFlags.reference(image),
                    Optional.ofNullable(hostImage).map(OciFlags::reference),
                    runtime,
                    replicas,
                    Optional.ofNullable(hpa).map(Autoscaling::parse),
                    resources,
                    Optional.ofNullable(pullSecret));
        } catch (IllegalArgumentException e) {
            throw new Failure(Cli.EXIT_USAGE, e.getMessage(), e);
        }
    }

    private String objectName() {
        if (name != null) {
            return name;
        }
        try {
            // the build-tolerant load: the name is all that is needed, the wasm may live only in the registry
            return AppDeployment.objectName(
                    AppLoader.loadForBuild(app).app().info().name());
        } catch (ManifestException e) {
            throw new Failure(e.getMessage() + " (or give the object name with --name)", e);
        }
    }
}
