package dev.wharf.http;

import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import dev.wharf.binary.ModuleFileException;
import dev.wharf.binary.WasmFormatException;
import dev.wharf.files.FileTrees;
import dev.wharf.manifest.App;
import dev.wharf.manifest.Component;
import dev.wharf.manifest.Executor;
import dev.wharf.manifest.HttpTrigger;
import dev.wharf.manifest.ResolvedVariables;
import dev.wharf.manifest.VariableResolver;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.LoadOptions;
import dev.wharf.runtime.LoadedModule;
import dev.wharf.runtime.Preopen;
import dev.wharf.runtime.RunException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One version of an app made ready to serve: every component compiled once, checked (executor, entrypoint,
 * imports), its files staged and its grants worked out. `wharf watch` builds a new one and swaps it in; requests
 * that started on the old one finish on it, and the old one is cleaned up when the last of them is done.
 */
final class ServedApp {
    final App app;
    final Router router;
    final Map<String, ComponentPlan> components;
    final KeyValueStore kv;
    private final Path stagingDir;
    /** The server's own reference plus one per request in flight; at zero the staged files go. */
    private final AtomicInteger references = new AtomicInteger(1);

    private ServedApp(
            App app, Router router, Map<String, ComponentPlan> components, KeyValueStore kv, Path stagingDir) {
        this.app = app;
        this.router = router;
        this.components = components;
        this.kv = kv;
        this.stagingDir = stagingDir;
    }

    /**
     * @param kvOpener opens the key-value file of a state directory, shared across versions of the app
     * @throws AppHostException or {@link dev.wharf.manifest.ManifestException} (a required variable unset)
     */
    static ServedApp prepare(
            App app, Engine engine, HostOptions options, String stagingName, Function<Path, KeyValueStore> kvOpener) {
        String manifestName = app.manifestPath().getFileName().toString();
        checkExecutors(app, manifestName);
        ResolvedVariables variables = VariableResolver.resolve(app, options.processEnv());
        Path stateDir = stateDir(app, options);
        Path stagingDir = stateDir.resolve("files").resolve(stagingName);

        // compiled for the per-request limits: with the timeout's interruption poll, and metered under -W fuel
        var loading = LoadOptions.forLimits(options.limits());
        var modules = new HashMap<Path, LoadedModule>();
        var plans = new LinkedHashMap<String, ComponentPlan>();
        boolean anyStores = app.components().values().stream()
                .anyMatch(c -> !c.keyValueStores().isEmpty());
        KeyValueStore kv = anyStores ? kvOpener.apply(stateDir) : null;
        try {
            for (Component c : app.components().values()) {
                LoadedModule module = modules.computeIfAbsent(
                        c.sourcePath().toAbsolutePath().normalize(), p -> load(engine, c, p, loading));
                checkImports(c, module);
                var componentVariables = variables.forComponent(c.id());
                var env = new LinkedHashMap<String, String>();
                componentVariables.forEach((k, v) -> env.put(k.toUpperCase(Locale.ROOT), v));
                env.putAll(c.environment());
                env.putAll(options.extraEnv());
                var envList = new ArrayList<Map.Entry<String, String>>();
                env.forEach((k, v) -> envList.add(Map.entry(k, v)));
                List<Preopen> preopens =
                        FileMounts.stage(c, stagingDir.resolve(c.id())).stream().toList();
                plans.put(
                        c.id(),
                        new ComponentPlan(
                                c.id(),
                                module,
                                envList,
                                preopens,
                                AllowedHosts.parse(variables.allowedOutboundHosts(c.id()), c.id()),
                                new LinkedHashSet<>(c.keyValueStores()),
                                componentVariables,
                                manifestName,
                                ComponentPlan.importsHostApi(module)));
            }
            for (HttpTrigger t : app.httpTriggers()) {
                checkEntrypoint(t, plans.get(t.componentId()), manifestName);
            }
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(stagingDir);
            throw e;
        }
        return new ServedApp(app, new Router(app.httpTriggers()), Map.copyOf(plans), kv, stagingDir);
    }

    static Path stateDir(App app, HostOptions options) {
        return options.stateDir() != null ? options.stateDir() : app.baseDir().resolve(".wharf");
    }

    /** Takes a reference for one request; false when this version is already retired and cleaned up. */
    boolean tryRetain() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            FileTrees.deleteQuietly(stagingDir);
        }
    }

    private static void checkExecutors(App app, String manifestName) {
        for (HttpTrigger t : app.httpTriggers()) {
            if (t.executor().kind() != Executor.Kind.WAGI) {
                throw new AppHostException(manifestName + ": trigger `" + t.id() + "` (route "
                        + describe(t) + ", component `" + t.componentId() + "`) uses Spin's default executor, which "
                        + "Wharf does not run; Wharf supports executor = { type = \"wagi\" } (a WASI command that "
                        + "prints a CGI response): add it to that [[trigger.http]]");
            }
        }
    }

    private static String describe(HttpTrigger t) {
        String p = Router.pattern(t.route());
        return p.isEmpty() ? "private" : p;
    }

    private static LoadedModule load(Engine engine, Component c, Path path, LoadOptions options) {
        try {
            return engine.load(path, options);
        } catch (ModuleFileException e) {
            throw e.context("component `" + c.id() + "`")
                    .remedy(c.build().isPresent() ? "run `wharf up --build` to build it first" : null);
        } catch (WasmFormatException | RunException e) {
            throw e.context("component `" + c.id() + "`");
        } catch (RuntimeException e) {
            throw new AppHostException("component `" + c.id() + "`: cannot compile " + path + ": " + e, e);
        }
    }

    /** Only WASI preview1 and the Wharf host API can be linked: say which import is the problem, at startup. */
    private static void checkImports(Component c, LoadedModule module) {
        var wasm = module.wasm();
        var section = wasm.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            String name = imp.module() + "::" + imp.name();
            if (imp.module().equals("wasi_snapshot_preview1") && imp.importType() == ExternalType.FUNCTION) {
                continue;
            }
            if (HostApi.isHostModule(imp.module()) && imp instanceof FunctionImport f) {
                var problem = HostApi.checkImport(
                        imp.module(), imp.name(), wasm.typeSection().getType(f.typeIndex()));
                if (problem.isPresent()) {
                    throw new AppHostException("component `" + c.id() + "` ("
                            + c.sourcePath().getFileName() + "): " + problem.get() + " (see docs/host-api.md)");
                }
                continue;
            }
            throw new AppHostException("component `" + c.id() + "` ("
                    + c.sourcePath().getFileName() + ") imports `"
                    + name + "`, which Wharf does not provide: it provides WASI preview1 and the Wharf host API ("
                    + "wharf:kv, wharf:variables, wharf:log, wharf:http; see docs/host-api.md)");
        }
    }

    private static void checkEntrypoint(HttpTrigger t, ComponentPlan plan, String manifestName) {
        String entry = t.executor().entrypoint().orElse("_start");
        var exports = plan.module().wasm().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.name().equals(entry) && e.exportType() == ExternalType.FUNCTION) {
                return;
            }
        }
        throw new AppHostException(manifestName + ": trigger `" + t.id() + "` calls `" + entry + "` of component `"
                + t.componentId() + "`, which its module does not export"
                + (entry.equals("_start")
                        ? " (build it as a WASI command, not a reactor or library)"
                        : ": fix executor.entrypoint"));
    }
}
