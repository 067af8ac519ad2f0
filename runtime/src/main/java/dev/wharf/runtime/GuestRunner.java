package dev.wharf.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wharf.fuel.FuelTank;
import dev.wharf.wasi.Denial;
import dev.wharf.wasi.WasiExitException;
import dev.wharf.wasi.WasiHost;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Runs one guest: grants it its WASI capabilities, instantiates the compiled module with the limits
 * asked for, runs `_initialize`/`_start` or the invoked export on a thread of its own (whose stack size
 * is the wasm stack cap, and which a timeout can interrupt), and reports how it ended.
 */
public final class GuestRunner {
    static final String WASI_MODULE = "wasi_snapshot_preview1";
    private static final long PAGE = 65536;

    private final WharfLog log;
    private LongConsumer fuelReport = consumed -> {};
    private Executor guestThreads;
    private PrintStream wasiTrace;
    private Path coreDumpFile;
    private Consumer<String> coreDumpNotice = line -> {};

    public GuestRunner(WharfLog log) {
        this.log = log;
    }

    /** Told how much fuel each metered run consumed, however it ended. */
    public GuestRunner onFuelConsumed(LongConsumer report) {
        this.fuelReport = report;
        return this;
    }

    /**
     * Runs guests on threads of {@code threads} (reused across runs) instead of starting a thread per run: an app
     * host serving many short requests cannot afford a thread start each. Its threads need a stack as deep as
     * the guests' (see {@link Limits#DEFAULT_STACK_BYTES}); timeouts still interrupt only the run they are for.
     */
    public GuestRunner runOn(Executor threads) {
        this.guestThreads = threads;
        return this;
    }

    /**
     * Also writes every WASI call, one strace-like line each ({@link dev.wharf.host.HostCall#line()}), and finally
     * how the run ended, to {@code out}; WHARF_LOG=wasi=trace shows the same lines in the log. Turns on the
     * diagnostic root (see WasiHost.Builder.diagnosticRoot) so paths the guest could not reach are traced too.
     */
    public GuestRunner traceWasiCalls(PrintStream out) {
        this.wasiTrace = out;
        return this;
    }

    /**
     * On a trap, writes a wasm core dump (tool-conventions Coredump format, see dev.wharf.coredump.CoreDump) of the
     * instance to {@code file}, atomically, and tells {@code notice} one line saying where, or why there is none.
     */
    public GuestRunner writeCoreDumpOnTrap(Path file, Consumer<String> notice) {
        this.coreDumpFile = file;
        this.coreDumpNotice = notice;
        return this;
    }

    public RunOutcome run(LoadedModule module, RunSpec spec) {
        RunOutcome outcome = runGuest(module, spec);
        traceLine(ending(outcome));
        return outcome;
    }

