package dev.wharf.cli;

import dev.wharf.kubernetes.AppObjects;
import dev.wharf.kubernetes.HostImage;
import dev.wharf.kubernetes.KubernetesException;
import dev.wharf.oci.CredentialResolver;
import dev.wharf.oci.OciClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `wharf k8s manifests|base-image|host-image`: the YAML that runs an app on Kubernetes, and the images its JVM mode
 * needs, built without Docker.
 */
@Command(
        name = "k8s",
        mixinStandardHelpOptions = true,
        description = "Kubernetes manifests for an app, and the JVM host image (no Docker needed).",
        subcommands = {K8sCommand.Manifests.class, K8sCommand.BaseImage.class, K8sCommand.HostImageCommand.class})
final class K8sCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    @Command(
            name = "manifests",
            mixinStandardHelpOptions = true,
            description = {
                "Write a Deployment and Service (+ HorizontalPodAutoscaler with --hpa; + the RuntimeClass in runtimeclass mode)",
                "as YAML: to stdout, or one file per object in -o DIR. `kubectl apply -f` takes either."
            })
    static final class Manifests implements Callable<Integer> {
        @Mixin
        AppDeployFlags app;

        @Option(
                names = {"-n", "--namespace"},
                paramLabel = "NS",
                description = "Put the objects in this namespace (default: none, kubectl decides).")
        String namespace;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "DIR",
                description = "Write <kind>.yaml files here instead of printing.")
        Path output;

        @Override
        public Integer call() {
            var objects = AppObjects.build(app.deployment(Optional.ofNullable(namespace)));
            if (output == null) {
                System.out.print(AppObjects.toYaml(objects));
                return 0;
            }
            try {
                Files.createDirectories(output);
                for (HasMetadata o : objects) {
                    var file = output.resolve(o.getKind().toLowerCase(Locale.ROOT) + ".yaml");
                    Files.writeString(file, AppObjects.toYaml(o));
                    System.err.println("wrote " + file);
                }
            } catch (IOException e) {
                throw new Failure("cannot write manifests to " + output + " (-o): " + e.getMessage(), e);
            }
            return 0;
        }
    }

    /** Registry and cache settings shared by the image commands. */
    static final class ImageFlags {
        @Option(
                names = "--to",
                paramLabel = "REF",
                required = true,
                description = "Where to push the image: HOST[:PORT]/REPO[:TAG].")
        String to;

        @Option(names = "--insecure", description = "Allow plain HTTP to a registry that is not on loopback.")
        boolean insecure;

        HostImage.Target target() {
            var cache = OciClient.Settings.defaultCacheRoot().resolveSibling("jib");
            return new HostImage.Target(OciFlags.reference(to), insecure, CredentialResolver.defaults(), cache);
        }
    }

    @Command(
            name = "base-image",
            mixinStandardHelpOptions = true,
            description = {
                "Make a base image for the JVM host from a local JDK (jlink runtime + the C library it needs) and push it.",
                "For machines that cannot pull eclipse-temurin or distroless images. Prints the image digest."
            })
    static final class BaseImage implements Callable<Integer> {
        @Mixin
        ImageFlags image;

        @Option(
                names = "--java-home",
                paramLabel = "DIR",
                description = "The JDK to link from (default: the one running wharf).")
        Path javaHome;

        @Override
        public Integer call() {
            var home = javaHome != null ? javaHome : Path.of(System.getProperty("java.home"));
            try {
                var work = Files.createTempDirectory("wharf-base-image-");
                try {
                    var pushed = HostImage.buildBase(home, image.target(), work);
                    System.out.println(pushed.digest());
                    System.err.println("pushed base image " + pushed.reference());
                    return 0;
                } finally {
                    Files.deleteIfExists(work);
                }
            } catch (KubernetesException e) {
                throw new Failure(e.getMessage(), e);
            } catch (IOException e) {
                throw new Failure("base image: cannot make a work directory: " + e.getMessage(), e);
            }
        }
    }

    @Command(
            name = "host-image",
            mixinStandardHelpOptions = true,
            description = {
                "Build Wharf's JVM host image (base + /app/wharf.jar, entrypoint java -jar /app/wharf.jar, user 65532)",
                "with Jib and push it; with --app, its default arguments serve that app. Prints the image digest."
            })
    static final class HostImageCommand implements Callable<Integer> {
        @Mixin
        ImageFlags image;

        @Option(
                names = "--base",
                paramLabel = "REF",
                required = true,
                description =
                        "A base image with java on PATH (`wharf k8s base-image`, or e.g. eclipse-temurin:25-jre).")
        String base;

        @Option(
                names = "--jar",
                paramLabel = "FILE",
                description = "The wharf.jar to put in (default: the one running).")
        Path jar;

        @Option(
                names = "--app",
                paramLabel = "REF",
                description = "The app the image serves by default (up --from REF).")
        String app;

        @Override
        public Integer call() {
            var wharfJar = jar != null ? jar : runningJar();
            try {
                var pushed = HostImage.build(
                        OciFlags.reference(base),
                        wharfJar,
                        Optional.ofNullable(app).map(OciFlags::reference),
                        image.target());
                System.out.println(pushed.digest());
                System.err.println("pushed host image " + pushed.reference());
                return 0;
            } catch (KubernetesException e) {
                throw new Failure(e.getMessage(), e);
            }
        }

        private static Path runningJar() {
            try {
                var location = Path.of(K8sCommand.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                    return location;
                }
            } catch (URISyntaxException | SecurityException e) {
                // fall through to the usage error
            }
            throw new Failure(
                    Cli.EXIT_USAGE, "host image: wharf is not running from wharf.jar; give its path with --jar", null);
        }
    }
}
