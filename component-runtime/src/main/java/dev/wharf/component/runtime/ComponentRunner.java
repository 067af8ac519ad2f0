package dev.wharf.component.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.wharf.component.FuncType;
import dev.wharf.component.ResultValue;
import dev.wharf.component.Wave;
import dev.wharf.runtime.GuestThread;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.RunException;
import dev.wharf.runtime.RunOutcome;
import dev.wharf.runtime.TrapKind;
import dev.wharf.runtime.TrapReport;
import dev.wharf.runtime.WharfLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a component as `wharf run` does: a command component's {@code wasi:cli/run} export (exit status 0 for
 * {@code ok}, 1 for {@code err}, the status of a {@link ComponentExit}), or the export an invocation names, with
 * arguments and result in WAVE. The run happens on a guest thread whose stack is the wasm stack cap and which a
 * timeout interrupts. A trap comes back as {@link RunOutcome.Trapped} with a backtrace naming the component, the core
 * module and the function of each frame.
 */
public final class ComponentRunner {
    static final String RUN_INTERFACE = "wasi:cli/run";

    private final WharfLog log;
    private Executor guestThreads;

    public ComponentRunner(WharfLog log) {
        this.log = log;
    }

    /** Runs on threads of {@code threads} instead of a new thread per run (see GuestRunner#runOn). */
    public ComponentRunner runOn(Executor threads) {
        this.guestThreads = threads;
        return this;
    }

    /**
     * @param invocation a call in WAVE, {@code name(arg, ...)}, or null to run {@code wasi:cli/run}
     * @param hostData what host functions reach through {@link Caller#data}
     */
    public RunOutcome run(ComponentPlan plan, String invocation, Object... hostData) {
        Limits limits = plan.limits();
        String name = plan.component().path().toString();
        var outcome = new AtomicReference<RunOutcome>();
        var failure = new AtomicReference<RuntimeException>();
        var instance = new AtomicReference<ComponentInstance>();
        Runnable body = () -> {
            try {
                outcome.set(runHere(plan, invocation, hostData, instance));
            } catch (RuntimeException e) {
                failure.set(e);
            } catch (StackOverflowError e) {
                outcome.set(new RunOutcome.Trapped(new TrapReport(
                        name, TrapKind.STACK_EXHAUSTED, null, ComponentBacktraces.of(e, instance.get()))));
            }
        };
        var thread = GuestThread.start(body, guestThreads, limits.threadStackBytes());
        try {
            Duration timeout = limits.timeout();
            if (timeout == null) {
                thread.join();
            } else if (!thread.join(timeout)) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
                var frames = outcome.get() instanceof RunOutcome.Trapped t
                        ? t.report().frames()
                        : List.<TrapReport.Frame>of();
                return new RunOutcome.Trapped(new TrapReport(
                        name, TrapKind.TIMEOUT, "after " + timeout.toMillis() + " ms (-W timeout)", frames));
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new RunException("interrupted while waiting for the guest");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return outcome.get();
    }

    private RunOutcome runHere(
            ComponentPlan plan, String invocation, Object[] hostData, AtomicReference<ComponentInstance> holder) {
        String name = plan.component().path().toString();
        ComponentInstance instance = null;
        try {
            long start = System.nanoTime();
            instance = plan.instantiate(hostData);
            holder.set(instance);
            log.debug(String.format("instantiated %s in %.2f ms", name, (System.nanoTime() - start) / 1e6));
            if (invocation != null) {
                return invoke(instance, name, invocation);
            }
            ComponentFunction run = runExport(instance, name);
            Object result = run.call();
            return new RunOutcome.Exited(result instanceof ResultValue r && !r.isOk() ? 1 : 0);
        } catch (ComponentExit e) {
            return new RunOutcome.Exited(e.code());
        } catch (ComponentTrap e) {
            return new RunOutcome.Trapped(
                    new TrapReport(name, TrapKind.COMPONENT_RULE, e.getMessage(), ComponentBacktraces.of(e, instance)));
        } catch (HostFunctionException e) {
            log.debug("host function failed: " + e.getCause());
            return new RunOutcome.Trapped(
                    new TrapReport(name, TrapKind.HOST_ERROR, e.getMessage(), ComponentBacktraces.of(e, instance)));
        } catch (ChicoryInterruptedException e) {
            return new RunOutcome.Trapped(
                    new TrapReport(name, TrapKind.TIMEOUT, null, ComponentBacktraces.of(e, instance)));
        } catch (ChicoryException e) {
            var exit = exitIn(e);
            if (exit != null) {
                return new RunOutcome.Exited(exit.code());
            }
            var rule = trapIn(e);
            if (rule != null) {
                return new RunOutcome.Trapped(new TrapReport(
                        name, TrapKind.COMPONENT_RULE, rule.getMessage(), ComponentBacktraces.of(e, instance)));
            }
            TrapKind kind = TrapKind.classify(e.getMessage());
            String detail = kind == TrapKind.HOST_ERROR && e.getCause() != null
                    ? e.getCause().toString()
                    : null;
            log.debug("trap: " + e);
            return new RunOutcome.Trapped(new TrapReport(name, kind, detail, ComponentBacktraces.of(e, instance)));
        } finally {
            if (instance != null) {
                instance.close();
            }
        }
    }

    /** Chicory wraps what a start function throws: an exit or a canonical ABI trap inside counts as itself. */
    private static ComponentExit exitIn(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ComponentExit x) {
                return x;
            }
        }
        return null;
    }

    private static ComponentTrap trapIn(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ComponentTrap t) {
                return t;
            }
        }
        return null;
    }

    /** The command's {@code wasi:cli/run@0.2.x#run}, or a one-line refusal saying what the component exports. */
    static ComponentFunction runExport(ComponentInstance instance, String name) {
        Map<String, FuncType> exports = instance.plan().exportedFunctions();
        for (String path : exports.keySet()) {
            int hash = path.lastIndexOf('#');
            if (hash > 0 && path.substring(hash + 1).equals("run")) {
                var iface = InterfaceName.parse(path.substring(0, hash));
                if (iface.id().equals(RUN_INTERFACE)) {
                    if (iface.isWasi03()) {
                        throw new RunException(name + " exports " + path.substring(0, hash)
                                + ": WASI 0.3 is not supported yet (Wharf runs wasi:cli/run@0.2.x)");
                    }
                    return instance.function(path);
                }
            }
        }
        throw new RunException(name + " is a component that does not export wasi:cli/run (it is not a command): "
                + "name an export with --invoke 'NAME(ARGS)'"
                + (exports.isEmpty()
                        ? " (it exports no functions)"
                        : " (exports: "
                                + String.join(
                                        ", ",
                                        exports.keySet().stream().limit(12).toList())
                                + (exports.size() > 12 ? ", ..." : "") + ")"));
    }

    private static RunOutcome invoke(ComponentInstance instance, String name, String invocation) {
        ComponentFunction function;
        Object[] args;
        try {
            var call = Wave.parseCall(invocation);
            function = instance.function(call.function());
            args = Wave.parseArguments(call.arguments(), function.type().paramTypes());
        } catch (Wave.WaveException | IllegalArgumentException e) {
            throw new RunException(name + ": --invoke '" + invocation + "': " + e.getMessage());
        }
        Object result = function.call(args);
        FuncType type = function.type();
        return new RunOutcome.Returned(type.result() == null ? List.of() : List.of(Wave.print(result, type.result())));
    }
}