    private RunOutcome runGuest(LoadedModule module, RunSpec spec) {
        if (spec.limits().timeout() != null && !module.interruptible()) {
            throw new RunException(module.displayName() + " was compiled without interruption polls, so a timeout "
                    + "could not stop it: load it with LoadOptions.forLimits(limits) for limits that set the timeout");
        }
        var outcome = new AtomicReference<RunOutcome>();
        var failure = new AtomicReference<RuntimeException>();
        Runnable body = () -> {
            try {
                outcome.set(runOnThisThread(module, spec));
            } catch (RuntimeException e) {
                failure.set(e);
            } catch (StackOverflowError e) {
                // overflow outside compiled code (e.g. in a host call): still the guest's doing
                outcome.set(new RunOutcome.Trapped(new TrapReport(
                        module.displayName(), TrapKind.STACK_EXHAUSTED, null, Backtraces.of(e, module))));
            }
        };
        var thread = GuestThread.start(body, guestThreads, spec.limits().threadStackBytes());
        boolean timedOut = false;
        try {
            var timeout = spec.limits().timeout();
            if (timeout == null) {
                thread.join();
            } else if (!thread.join(timeout)) {
                timedOut = true;
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new RunException("interrupted while waiting for the guest");
        }
        flushQuietly(spec.stdout());
        flushQuietly(spec.stderr());
        if (timedOut) {
            var frames =
                    outcome.get() instanceof RunOutcome.Trapped t ? t.report().frames() : List.<TrapReport.Frame>of();
            return new RunOutcome.Trapped(new TrapReport(
                    module.displayName(),
                    TrapKind.TIMEOUT,
                    "after " + spec.limits().timeout().toMillis() + " ms (-W timeout)",
                    frames));
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return outcome.get();
    }

    private RunOutcome runOnThisThread(LoadedModule module, RunSpec spec) {
        checkImports(module, spec);
        var wasiBuilder = WasiHost.builder()
                .args(spec.argv())
                .stdin(spec.stdin())
                .stdout(spec.stdout())
                .stderr(spec.stderr());
        for (Map.Entry<String, String> e : spec.env()) {
            wasiBuilder.env(e.getKey(), e.getValue());
        }
        for (Preopen p : spec.preopens()) {
            wasiBuilder.preopen(p.hostDir(), p.guestPath(), p.readOnly());
        }
        boolean debug = log.enabled(WharfLog.WHARF, WharfLog.Level.DEBUG);
        boolean tracing = wasiTrace != null || log.enabled(WharfLog.WASI, WharfLog.Level.TRACE);
        if (debug) {
            wasiBuilder.denialListener(this::logDenial);
        }
        if (tracing) {
            wasiBuilder.callListener(c -> traceLine(c.line()));
        }
        // only for diagnostics: it makes paths outside every grant reach the host, to be traced and explained
        wasiBuilder.diagnosticRoot(debug || tracing);
        try (WasiHost wasi = wasiBuilder.build()) {
            // only what the module imports: building all of preview1 for every instance cost an app host's request
            var imports = ImportValues.builder()
                    .addFunction(wasi.hostFunctions(wasiImports(module)))
                    .addFunction(spec.hostFunctions().toArray(new HostFunction[0]))
                    .build();
            var builder = instanceBuilder(module, imports, spec.limits(), log);
            Instance instance;
            try {
                instance = builder.build();
            } catch (WasiExitException e) {
                return new RunOutcome.Exited(e.exitCode());
            } catch (ChicoryException e) {
                if (isTrap(e)) {
                    RunOutcome trapped = trapped(module, e);
                    coreDumpNotice(module, null, trapped);
                    return trapped;
                }
                throw new RunException("cannot instantiate " + module.displayName() + ": " + e.getMessage(), e);
            }
            FuelTank tank = fillTank(module, spec.limits(), instance);
            try {
                RunOutcome outcome = execute(module, spec, instance, tank);
                coreDumpNotice(module, instance, outcome);
                return outcome;
            } finally {
                if (tank != null && spec.limits().metered()) {
                    log.debug("fuel consumed: " + tank.consumed() + " of "
                            + spec.limits().fuel());
                    fuelReport.accept(tank.consumed());
                }
                // the run, its outcome and any core dump are done with the memory: its array can serve the next
                if (instance.memory() instanceof FlatMemory flat) {
                    flat.release();
                }
            }
        }
    }

    /**
     * An instance builder for the module with the imports given and the limits applied: memory and table caps,
     * Wharf's memory and table factories, and initialisation (data, elements, the start section) without `_start`,
     * which is the caller's to call. Refuses a module whose memory or tables start above the caps.
     */
    static Instance.Builder instanceBuilder(LoadedModule module, ImportValues imports, Limits limits, WharfLog log) {
        var builder = Instance.builder(module.wasm())
                .withImportValues(imports)
                .withMachineFactory(module.machines())
                .withStart(false);
        memoryLimits(module, limits).ifPresent(builder::withMemoryLimits);
        checkTables(module, limits);
        boolean trapOnGrow = limits.trapOnGrowFailure();
        if (trapOnGrow || log.debug()) {
            builder.withMemoryFactory(GrowLimits.memoryFactory(limits, trapOnGrow, log));
        } else {
            builder.withMemoryFactory(GuestRunner::newMemory);
        }
        // always ours, not only for caps: Chicory's default table grows the limits object it shares with the
        // module, so one instance's table.grow would make the next instance start with a bigger table
        builder.withTableFactory(GrowLimits.tableFactory(limits, trapOnGrow, log));
        return builder;
    }

    /** Every unshared memory is a FlatMemory (several times faster than Chicory's paged default; see its doc). */
    static com.dylibso.chicory.runtime.Memory newMemory(MemoryLimits limits) {
        return limits.shared() ? new com.dylibso.chicory.runtime.ByteBufferMemory(limits) : new FlatMemory(limits);
    }

    /**
     * A metered module counts down a fuel global: fill it before any guest code runs. A metered module
     * run without a budget gets an effectively endless one, so loading metered never changes behaviour.
     */
    private static FuelTank fillTank(LoadedModule module, Limits limits, Instance instance) {
        if (limits.metered() && !module.metered()) {
            throw new IllegalStateException(
                    "-W fuel needs the module loaded with metering (LoadOptions.forLimits(limits))");
        }
        if (!module.metered()) {
            return null;
        }
        FuelTank tank = FuelTank.of(instance, module.metering().get());
        tank.fill(limits.metered() ? limits.fuel() : Long.MAX_VALUE / 2);
        return tank;
    }

    private RunOutcome execute(LoadedModule module, RunSpec spec, Instance instance, FuelTank tank) {
        var exports = exportedFunctions(module);
        try {
            if (tank != null) {
                // the metered rewrite moved the start function to an export: run it now that there is fuel
                module.metering().get().runStart(instance);
            }
            if (exports.contains("_initialize")) {
                instance.export("_initialize").apply();
            }
            if (spec.invocation().isPresent()) {
                var inv = spec.invocation().get();
                if (!exports.contains(inv.function())) {
                    throw new RunException(module.displayName() + " has no exported function `" + inv.function() + "`"
                            + suggestExports(exports));
                }
                var type = instance.exportType(inv.function());
                long[] args = InvokeValues.parseArgs(inv.function(), type, inv.args());
                long[] results = instance.export(inv.function()).apply(args);
                return new RunOutcome.Returned(
                        InvokeValues.formatResults(type, results == null ? new long[0] : results));
            }
            if (exports.contains("_start")) {
                instance.export("_start").apply();
                return new RunOutcome.Exited(0);
            }
            if (exports.contains("_initialize")) {
                return new RunOutcome.Exited(0);
            }
            throw new RunException(module.displayName() + " exports neither `_start` nor `_initialize`: "
                    + "name a function with --invoke" + suggestExports(exports));
        } catch (WasiExitException e) {
            return new RunOutcome.Exited(e.exitCode());
        } catch (ChicoryInterruptedException e) {
            return new RunOutcome.Trapped(
                    new TrapReport(module.displayName(), TrapKind.TIMEOUT, null, Backtraces.of(e, module)));
        } catch (ChicoryException e) {
            if (tank != null && tank.exhausted()) {
                return new RunOutcome.Trapped(new TrapReport(
                        module.displayName(),
                        TrapKind.OUT_OF_FUEL,
                        "after " + tank.consumed() + " units; the budget was -W fuel="
                                + spec.limits().fuel(),
                        Backtraces.of(e, module)));
            }
            return trapped(module, e);
        }
    }

    private static boolean isTrap(ChicoryException e) {
        return GrowLimits.growFailure(e) != null || TrapKind.classify(e.getMessage()) != TrapKind.HOST_ERROR;
    }

    /** With -D coredump: writes the dump of a trapped run and says so; any other outcome writes nothing. */
    private void coreDumpNotice(LoadedModule module, Instance instance, RunOutcome outcome) {
        if (coreDumpFile == null || !(outcome instanceof RunOutcome.Trapped t)) {
            return;
        }
        if (instance == null) {
            coreDumpNotice.accept("no core dump written: the guest trapped while it was being instantiated, "
                    + "before it had an instance to dump");
            return;
        }
        try {
            CoreDumps.write(coreDumpFile, CoreDumps.capture(module, instance, t.report()));
            coreDumpNotice.accept("core dump written to " + coreDumpFile);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            coreDumpNotice.accept("no core dump written to " + coreDumpFile + ": " + e.getMessage());
        }
    }

    /** One line for the WASI trace: to the -D wasi-trace stream and to WHARF_LOG's wasi target. */
    private void traceLine(String line) {
        if (wasiTrace != null) {
            wasiTrace.println(line);
        }
        log.log(WharfLog.WASI, WharfLog.Level.TRACE, line);
    }

    /** How a run ended, as strace ends its trace. */
    private static String ending(RunOutcome outcome) {
        return switch (outcome) {
            case RunOutcome.Exited x -> "+++ exited with " + x.code() + " +++";
            case RunOutcome.Returned r ->
                "+++ returned " + (r.results().isEmpty() ? "nothing" : String.join(" ", r.results())) + " +++";
            case RunOutcome.Trapped t ->
                "+++ " + (t.report().kind() == TrapKind.HOST_ERROR ? "stopped: " : "trapped: ")
                        + t.report().kind().message() + " +++";
        };
    }

    private RunOutcome trapped(LoadedModule module, ChicoryException e) {
        var grow = GrowLimits.growFailure(e);
        if (grow != null) {
            return new RunOutcome.Trapped(
                    new TrapReport(module.displayName(), grow.kind, grow.detail, Backtraces.of(e, module)));
        }
        var kind = TrapKind.classify(e.getMessage());
        String detail = e.getMessage();
        if (kind == TrapKind.HOST_ERROR && e.getCause() != null) {
            detail = e.getCause().toString();
        }
        log.debug("trap: " + e);
        return new RunOutcome.Trapped(new TrapReport(module.displayName(), kind, detail, Backtraces.of(e, module)));
    }

    /**
     * Wharf provides WASI preview1 and the run's own host functions, nothing else: say so before instantiation
     * fails obscurely.
     */
    private static void checkImports(LoadedModule module, RunSpec spec) {
        var section = module.wasm().importSection();
        var provided = new HashSet<String>();
        for (HostFunction f : spec.hostFunctions()) {
            provided.add(f.module() + "::" + f.name());
        }
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            boolean extra =
                    imp.importType() == ExternalType.FUNCTION && provided.contains(imp.module() + "::" + imp.name());
            if (!extra && (!imp.module().equals(WASI_MODULE) || imp.importType() != ExternalType.FUNCTION)) {
                throw new RunException(module.displayName() + " imports " + kind(imp) + " `" + imp.module() + "::"
                        + imp.name() + "`, which Wharf does not provide (it provides WASI preview1, `"
                        + WASI_MODULE + "`)");
            }
        }
    }

    /** The names of the preview1 functions the module imports. */
    private static List<String> wasiImports(LoadedModule module) {
        var section = module.wasm().importSection();
        var names = new ArrayList<String>(section.importCount());
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION && imp.module().equals(WASI_MODULE)) {
                names.add(imp.name());
            }
        }
        return names;
    }

    private static String kind(Import imp) {
        return imp.importType().name().toLowerCase(Locale.ROOT);
    }

    private static Optional<MemoryLimits> memoryLimits(LoadedModule module, Limits limits) {
        if (limits.maxMemoryBytes() <= 0) {
            return Optional.empty();
        }
        var section = module.wasm().memorySection();
        if (section.isEmpty() || section.get().memoryCount() == 0) {
            return Optional.empty();
        }
        var declared = section.get().getMemory(0).limits();
        long capPages = limits.maxMemoryBytes() / PAGE;
        if (declared.initialPages() > capPages) {
            throw new RunException(module.displayName() + " needs " + declared.initialPages() * PAGE
                    + " bytes of memory at start, above -W max-memory-size=" + limits.maxMemoryBytes());
        }
        int max = (int) Math.min(declared.maximumPages(), capPages);
        return Optional.of(new MemoryLimits(declared.initialPages(), max));
    }

    /** A module whose tables start bigger than -W max-table-elements allows is refused before it runs. */
    private static void checkTables(LoadedModule module, Limits limits) {
        if (limits.maxTableElements() <= 0) {
            return;
        }
        var tables = module.wasm().tableSection();
        for (int i = 0; i < tables.tableCount(); i++) {
            long initial = tables.getTable(i).limits().min();
            if (initial > limits.maxTableElements()) {
                throw new RunException(module.displayName() + ": table " + i + " needs " + initial
                        + " elements at start, above -W max-table-elements=" + limits.maxTableElements()
                        + " (raise the cap to at least " + initial + ")");
            }
        }
    }

    private static Set<String> exportedFunctions(LoadedModule module) {
        var names = new HashSet<String>();
        var section = module.wasm().exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            var e = section.getExport(i);
            // `wharf:` names are added by Wharf's own rewrites (fuel), not the guest's API
            if (e.exportType() == ExternalType.FUNCTION && !e.name().startsWith("wharf:")) {
                names.add(e.name());
            }
        }
        return names;
    }

    private static String suggestExports(Set<String> exports) {
        if (exports.isEmpty()) {
            return " (it exports no functions)";
        }
        var sorted = new TreeSet<>(exports);
        return " (exported functions: "
                + String.join(", ", sorted.stream().limit(12).toList()) + (sorted.size() > 12 ? ", ..." : "") + ")";
    }

    private void logDenial(Denial d) {
        log.log(
                WharfLog.WHARF,
                WharfLog.Level.DEBUG,
                "sandbox denied " + d.function() + " \"" + d.guestPath() + "\": " + d.reason()
                        + (d.remedy() == null || d.remedy().isBlank() ? "" : "; grant it with " + d.remedy()));
    }

    private static void flushQuietly(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            // a closed pipe on the other end is not the guest's failure to report here
        }
    }
}
