package dev.wharf.cli;

import dev.wharf.component.ComponentFormatException;
import dev.wharf.component.ParsedComponent;
import dev.wharf.component.runtime.ComponentLinkException;
import dev.wharf.component.runtime.ComponentPlan;
import dev.wharf.component.runtime.ComponentRunner;
import dev.wharf.component.runtime.HostProvider;
import dev.wharf.component.runtime.Linker;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.GuestRunner;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.LoadOptions;
import dev.wharf.runtime.LoadedModule;
import dev.wharf.runtime.Preopen;
import dev.wharf.runtime.RunOutcome;
import dev.wharf.runtime.RunSpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `wharf run [OPTIONS] MODULE [ARGS...]`: options before the module, the guest's argv after it. */
@Command(
        name = "run",
        description = {
            "Run a WebAssembly module in a capability sandbox.",
            "A WASI command runs its _start; a reactor runs _initialize, then the export",
            "named by --invoke. The guest sees only what you grant: directories with --dir,",
            "variables with --env. Options go before the module; everything after it is",
            "the guest's argv (or --invoke's arguments)."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "HOST[::GUEST]",
            description = "Grant the guest a host directory, mounted at GUEST (default: HOST as written). Repeatable.")
    List<String> dirs = new ArrayList<>();

    @Option(
            names = "--dir-ro",
            paramLabel = "HOST[::GUEST]",
            description = "Like --dir, but read-only: writes, creates, renames and deletes are denied (EROFS/EPERM).")
    List<String> readOnlyDirs = new ArrayList<>();

    @Option(
            names = "--env",
            paramLabel = "NAME[=VAL]",
            description = "Give the guest one environment variable; NAME alone passes the host's value. Repeatable.")
    List<String> envs = new ArrayList<>();

    @Option(
            names = "--invoke",
            paramLabel = "FUNC",
            description =
                    "Call this export instead of _start; arguments after the module are its parameters. Prints the "
                            + "results. For a component, a call in WAVE: --invoke 'NAME(ARG, ...)', as wasmtime takes it.")
    String invoke;

    @Option(
            names = "--argv0",
            paramLabel = "NAME",
            description = "The guest's argv[0] (default: the module path as given).")
    String argv0;

    @Option(
            names = "-W",
            paramLabel = "KEY[=VAL]",
            description =
                    "Wasm limits: fuel=N (instructions, deterministic), max-memory-size=BYTES, max-wasm-stack=BYTES, "
                            + "timeout=DURATION (e.g. 500ms), max-table-elements=N, trap-on-grow-failure (a refused "
                            + "memory.grow/table.grow traps instead of returning -1).")
    List<String> wasmOptions = new ArrayList<>();

    @Option(
            names = "-S",
            paramLabel = "KEY[=VAL]",
            description = "WASI options: inherit-env (pass every host variable: avoid), cli.")
    List<String> wasiOptions = new ArrayList<>();

    @Option(
            names = "-D",
            paramLabel = "KEY[=VAL]",
            description = "Debug options: fuel-report (print the fuel a run consumed), "
                    + "wasi-trace[=FILE] (each WASI call with its arguments and result, to stderr or FILE), "
                    + "coredump=PATH (on a trap, write a wasm core dump; `wharf inspect` reads it).")
    List<String> debugOptions = new ArrayList<>();

    @Option(
            names = "--allow-precompiled",
            description = "Allow MODULE to be an artifact from `wharf compile -o` (it is loaded as JVM code).")
    boolean allowPrecompiled;

    @Option(names = "--fuel", paramLabel = "N", hidden = true, description = "Older spelling of -W fuel=N.")
    String legacyFuel;

    @Option(
            names = "--max-wasm-stack",
            paramLabel = "BYTES",
            hidden = true,
            description = "Older spelling of -W max-wasm-stack=BYTES.")
    String legacyMaxWasmStack;

    @Parameters(
            index = "0",
            paramLabel = "MODULE",
            description =
                    "The .wasm module to run, or a module in a registry (HOST[:PORT]/REPO:TAG, as `wharf push` wrote it).")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The guest's arguments (or --invoke's).")
    List<String> args = new ArrayList<>();

    /**
     * `wharf run MODULE [ARGS...]` with no option before the module: the commonest run, and one that needs no option
     * parser, so it runs without building picocli's model (about 100 ms of a 250 ms start, interpreted reflection).
     * Everything after the module is the guest's either way, so the outcome is the one picocli's path gives (a test
     * runs both). Null when the arguments have any other shape: an option, an @file that picocli would expand, a
     * module path that is not a path; those go through picocli.
     */
    static Integer runWithoutOptions(String[] args) {
        if (args.length < 2 || !args[0].equals("run") || args[1].isEmpty() || args[1].startsWith("-")) {
            return null;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("@")) {
                return null;
            }
        }
        var command = new RunCommand();
        try {
            command.module = Path.of(args[1]);
        } catch (InvalidPathException e) {
            return null;
        }
        command.args.addAll(List.of(args).subList(2, args.length));
        try {
            return command.call();
        } catch (Exception e) {
            return ErrorReport.print(e, new PrintWriter(System.err, true));
        }
    }

    @Override
    public Integer call() {
        // null when run without picocli (runWithoutOptions): then no option is set, and nothing below needs it
        CommandLine cl = spec == null ? null : spec.commandLine();
        var wasmOptions = new ArrayList<>(this.wasmOptions);
        if (legacyMaxWasmStack != null) {
            wasmOptions.add("max-wasm-stack=" + legacyMaxWasmStack);
        }
        if (legacyFuel != null) {
            wasmOptions.add("fuel=" + legacyFuel);
        }
        Limits limits = RuntimeFlags.limits(cl, wasmOptions, Limits.none());
        var grants = RuntimeFlags.wasi(cl, wasiOptions);
        var debug = RuntimeFlags.debug(cl, debugOptions);
        if (debug.fuelReport() && !limits.metered()) {
            throw new CommandLine.ParameterException(cl, "-D fuel-report needs a budget: add -W fuel=N");
        }
        var preopens = new ArrayList<Preopen>();
        for (String d : dirs) {
            preopens.add(preopen(cl, d, false));
        }
        for (String d : readOnlyDirs) {
            preopens.add(preopen(cl, d, true));
        }
        var env = environment(cl, grants.inheritEnv());

        var argv = new ArrayList<String>();
        Optional<RunSpec.Invocation> invocation = Optional.empty();
        if (invoke != null) {
            invocation = Optional.of(new RunSpec.Invocation(invoke, args));
            argv.add(argv0 != null ? argv0 : module.toString());
        } else {
            argv.add(argv0 != null ? argv0 : module.toString());
            argv.addAll(args);
        }

        // `wharf run HOST/REPO:TAG` pulls the module (digest-verified, cached) and runs the local copy
        Path modulePath = RegistrySources.asReference(module.toString())
                .map(RegistrySources::pullModule)
                .orElse(module);
        if (Components.isComponent(modulePath)) {
            return runComponent(modulePath, limits, debug, preopens, env, argv);
        }
        Engine engine = Engine.withDefaults();
        LoadedModule loaded =
                engine.load(modulePath, LoadOptions.forLimits(limits).withAllowPrecompiled(allowPrecompiled));
        var spec = new RunSpec(argv, env, preopens, invocation, limits, System.in, System.out, System.err);
        var coreDumpNotice = new AtomicReference<String>();
        RunOutcome outcome;
        try (PrintStream traceFile = openTraceFile(debug)) {
            var runner = new GuestRunner(engine.log());
            if (debug.fuelReport()) {
                runner.onFuelConsumed(
                        consumed -> System.err.println("wharf: fuel consumed: " + consumed + " of " + limits.fuel()));
            }
            if (debug.wasiTrace()) {
                runner.traceWasiCalls(traceFile != null ? traceFile : System.err);
            }
            if (debug.coreDump() != null) {
                runner.writeCoreDumpOnTrap(debug.coreDump(), coreDumpNotice::set);
            }
            outcome = runner.run(loaded, spec);
        }
        switch (outcome) {
            case RunOutcome.Returned r -> r.results().forEach(System.out::println);
            case RunOutcome.Trapped t -> System.err.print(t.report().render());
            case RunOutcome.Exited x -> {}
        }
        if (coreDumpNotice.get() != null) {
            System.err.println("wharf: " + coreDumpNotice.get());
        }
        System.out.flush();
        System.err.flush();
        return outcome.exitCode();
    }

    /**
     * A component: its plan compiled (core modules through the compile cache, imports linked against the host
     * providers, see {@link HostProvider}), then `wasi:cli/run` or the --invoke call run. With --invoke the call is
     * WAVE, `NAME(ARG, ...)` as wasmtime takes it; `--invoke NAME ARG...` is read as the same call.
     */
    private Integer runComponent(
            Path path,
            Limits limits,
            RuntimeFlags.DebugOptions debug,
            List<Preopen> preopens,
            List<Map.Entry<String, String>> env,
            List<String> argv) {
        if (limits.metered()) {
            throw new Failure(module + ": -W fuel is not supported for components yet; run it without a fuel budget");
        }
        if (debug.coreDump() != null) {
            throw new Failure(module + ": -D coredump is not supported for components yet; run it without");
        }
        ParsedComponent parsed = Components.load(path, false);
        Engine engine = Engine.withDefaults();
        var providers = ServiceLoader.load(HostProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        var linker = new Linker();
        providers.forEach(p -> p.link(linker));
        ComponentPlan plan;
        try {
            plan = ComponentPlan.compile(parsed, engine, linker, limits);
        } catch (ComponentLinkException e) {
            throw e.context(module + ": cannot instantiate the component");
        } catch (ComponentFormatException e) {
            throw e.in(path);
        }
        String call = null;
        if (invoke != null) {
            call = invoke.contains("(") || args.isEmpty() ? invoke : invoke + "(" + String.join(", ", args) + ")";
            if (invoke.contains("(") && !args.isEmpty()) {
                throw new Failure("--invoke '" + invoke + "': the call already has its arguments, yet " + args.size()
                        + " more follow the component; write them inside the parentheses");
            }
        }
        var spec = new RunSpec(argv, env, preopens, Optional.empty(), limits, System.in, System.out, System.err);
        Object[] data = providers.stream().map(p -> p.runData(spec)).toArray();
        RunOutcome outcome;
        outcome = new ComponentRunner(engine.log()).run(plan, call, data);
        switch (outcome) {
            case RunOutcome.Returned r -> r.results().forEach(System.out::println);
            case RunOutcome.Trapped t -> System.err.print(t.report().render());
            case RunOutcome.Exited x -> {}
        }
        System.out.flush();
        System.err.flush();
        return outcome.exitCode();
    }

    /**
     * The -D wasi-trace=FILE target, opened (and truncated) before the guest runs so a bad path fails first. The
     * caller closes it after the run, whichever way the run ended, so the trace is complete.
     */
    private PrintStream openTraceFile(RuntimeFlags.DebugOptions debug) {
        if (debug.wasiTraceFile() == null) {
            return null;
        }
        try {
            return new PrintStream(
                    new BufferedOutputStream(Files.newOutputStream(debug.wasiTraceFile())),
                    false,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure("-D wasi-trace=" + debug.wasiTraceFile() + ": cannot write the trace there ("
                    + e.getMessage() + "); give a writable file path");
        }
    }

    private static Preopen preopen(CommandLine cl, String spec, boolean readOnly) {
        String host = spec;
        String guest = spec;
        int sep = spec.indexOf("::");
        if (sep >= 0) {
            host = spec.substring(0, sep);
            guest = spec.substring(sep + 2);
        }
        if (host.isEmpty() || guest.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "--dir " + spec + ": expected HOST or HOST::GUEST");
        }
        Path hostPath = Path.of(host);
        if (!Files.isDirectory(hostPath)) {
            throw new CommandLine.ParameterException(
                    cl,
                    "--dir " + spec + ": " + host + (Files.exists(hostPath) ? " is not a directory" : " does not exist")
                            + " on the host");
        }
        return new Preopen(hostPath, guest, readOnly);
    }

    private List<Map.Entry<String, String>> environment(CommandLine cl, boolean inheritEnv) {
        var env = new TreeMap<String, String>();
        if (inheritEnv) {
            env.putAll(System.getenv());
        }
        var ordered = new LinkedHashMap<String, String>(env);
        for (String e : envs) {
            int eq = e.indexOf('=');
            if (eq == 0) {
                throw new CommandLine.ParameterException(cl, "--env " + e + ": the variable has no name");
            }
            if (eq < 0) {
                String value = System.getenv(e);
                if (value == null) {
                    // wasmtime passes nothing for an unset host variable; say so rather than guess
                    System.err.println(
                            "wharf: warning: --env " + e + ": not set on the host, the guest will not see it");
                    continue;
                }
                ordered.put(e, value);
            } else {
                ordered.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        var out = new ArrayList<Map.Entry<String, String>>();
        ordered.forEach((k, v) -> out.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        return out;
    }
}
