package dev.wharf.http;

import dev.wharf.errors.WharfException;
import dev.wharf.manifest.App;
import dev.wharf.manifest.Builder;
import dev.wharf.manifest.Component;
import dev.wharf.manifest.FileMount;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * `wharf watch`: polls the files an app depends on and, when some change, rebuilds the components whose
 * [component.x.build] `watch` globs matched, reloads the app and swaps it into the running server. Requests in
 * flight finish on the version they started on. A failed build or a broken manifest is logged and the running
 * version keeps serving until the next change fixes it.
 *
 * <p>Polling rather than inotify: it needs no per-directory registration, sees files that editors replace by
 * rename, and an app's source tree is small enough to stat every half second.
 */
public final class AppWatcher implements AutoCloseable {
    /** Directories never worth watching: VCS data, Wharf's own state, build outputs of common toolchains. */
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".wharf", ".spin", "node_modules", "target");

    private static final int MAX_FILES = 100_000;

    private final AppServer server;
    private final Supplier<App> loader;
    private final Builder builder;
    private final AppLog log;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean stopped;
    private Map<Path, Stamp> manifestAndServed;
    private Map<String, Map<Path, Stamp>> buildInputs;

    private record Stamp(long modified, long size) {}

    /**
     * @param loader loads the app again from its manifest (the same way `wharf up` loaded it)
     * @param builder runs build commands; its output goes where the CLI sends it
     */
    public AppWatcher(AppServer server, Supplier<App> loader, Builder builder, AppLog log, Duration interval) {
        this.server = server;
        this.loader = loader;
        this.builder = builder;
        this.log = log;
        this.interval = interval;
        this.thread = new Thread(this::loop, "wharf-watch");
        this.thread.setDaemon(true);
    }

    public void start() {
        snapshot(server.app());
        thread.start();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (!stopped) {
            try {
                Thread.sleep(interval.toMillis());
                checkOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("watch", "watching failed: " + e);
            }
        }
    }

    /** One poll: rebuild what needs it, reload when anything changed. Package-private for tests. */
    void checkOnce() {
        App app = server.app();
        var toBuild = new ArrayList<String>();
        for (var entry : buildInputs.entrySet()) {
            Component c = app.components().get(entry.getKey());
            if (c != null && !entry.getValue().equals(stamps(buildInputFiles(c)))) {
                toBuild.add(c.id());
            }
        }
        boolean changed = !toBuild.isEmpty() || !manifestAndServed.equals(stamps(servedFiles(app)));
        if (!changed) {
            return;
        }
        // debounce: an editor or a compiler writes in several steps; wait for the tree to settle
        settle(app);
        try {
            if (!toBuild.isEmpty()) {
                log.info("watch", "rebuilding " + String.join(", ", toBuild));
                builder.build(app, toBuild);
            }
            App next = loader.get();
            server.reload(next);
            log.info("watch", "reloaded " + next.manifestPath().getFileName() + ": serving the new version");
            snapshot(next);
        } catch (WharfException e) { // a build, manifest, module or host problem: the user fixes it and saves again
            log.error("watch", e.getMessage() + "; still serving the previous version");
            snapshot(app); // do not retry until something changes again
        }
    }

    private void settle(App app) {
        var last = stamps(everyWatchedFile(app));
        for (int i = 0; i < 10 && !stopped; i++) {
            try {
                Thread.sleep(Math.min(200, interval.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            var now = stamps(everyWatchedFile(app));
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
    }

    private void snapshot(App app) {
        manifestAndServed = stamps(servedFiles(app));
        var inputs = new HashMap<String, Map<Path, Stamp>>();
        for (Component c : app.components().values()) {
            if (c.build().isPresent() && !c.build().get().watch().isEmpty()) {
                inputs.put(c.id(), stamps(buildInputFiles(c)));
            }
        }
        buildInputs = inputs;
    }

    private List<Path> everyWatchedFile(App app) {
        var all = new ArrayList<>(servedFiles(app));
        for (Component c : app.components().values()) {
            all.addAll(buildInputFiles(c));
        }
        return all;
    }

    /** The manifest, every component's module and its mounted files: a change to any of them means reload. */
    private static List<Path> servedFiles(App app) {
        var files = new LinkedHashSet<Path>();
        files.add(app.manifestPath());
        for (Component c : app.components().values()) {
            files.add(c.sourcePath());
            for (FileMount m : c.files()) {
                files.add(m.hostPath());
            }
        }
        return new ArrayList<>(files);
    }

    /** The files under the build workdir that match the component's watch globs. */
    static List<Path> buildInputFiles(Component c) {
        if (c.build().isEmpty() || c.build().get().watch().isEmpty()) {
            return List.of();
        }
        Path root = c.build().get().workdir();
        var matchers = new ArrayList<PathMatcher>();
        for (String glob : c.build().get().watch()) {
            for (String variant : globVariants(glob)) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
            }
        }
        var out = new ArrayList<Path>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root)
                                    && SKIPPED_DIRS.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Path rel = root.relativize(file);
                    if (matchers.stream().anyMatch(m -> m.matches(rel))) {
                        out.add(file);
                    }
                    return out.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a directory that vanished mid-walk: the next poll sees the settled tree
        }
        return out;
    }

    /**
     * java.nio's `**` + `/` needs at least one directory, Spin's does not: `**` + `/*.c` must match `main.c` too, so
     * each `**` + `/` is also tried as absent.
     */
    static List<String> globVariants(String glob) {
        var variants = new LinkedHashSet<String>();
        variants.add(glob);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String v : List.copyOf(variants)) {
                int i = v.indexOf("**/");
                while (i >= 0) {
                    if (variants.add(v.substring(0, i) + v.substring(i + 3))) {
                        grew = true;
                    }
                    i = v.indexOf("**/", i + 3);
                }
            }
        }
        return List.copyOf(variants);
    }

    private static Map<Path, Stamp> stamps(List<Path> files) {
        var out = new HashMap<Path, Stamp>();
        for (Path f : files) {
            try {
                var attrs = Files.readAttributes(f, BasicFileAttributes.class);
                out.put(f, new Stamp(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), attrs.size()));
            } catch (IOException e) {
                out.put(f, new Stamp(-1, -1)); // missing now: a change if it existed before
            }
        }
        return out;
    }
}
