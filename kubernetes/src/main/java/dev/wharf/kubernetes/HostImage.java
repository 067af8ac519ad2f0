package dev.wharf.kubernetes;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.global.JibSystemProperties;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.wharf.files.FileTrees;
import dev.wharf.oci.CredentialResolver;
import dev.wharf.oci.Digest;
import dev.wharf.oci.OciException;
import dev.wharf.oci.Reference;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Wharf's JVM host as an OCI image, built and pushed with jib-core: no Docker daemon, no Dockerfile.
 *
 * <p>A JVM image needs a base with a Java runtime and the C library it links against. Public ones
 * (eclipse-temurin, distroless/java) live on registries this machine cannot reach, so {@link #buildBase} makes one
 * from the local JDK: {@code jlink} writes a runtime of just the modules Wharf uses (about 70 MB, under /opt/java),
 * and the shared libraries its {@code java} and {@code .so} files need ({@code ldd} names them: glibc, the dynamic
 * loader) are copied in at the paths the loader looks for them, with a passwd entry for the non-root user and a
 * world-writable /tmp. That base is pushed like any image, and {@link #build} puts {@code /app/wharf.jar} on it.
 * With network access, any JRE image (e.g. eclipse-temurin:25-jre) serves as the base just as well.
 */
public final class HostImage {
    /**
     * The modules of the Java runtime the host needs (Jetty, sqlite-jdbc, fabric8, jib, Chicory's compiler). Not
     * java.desktop: it would drag the X11 and ALSA libraries into the image.
     */
    public static final List<String> MODULES = List.of(
            "java.base",
            "java.logging",
            "java.net.http",
            "java.sql",
            "java.naming",
            "java.management",
            "java.xml",
            "jdk.unsupported",
            "jdk.crypto.ec",
            "jdk.zipfs");

    public static final String JAVA_HOME = "/opt/java";
    public static final String JAR = "/app/wharf.jar";
    private static final Pattern LDD_LIBRARY = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");

    private HostImage() {}

    /**
     * Where images go and how: registry access and Jib's layer caches.
     *
     * @param insecure allow plain HTTP (Jib tries HTTPS first, then falls back)
     * @param credentials the logins for the base's and the target's registries: the same answer `wharf push` gets
     * @param cacheDir Jib's base and application layer caches go under it
     */
    public record Target(Reference reference, boolean insecure, CredentialResolver credentials, Path cacheDir) {}

    /** What was pushed: the reference pinned to the image manifest's digest. */
    public record Pushed(Reference reference, String digest) {}

    /**
     * Makes a base image from the JDK or JRE at {@code javaHome} (which must have {@code bin/jlink}) and pushes it.
     *
     * @param workDir scratch space for the linked runtime (deleted after)
     */
    public static Pushed buildBase(Path javaHome, Target target, Path workDir) {
        var jlink = javaHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new KubernetesException(
                    "base image: " + jlink + " is missing; give --java-home a JDK (jlink makes the runtime)");
        }
        Path scratch = null;
        try {
            Files.createDirectories(workDir);
            scratch = Files.createTempDirectory(workDir, "jlink-");
            var runtime = scratch.resolve("java");
            run(
                    List.of(
                            jlink.toString(),
                            "--add-modules",
                            String.join(",", MODULES),
                            "--strip-debug",
                            "--no-header-files",
                            "--no-man-pages",
                            "--output",
                            runtime.toString()),
                    "jlink a runtime from " + javaHome);

            var runtimeLayer = FileEntriesLayer.builder().setName("java runtime");
            runtimeLayer.addEntryRecursive(
                    runtime, AbsoluteUnixPath.get(JAVA_HOME), (source, in) -> permissions(source));

            var systemLayer = FileEntriesLayer.builder().setName("c library and users");
            for (var library : sharedLibraries(runtime)) {
                // the loader looks for each library under the name ldd printed: copy the file there (links resolved)
                systemLayer.addEntry(
                        library.toRealPath(),
                        AbsoluteUnixPath.get(library.toString()),
                        FilePermissions.fromOctalString("755"));
            }
            var etc = Files.createDirectories(scratch.resolve("etc"));
            var uid = AppObjects.NON_ROOT_UID;
            Files.writeString(
                    etc.resolve("passwd"),
                    "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:" + uid + ":" + uid
                            + ":nonroot:/home/nonroot:/sbin/nologin\n",
                    StandardCharsets.UTF_8);
            Files.writeString(etc.resolve("group"), "root:x:0:\nnonroot:x:" + uid + ":\n", StandardCharsets.UTF_8);
            systemLayer.addEntry(
                    etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), FilePermissions.fromOctalString("644"));
            systemLayer.addEntry(
                    etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"), FilePermissions.fromOctalString("644"));
            var tmp = Files.createDirectories(scratch.resolve("tmp"));
            // Jib writes no sticky bit; one user runs in the container, so 777 is enough
            systemLayer.addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"));
            var home = Files.createDirectories(scratch.resolve("home"));
            systemLayer.addEntry(home, AbsoluteUnixPath.get("/home/nonroot"), FilePermissions.fromOctalString("777"));

            var builder = Jib.fromScratch()
                    .setFormat(ImageFormat.OCI)
                    .addPlatform("amd64", "linux")
                    .addFileEntriesLayer(systemLayer.build())
                    .addFileEntriesLayer(runtimeLayer.build())
                    .setEnvironment(Map.of("JAVA_HOME", JAVA_HOME, "PATH", JAVA_HOME + "/bin:/usr/bin:/bin"))
                    .setUser(uid + ":" + uid)
                    .addLabel(
                            "org.opencontainers.image.description",
                            "Java runtime (jlink of " + javaHome.getFileName()
                                    + ") for Wharf's JVM host, made by `wharf k8s base-image`");
            return push(builder, target, "base image");
        } catch (IOException e) {
            throw new KubernetesException("base image: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        } finally {
            if (scratch != null) {
                FileTrees.deleteQuietly(scratch);
            }
        }
    }

    /** Where the host image keeps the JVM options its entrypoint reads (the launcher's cli/jvm.options). */
    public static final String JVM_OPTIONS = "/app/jvm.options";
    /** Where the CLI's build puts those options inside wharf.jar. */
    static final String JVM_OPTIONS_IN_JAR = "META-INF/wharf/jvm.options";

    /**
     * Puts {@code wharfJar} at {@value #JAR} on {@code base} and pushes it: entrypoint
     * {@code java @/app/jvm.options -jar /app/wharf.jar} (the options are the jar's own, those the launcher uses), non-root
     * user, port 8080. With {@code app}, the default arguments serve it: {@code up --from APP --listen 0.0.0.0:8080}.
     */
    public static Pushed build(Reference base, Path wharfJar, Optional<Reference> app, Target target) {
        if (!Files.isRegularFile(wharfJar)) {
            throw new KubernetesException(
                    "host image: " + wharfJar + " is not a file; give --jar the path of wharf.jar");
        }
        Path options = null;
        try {
            options = Files.createTempFile("wharf-jvm", ".options");
            Files.write(options, jvmOptions(wharfJar));
            var baseImage =
                    RegistryImage.named(base.toString()).addCredentialRetriever(retriever(base, target.credentials()));
            var layer = FileEntriesLayer.builder()
                    .setName("wharf")
                    .addEntry(wharfJar, AbsoluteUnixPath.get(JAR), FilePermissions.fromOctalString("644"))
                    .addEntry(options, AbsoluteUnixPath.get(JVM_OPTIONS), FilePermissions.fromOctalString("644"))
                    .build();
            var builder = Jib.from(baseImage)
                    .setFormat(ImageFormat.OCI)
                    .addFileEntriesLayer(layer)
                    .setEntrypoint(AppObjects.JVM_ENTRYPOINT)
                    .setUser(AppObjects.NON_ROOT_UID + ":" + AppObjects.NON_ROOT_UID)
                    .setWorkingDirectory(AbsoluteUnixPath.get("/tmp"))
                    .addExposedPort(Port.tcp(AppObjects.JVM_PORT))
                    .addEnvironmentVariable("WHARF_CACHE_DIR", "/tmp/wharf")
                    .addLabel("org.opencontainers.image.title", "wharf host")
                    .addLabel(
                            "org.opencontainers.image.description",
                            "Wharf's JVM app host: java @" + JVM_OPTIONS + " -jar " + JAR + " up --from APP");
            app.ifPresent(a -> builder.setProgramArguments(
                    "up", "--from", a.toString(), "--listen", "0.0.0.0:" + AppObjects.JVM_PORT));
            return push(builder, target, "host image");
        } catch (InvalidImageReferenceException e) {
            throw new KubernetesException(
                    "host image: base " + base + " is not an image reference Jib accepts: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new KubernetesException(
                    "host image: cannot read the JVM options from " + wharfJar + ": " + e.getMessage(), e);
        } finally {
            if (options != null) {
                try {
                    Files.deleteIfExists(options);
                } catch (IOException ignored) {
                    // a temp file left behind costs nothing
                }
            }
        }
    }

    /**
     * The JVM options packed in the jar; a jar built without them (an older one) gets a file that only says so, since
     * the entrypoint names the file either way.
     */
    static byte[] jvmOptions(Path wharfJar) throws IOException {
        try (var jar = new ZipFile(wharfJar.toFile())) {
            var entry = jar.getEntry(JVM_OPTIONS_IN_JAR);
            if (entry == null) {
                return "# this wharf.jar carries no JVM options\n".getBytes(StandardCharsets.UTF_8);
            }
            try (var in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    static Pushed push(JibContainerBuilder builder, Target target, String what) {
        var ref = target.reference().toString();
        boolean plainHttp = target.insecure() || isLoopback(target.reference());
        var sendOverHttp = System.getProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP);
        try {
            var image = RegistryImage.named(ref)
                    .addCredentialRetriever(retriever(target.reference(), target.credentials()));
            if (plainHttp) {
                // Jib keeps credentials off plain HTTP unless a JVM-wide property says otherwise; Wharf's own client
                // sends them wherever it may speak plain HTTP at all (loopback, or --insecure), and so does Jib here
                System.setProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP, "true");
            }
            var containerizer = Containerizer.to(image)
                    .setAllowInsecureRegistries(plainHttp)
                    .setBaseImageLayersCache(target.cacheDir().resolve("base"))
                    .setApplicationLayersCache(target.cacheDir().resolve("app"))
                    .setToolName("wharf");
            var container = builder.containerize(containerizer);
            var digest = container.getDigest().toString();
            return new Pushed(target.reference().withDigest(Digest.parse(digest)), digest);
        } catch (InvalidImageReferenceException e) {
            throw new KubernetesException(
                    what + ": " + ref + " is not an image reference Jib accepts: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            var cause = e.getCause() == null ? e : e.getCause();
            throw new KubernetesException(what + ": push to " + ref + " failed: " + describe(cause), e);
        } catch (RegistryException | CacheDirectoryCreationException | IOException e) {
            throw new KubernetesException(what + ": push to " + ref + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesException(what + ": interrupted", e);
        } finally {
            if (sendOverHttp == null) {
                System.clearProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP);
            } else {
                System.setProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP, sendOverHttp);
            }
        }
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OciException oci) {
                // the credential resolver's own line: it names the config file and the remedy
                return oci.getMessage();
            }
            if (t instanceof ConnectException) {
                return "cannot connect to the registry (" + firstLine(t.getMessage())
                        + "); check the address and that it runs";
            }
        }
        return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    /** Plain HTTP to a loopback registry is what `wharf push` allows without --insecure too. */
    private static boolean isLoopback(Reference ref) {
        var host = ref.registry().replaceFirst(":[0-9]+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /**
     * Jib asks Wharf's resolver, not its own reading of docker's config: one answer for `wharf push` and the image
     * build. An identity token keeps docker's `<token>` user name, which Jib too trades for an access token.
     */
    static CredentialRetriever retriever(Reference image, CredentialResolver credentials) {
        return () -> {
            try {
                return credentials.forRegistry(image.registry()).map(c -> Credential.from(c.username(), c.password()));
            } catch (OciException e) {
                throw new CredentialRetrievalException(e);
            }
        };
    }

    /** Keeps the runtime's own modes: bin/java and the .so files must stay executable. */
    private static FilePermissions permissions(Path source) {
        try {
            return FilePermissions.fromPosixFilePermissions(
                    Files.getPosixFilePermissions(source, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isDirectory(source)
                    ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS
                    : FilePermissions.DEFAULT_FILE_PERMISSIONS;
        }
    }

    /** The absolute paths of the shared libraries outside the runtime that its executables and libraries load. */
    static List<Path> sharedLibraries(Path runtime) throws IOException {
        var binaries = new ArrayList<Path>();
        try (Stream<Path> walk = Files.walk(runtime)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".so")
                            || p.getParent().getFileName().toString().equals("bin"))
                    .sorted(Comparator.naturalOrder())
                    .forEach(binaries::add);
        }
        var libraries = new TreeSet<String>();
        for (var binary : binaries) {
            var out = run(List.of("ldd", binary.toString()), "ldd " + binary.getFileName());
            for (var line : out.lines().toList()) {
                var m = LDD_LIBRARY.matcher(line.strip());
                if (m.find()) {
                    var path = m.group(1);
                    if (!path.startsWith(runtime.toString())) {
                        libraries.add(path);
                    }
                }
            }
        }
        return libraries.stream().map(Path::of).toList();
    }

    private static String run(List<String> command, String step) throws IOException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new KubernetesException(step + ": did not finish in 5 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KubernetesException(step + ": interrupted", e);
        }
        // ldd exits 1 for files that are not dynamic executables (e.g. a static helper): nothing to collect then
        if (p.exitValue() != 0 && !command.get(0).equals("ldd")) {
            throw new KubernetesException(step + " failed (exit " + p.exitValue() + "): " + firstLine(out));
        }
        return out;
    }
}
