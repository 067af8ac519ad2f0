package dev.wharf.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The cluster of a kubeconfig, through fabric8's client: applies an app's objects (create, or replace what
 * is there), lists the apps Wharf deployed (label {@code app.kubernetes.io/managed-by=wharf}), streams their
 * pods' logs and deletes them. The kubeconfig is checked before any request, so a file that names no cluster
 * fails with a line saying which context and what to do rather than with a request to a default address.
 */
public final class Cluster implements AutoCloseable {
    /** A kubeconfig is a few kilobytes; anything huge is the wrong file. */
    private static final long MAX_KUBECONFIG_BYTES = 4L << 20;

    private final KubernetesClient client;
    private final String server;
    private final String context;
    private final String namespace;

    private Cluster(KubernetesClient client, String server, String context, String namespace) {
        this.client = client;
        this.server = server;
        this.context = context;
        this.namespace = namespace;
    }

    /**
     * Connects (lazily: no request is made here) to the cluster of {@code kubeconfig} (else $KUBECONFIG's first
     * file, else ~/.kube/config) and {@code context} (else its current-context).
     *
     * @throws KubernetesException when there is no kubeconfig, or it names no usable context or cluster
     */
    public static Cluster connect(Optional<Path> kubeconfig, Optional<String> context) {
        var file = kubeconfig.orElseGet(Cluster::defaultKubeconfig);
        String text;
        try {
            if (Files.size(file) > MAX_KUBECONFIG_BYTES) {
                throw new KubernetesException("kubeconfig " + file + " is larger than 4 MiB; is it the right file?");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KubernetesException(
                    "no kubeconfig at " + file + "; point KUBECONFIG or --kubeconfig at your cluster's"
                            + " (e.g. from `kind get kubeconfig` or your provider's CLI)",
                    e);
        } catch (IOException e) {
            throw new KubernetesException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = Serialization.unmarshal(text, io.fabric8.kubernetes.api.model.Config.class);
        } catch (RuntimeException e) {
            throw new KubernetesException(
                    "kubeconfig " + file + " is not a kubeconfig (YAML with clusters, contexts, users): "
                            + firstLine(e.getMessage()),
                    e);
        }
        if (parsed == null) {
            throw new KubernetesException("kubeconfig " + file + " is empty; it defines no cluster");
        }
        var contextName = context.or(
                        () -> Optional.ofNullable(parsed.getCurrentContext()).filter(s -> !s.isBlank()))
                .orElse(null);
        var contexts = Optional.ofNullable(parsed.getContexts()).orElse(List.of());
        var clusters = Optional.ofNullable(parsed.getClusters()).orElse(List.of());
        if (clusters.isEmpty()) {
            throw new KubernetesException(
                    "kubeconfig " + file + " defines no cluster; add one (kubectl config set-cluster) or use"
                            + " another file with --kubeconfig");
        }
        if (contextName == null) {
            throw new KubernetesException("kubeconfig " + file + " has no current-context; choose one with --context or"
                    + " `kubectl config use-context NAME` (contexts: " + names(contexts) + ")");
        }
        var named = contexts.stream()
                .filter(c -> contextName.equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new KubernetesException("kubeconfig " + file + " has no context `" + contextName
                        + "` (contexts: " + names(contexts) + ")"));
        var clusterName = named.getContext() == null ? null : named.getContext().getCluster();
        var cluster = clusters.stream()
                .filter(c -> c.getName() != null && c.getName().equals(clusterName))
                .findFirst()
                .map(NamedCluster::getCluster)
                .orElseThrow(() -> new KubernetesException("kubeconfig " + file + ": context `" + contextName
                        + "` names cluster `" + clusterName + "`, which the file does not define"));
        if (cluster.getServer() == null || cluster.getServer().isBlank()) {
            throw new KubernetesException(
                    "kubeconfig " + file + ": cluster `" + clusterName + "` has no server address");
        }
        Config config;
        try {
            config = Config.fromKubeconfig(contextName, text, file.toString());
        } catch (RuntimeException e) {
            throw new KubernetesException(
                    "kubeconfig " + file + ": context `" + contextName + "`: " + firstLine(e.getMessage()), e);
        }
        // a CLI talks to the cluster once per step: fail fast instead of fabric8's ten retries with backoff
        config.setRequestRetryBackoffLimit(0);
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(30_000);
        var ns = Optional.ofNullable(named.getContext().getNamespace())
                .filter(s -> !s.isBlank())
                .orElse("default");
        var client = new KubernetesClientBuilder().withConfig(config).build();
        return new Cluster(client, cluster.getServer(), contextName, ns);
    }

    private static Path defaultKubeconfig() {
        var env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(File.pathSeparator)[0]);
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    private static String names(List<NamedContext> contexts) {
        return contexts.isEmpty()
                ? "none"
                : String.join(", ", contexts.stream().map(NamedContext::getName).toList());
    }

    /** The namespace of the kubeconfig's context ("default" when it names none). */
    public String namespace() {
        return namespace;
    }

    public String server() {
        return server;
    }

    public String context() {
        return context;
    }

    /**
     * What applying one object did.
     *
     * @param namespace null for cluster-scoped objects (RuntimeClass)
     */
    public record Applied(String kind, String name, String namespace, boolean created) {}

    /** Creates each object, or replaces the one of the same kind and name; namespaced ones go to {@code ns}. */
    public List<Applied> apply(List<HasMetadata> objects, String ns) {
        var out = new ArrayList<Applied>();
        for (var object : objects) {
            var kind = object.getKind();
            var name = object.getMetadata().getName();
            boolean clusterScoped = object instanceof io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
            var step = "apply " + kind + " " + (clusterScoped ? "" : ns + "/") + name;
            var copy = Serialization.clone(object);
            if (!clusterScoped) {
                copy.getMetadata().setNamespace(ns);
            }
            var resource = clusterScoped
                    ? client.resource(copy)
                    : client.resource(copy).inNamespace(ns);
            boolean exists = call(step, () -> resource.get() != null);
            call(step, () -> resource.createOr(NonDeletingOperation::update));
            out.add(new Applied(kind, name, clusterScoped ? null : ns, !exists));
        }
        return out;
    }

    /**
     * One deployed app, as `wharf apps list` shows it.
     *
     * @param host "jvm" or "runtimeclass/&lt;shim&gt;"
     * @param desired the Deployment's replicas
     * @param ready pods passing their readiness probe
     * @param available pods ready for at least minReadySeconds
     */
    public record DeployedApp(
            String name,
            String namespace,
            String host,
            String image,
            int desired,
            int ready,
            int upToDate,
            int available,
            Instant created) {}

    /** Apps Wharf deployed in {@code ns}, or in every namespace when it is empty; sorted by namespace, then name. */
    public List<DeployedApp> apps(Optional<String> ns) {
        var step = "list apps" + ns.map(n -> " in namespace " + n).orElse(" in all namespaces");
        List<Deployment> items = call(
                step,
                () -> (ns.isPresent()
                                ? client.apps()
                                        .deployments()
                                        .inNamespace(ns.get())
                                        .withLabel(AppObjects.MANAGED_BY_LABEL, AppObjects.MANAGED_BY)
                                        .list()
                                : client.apps()
                                        .deployments()
                                        .inAnyNamespace()
                                        .withLabel(AppObjects.MANAGED_BY_LABEL, AppObjects.MANAGED_BY)
                                        .list())
                        .getItems());
        return items.stream()
                .map(Cluster::deployedApp)
                .sorted(Comparator.comparing(DeployedApp::namespace).thenComparing(DeployedApp::name))
                .toList();
    }

    private static DeployedApp deployedApp(Deployment d) {
        var meta = d.getMetadata();
        var annotations = Optional.ofNullable(meta.getAnnotations()).orElse(Map.of());
        var status = d.getStatus();
        Instant created = null;
        if (meta.getCreationTimestamp() != null) {
            try {
                created = Instant.parse(meta.getCreationTimestamp());
            } catch (DateTimeParseException e) {
                // an odd timestamp only costs the AGE column
            }
        }
        return new DeployedApp(
                meta.getName(),
                meta.getNamespace(),
                annotations.getOrDefault(AppObjects.HOST_ANNOTATION, "?"),
                annotations.getOrDefault(AppObjects.APP_IMAGE_ANNOTATION, "?"),
                d.getSpec() == null || d.getSpec().getReplicas() == null
                        ? 0
                        : d.getSpec().getReplicas(),
                status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas(),
                status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas(),
                status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas(),
                created);
    }

    /**
     * Writes the logs of the app's pods to {@code out}: each line prefixed with `[pod] ` when there are several.
     * With {@code follow}, keeps streaming until every pod's stream ends (or the thread is interrupted).
     *
     * @param tailLines the last N lines of each pod, or null for all
     */
    public void logs(String app, String ns, boolean follow, Integer tailLines, PrintStream out) {
        var step = "logs of app " + ns + "/" + app;
        List<Pod> pods = call(
                step,
                () -> client.pods()
                        .inNamespace(ns)
                        .withLabels(AppObjects.selector(app))
                        .list()
                        .getItems());
        if (pods.isEmpty()) {
            throw new KubernetesException(step + ": no pods (is it deployed? `wharf apps list -n " + ns + "`)");
        }
        var names = pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
        boolean prefix = names.size() > 1;
        if (!follow) {
            for (var pod : names) {
                String text = call(step + " (pod " + pod + ")", () -> {
                    var log = client.pods().inNamespace(ns).withName(pod).inContainer(AppObjects.CONTAINER);
                    return tailLines == null
                            ? log.getLog()
                            : log.tailingLines(tailLines).getLog();
                });
                text.lines().forEach(line -> out.println(prefix ? "[" + pod + "] " + line : line));
            }
            out.flush();
            return;
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var tasks = new ArrayList<Future<?>>();
            for (var pod : names) {
                tasks.add(pool.submit(() -> {
                    var sink = new LineSink(out, prefix ? "[" + pod + "] " : "");
                    var log = client.pods().inNamespace(ns).withName(pod).inContainer(AppObjects.CONTAINER);
                    var loggable = tailLines == null ? log : log.tailingLines(tailLines);
                    try (var watch = loggable.watchLog(sink)) {
                        // watchLog copies on the client's threads; wait until the server ends the stream
                        var error = watch.onClose().toCompletableFuture().get();
                        if (error instanceof RuntimeException r) {
                            throw r;
                        } else if (error != null) {
                            throw new KubernetesClientException(error.getMessage(), error);
                        }
                    }
                    sink.flush();
                    return null;
                }));
            }
            for (var t : tasks) {
                try {
                    t.get();
                } catch (ExecutionException e) {
                    var cause = e.getCause() instanceof KubernetesClientException k ? k : e.getCause();
                    throw failure(step, cause instanceof RuntimeException r ? r : new RuntimeException(cause));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Splits a byte stream into lines and prints each with a prefix, so lines of several pods never interleave. */
    private static final class LineSink extends OutputStream {
        private final PrintStream out;
        private final String prefix;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(PrintStream out, String prefix) {
            this.out = out;
            this.prefix = prefix;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else if (line.size() < 1 << 20) {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                emit();
            }
            out.flush();
        }

        private void emit() {
            var text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            synchronized (out) {
                out.println(prefix + text);
            }
        }
    }

    /**
     * Deletes the app's Deployment, Service and HorizontalPodAutoscaler (only objects labelled as Wharf's).
     * The RuntimeClass stays: other apps use it. Returns what was deleted, as `kind/name`.
     */
    public List<String> undeploy(String app, String ns) {
        var step = "undeploy app " + ns + "/" + app;
        var deleted = new ArrayList<String>();
        var deployment = call(
                step,
                () -> client.apps().deployments().inNamespace(ns).withName(app).get());
        var service =
                call(step, () -> client.services().inNamespace(ns).withName(app).get());
        var hpa = call(
                step,
                () -> client.autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace(ns)
                        .withName(app)
                        .get());
        for (HasMetadata o : new HasMetadata[] {hpa, deployment, service}) {
            if (o == null) {
                continue;
            }
            var labels = Optional.ofNullable(o.getMetadata().getLabels()).orElse(Map.of());
            if (!AppObjects.MANAGED_BY.equals(labels.get(AppObjects.MANAGED_BY_LABEL))) {
                throw new KubernetesException(step + ": " + o.getKind() + " " + app + " is not managed by wharf (label "
                        + AppObjects.MANAGED_BY_LABEL + "=" + labels.get(AppObjects.MANAGED_BY_LABEL)
                        + "); delete it with kubectl if you mean to");
            }
        }
        for (HasMetadata o : new HasMetadata[] {hpa, deployment, service}) {
            if (o != null) {
                call(step, () -> client.resource(o).inNamespace(ns).delete());
                deleted.add(o.getKind().toLowerCase(Locale.ROOT) + "/" + app);
            }
        }
        if (deleted.isEmpty()) {
            throw new KubernetesException(step + ": no such app in namespace " + ns + " (see `wharf apps list -A`)");
        }
        return deleted;
    }

    private <T> T call(String step, Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw failure(step, e);
        }
    }

    /** fabric8's exceptions carry a status code and often a cause chain ending in the socket's error. */
    private KubernetesException failure(String step, RuntimeException e) {
        var where = "cluster " + server + " (context " + context + ")";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return new KubernetesException(
                        step + ": cannot reach " + where + " (" + t.getClass().getSimpleName()
                                + "); check that the cluster runs and the kubeconfig's server address",
                        e);
            }
            if (t instanceof UnknownHostException) {
                return new KubernetesException(
                        step + ": cannot resolve the host of " + where + "; check the kubeconfig's server address", e);
            }
        }
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            var reason = k.getStatus() != null && k.getStatus().getMessage() != null
                    ? k.getStatus().getMessage()
                    : firstLine(k.getMessage());
            var remedy = switch (k.getCode()) {
                case 401 -> "; your credentials were refused: log in again";
                case 403 -> "; your user may not do this: ask for RBAC rights";
                case 404 -> "; the API or namespace does not exist there";
                default -> "";
            };
            return new KubernetesException(
                    step + ": " + where + " answered HTTP " + k.getCode() + ": " + reason + remedy, e);
        }
        return new KubernetesException(step + ": " + where + ": " + firstLine(String.valueOf(e.getMessage())), e);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        var line = text.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** How long ago, as kubectl shows ages: 45s, 12m, 3h, 5d. */
    public static String age(Instant created, Instant now) {
        if (created == null) {
            return "?";
        }
        var d = Duration.between(created, now);
        if (d.isNegative()) {
            return "0s";
        }
        if (d.toSeconds() < 120) {
            return d.toSeconds() + "s";
        }
        if (d.toMinutes() < 120) {
            return d.toMinutes() + "m";
        }
        if (d.toHours() < 48) {
            return d.toHours() + "h";
        }
        return d.toDays() + "d";
    }

    @Override
    public void close() {
        client.close();
    }
}
