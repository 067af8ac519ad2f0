package dev.wharf.host;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The parameters and result of one host function as its declaration lists them ({@link HostFn#declare}), in the
 * order the guest passes them. Each method adds a parameter and hands back the key the implementation reads it
 * with; out-pointers also say how a trace shows what the call handed back through them.
 */
public final class Signature {
    final List<Param> params = new ArrayList<>();
    final List<Function<Args, String>> results = new ArrayList<>();
    Function<Args, String> result;
    HostFn.Returns returns = HostFn.Returns.STATUS;
    private int next;

    Signature() {}

    /** An i32 parameter, shown as {@code show} says. */
    public Param.I32 i32(String name, Show show) {
        return add(new Param.I32(name, next, show), 1);
    }

    /** An i64 parameter, shown as {@code show} says. */
    public Param.I64 i64(String name, Show show) {
        return add(new Param.I64(name, next, show), 1);
    }

    /** A {@code (ptr, len)} pair, shown as {@code show} says. */
    public Param.Region region(String name, ShowRegion show) {
        return add(new Param.Region(name, next, show), 2);
    }

    /** An i32 pointer to a u32 the call writes; a successful call's trace shows it as {@code format} says. */
    public Param.I32 outU32(String name, LongFunction<String> format) {
        var p = i32(name, Show.HIDDEN);
        results.add(a -> format.apply(a.pointedU32(p)));
        return p;
    }

    /** An i32 pointer to a u64 the call writes; a successful call's trace shows it as {@code format} says. */
    public Param.I32 outU64(String name, LongFunction<String> format) {
        var p = i32(name, Show.HIDDEN);
        results.add(a -> format.apply(a.pointedU64(p)));
        return p;
    }

    /** How a successful call's trace shows its result, when the out-pointers alone cannot say (a filled buffer). */
    public void result(Function<Args, String> shown) {
        result = shown;
    }

    /** The function has no results and does not return (proc_exit): its trace line has no {@code = ...}. */
    public void neverReturns() {
        returns = HostFn.Returns.NEVER;
    }

    private <P extends Param> P add(P p, int width) {
        params.add(p);
        next += width;
        return p;
    }
}
