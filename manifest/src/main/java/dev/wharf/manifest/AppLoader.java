package dev.wharf.manifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Loads an app from a spin.toml / wharf.toml file, a directory holding one (wharf.toml preferred), or a bare
 * .wasm (a one-component app with a {@code /...} WAGI route). Remote sources are downloaded into
 * {@code <wharf cache>/apps/<app name>/} (WHARF_CACHE_DIR or the system property wharf.cache.dir, else
 * $XDG_CACHE_HOME/wharf, else ~/.cache/wharf) and checked against their sha256 digest.
 */
public final class AppLoader {
    static final List<String> MANIFEST_NAMES = List.of("wharf.toml", "spin.toml");

    /** RUN needs everything on disk; BUILD tolerates missing sources and files, which the build makes. */
    enum Mode {
        RUN,
        BUILD
    }

    private AppLoader() {}

    /**
     * Loads an app ready to run: every component source exists (remote ones downloaded and verified) and
     * every {@code files} entry is expanded.
     *
     * @throws ManifestException with a one-line message naming file, line, key and what was expected
     */
    public static LoadResult load(Path fileOrDirOrWasm) {
        return load(fileOrDirOrWasm, Mode.RUN, defaultCacheRoot());
    }

    /**
     * Loads an app to build it: the same validation, except that component sources may not exist yet
     * (they are what the build produces), remote sources are not downloaded, and {@code files} sources that
     * do not exist are skipped.
     */
    public static LoadResult loadForBuild(Path fileOrDir) {
        return load(fileOrDir, Mode.BUILD, defaultCacheRoot());
    }

    /** The manifest {@link #load} would read for this path: the file itself, or the one found in a directory. */
    public static Path findManifest(Path fileOrDir) {
        if (Files.isDirectory(fileOrDir)) {
            for (var name : MANIFEST_NAMES) {
                var candidate = fileOrDir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate.normalize();
                }
            }
            throw new ManifestException(
                    fileOrDir,
                    0,
                    "",
                    fileOrDir + ": no wharf.toml or spin.toml here;"
                            + " pass the manifest with -f, or create an app with `wharf new`");
        }
        if (!Files.exists(fileOrDir)) {
            throw new ManifestException(fileOrDir, 0, "", fileOrDir + ": no such file or directory");
        }
        return fileOrDir;
    }

    static LoadResult load(Path fileOrDirOrWasm, Mode mode, Path cacheRoot) {
        var path = findManifest(fileOrDirOrWasm);
        if (path.getFileName().toString().endsWith(".wasm")) {
            return bareModule(path);
        }
        return new ManifestParser(path, mode, cacheRoot).parse();
    }

    private static LoadResult bareModule(Path wasm) {
        var absolute = wasm.toAbsolutePath().normalize();
        var stem = absolute.getFileName().toString().replaceFirst("\\.wasm$", "");
        var id = kebab(stem);
        if (id.isEmpty()) {
            id = "main";
        }
        var component = new Component(
                id, absolute, Optional.empty(), List.of(), Map.of(), List.of(), List.of(), Map.of(), Optional.empty());
        var trigger = new HttpTrigger("http-trigger-1", Route.parse("/..."), id, Executor.WAGI);
        var app = new App(
                absolute,
                absolute.getParent(),
                new AppInfo(stem, "", "", List.of()),
                Map.of(),
                List.of(trigger),
                Map.of(id, component));
        return new LoadResult(app, List.of());
    }

    /** "HelloWorld", "hello_world" and "Hello World!" all become "hello-world"; digits stay. */
    static String kebab(String text) {
        var spaced = text.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        var out = spaced.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        // an id starts with a letter
        return out.replaceFirst("^[0-9-]+", "");
    }

    static Path defaultCacheRoot() {
        return dev.wharf.files.CacheRoot.resolve();
    }
}
