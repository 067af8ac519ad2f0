package dev.wharf.host;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One host function, declared once: its import module and name, its typed and named parameters, its result, the
 * capability it touches and its implementation. Its wasm type, its trace line ({@link #call}) and the capability
 * listing of `wharf inspect` all derive from this. Declarations are built once per JVM and shared: an app host
 * instantiates a guest per request, and building every function's type each time was a measurable part of one.
 *
 * <p>How a call is bound and how failure becomes a status differ between host APIs (a preview1 errno, a wharf:*
 * status), so the implementation's shape {@code I} is each API's own; what the declaration fixes is the rest.
 *
 * @param <I> the implementation's functional interface
 */
public final class HostFn<I> {
    /** What a call hands back. */
    public enum Returns {
        /** one i32: 0 for success, else a failure the host API names (an errno, a status) */
        STATUS,
        /** nothing, and it does not return (proc_exit) */
        NEVER
    }

    private final String module;
    private final String name;
    private final Capability capability;
    private final List<Param> params;
    private final Returns returns;
    private final FunctionType type;
    private final List<Function<Args, String>> results;
    private final Function<Args, String> result;
    private final I impl;

    private HostFn(String module, String name, Capability capability, Signature s, I impl) {
        this.module = module;
        this.name = name;
        this.capability = capability;
        this.params = List.copyOf(s.params);
        this.returns = s.returns;
        this.results = List.copyOf(s.results);
        this.result = s.result;
        this.impl = impl;
        var types = new ArrayList<ValType>();
        for (Param p : params) {
            types.addAll(p.types());
        }
        this.type = FunctionType.of(types, returns == Returns.STATUS ? List.of(ValType.I32) : List.of());
    }

    /**
     * Declares {@code module::name}: {@code body} lists the parameters on the signature it is given, in the order
     * the guest passes them, and returns the implementation, which reads each argument by the key its parameter
     * got.
     */
    public static <I> HostFn<I> declare(
            String module, String name, Capability capability, Function<Signature, I> body) {
        var s = new Signature();
        I impl = body.apply(s);
        return new HostFn<>(module, name, capability, s, impl);
    }

    public String module() {
        return module;
    }

    public String name() {
        return name;
    }

    public Capability capability() {
        return capability;
    }

    public List<Param> params() {
        return params;
    }

    public Returns returns() {
        return returns;
    }

    /** The wasm function type, derived from the parameters and the result. */
    public FunctionType type() {
        return type;
    }

    public I impl() {
        return impl;
    }

    /**
     * The trace record of a call that returned {@code status}: its arguments as the declaration shows them, then
     * {@code failure} when the status is not 0, else what the call handed back ({@code fd 5}, {@code 12 bytes}) or
     * {@code ok}. For a function that never returns, the record has no outcome. Runs only when someone traces.
     */
    public HostCall call(Args args, int status, String failure) {
        String outcome = returns == Returns.NEVER ? null : status != 0 ? failure : resultText(args);
        return new HostCall(name, shownArgs(args), status, outcome);
    }

    private List<String> shownArgs(Args args) {
        var shown = new ArrayList<String>(params.size());
        var last = new ArrayList<String>(1);
        for (Param p : params) {
            String text;
            try {
                text = p.render(args.memory(), args.raw());
            } catch (RuntimeException e) {
                text = p.name() + "=?"; // a trace must never be the reason a call fails
            }
            if (text != null) {
                (p.last() ? last : shown).add(text);
            }
        }
        shown.addAll(last);
        return shown;
    }

    private String resultText(Args args) {
        try {
            if (result != null) {
                return result.apply(args);
            }
            if (results.isEmpty()) {
                return "ok";
            }
            var parts = new ArrayList<String>(results.size());
            for (var r : results) {
                parts.add(r.apply(args));
            }
            return String.join(", ", parts);
        } catch (RuntimeException e) {
            return "ok"; // the result pointer was bad: the call still succeeded
        }
    }

    @Override
    public String toString() {
        return module + "::" + name + " " + type;
    }
}
