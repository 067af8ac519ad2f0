package dev.wharf.component.runtime;

import dev.wharf.component.CanonicalLayout;
import dev.wharf.component.FuncType;
import dev.wharf.component.ValType;
import java.util.List;

/**
 * How the values of one function type cross the canonical ABI, worked out once per type: its parameters' and result's
 * codecs, and whether the parameters (more than 16 flat values) or the result (more than one) go through memory. The
 * four directions: a lifted function's parameters are lowered into the callee and its result lifted out of it; a
 * lowered import's parameters are lifted out of the caller and its result lowered back in.
 */
final class FuncAbi {
    private static final long[] NONE = new long[0];

    final FuncType type;
    final Codec[] params;
    final Codec result;
    private final int flatParams;
    private final boolean paramsSpill;
    private final boolean resultSpills;
    private final int[] spillOffsets;
    private final int spillAlignment;
    private final int spillSize;

    FuncAbi(FuncType type, Codecs codecs) {
        this.type = type;
        List<ValType> paramTypes = type.paramTypes();
        this.params = paramTypes.stream().map(codecs::of).toArray(Codec[]::new);
        this.result = type.result() == null ? null : codecs.of(type.result());
        this.flatParams = CanonicalLayout.flatten(paramTypes).size();
        this.paramsSpill = flatParams > CanonicalLayout.MAX_FLAT_PARAMS;
        this.resultSpills = result != null && result.flat.length > CanonicalLayout.MAX_FLAT_RESULTS;
        if (paramsSpill) {
            var tuple = new ValType.Tuple(paramTypes);
            this.spillOffsets = CanonicalLayout.fieldOffsets(paramTypes);
            this.spillAlignment = CanonicalLayout.alignment(tuple);
            this.spillSize = CanonicalLayout.size(tuple);
        } else {
            this.spillOffsets = null;
            this.spillAlignment = 1;
            this.spillSize = 0;
        }
    }

    private void checkArity(Object[] args) {
        if (args.length != params.length) {
            throw new ComponentTrap("the function takes " + params.length + " argument"
                    + (params.length == 1 ? "" : "s") + ", " + args.length + " given");
        }
    }

    // ---- canon lift: Java values into a component's core function and back ------------------------------------

    long[] lowerParams(AbiContext cx, Object[] args) {
        checkArity(args);
        if (!paramsSpill) {
            var out = new Flat(flatParams);
            for (int i = 0; i < params.length; i++) {
                params[i].lowerFlat(cx, args[i], out);
            }
            return out.values;
        }
        int ptr = cx.allocate(spillAlignment, spillSize);
        for (int i = 0; i < params.length; i++) {
            params[i].store(cx, args[i], ptr + spillOffsets[i]);
        }
        return new long[] {ptr & 0xffffffffL};
    }

    Object liftResult(AbiContext cx, long[] results) {
        if (result == null) {
            return null;
        }
        if (!resultSpills) {
            return result.liftFlat(cx, new Flat(results));
        }
        long ptr = results[0] & 0xffffffffL;
        AbiContext.checkAligned(ptr, result.alignment);
        cx.checkRange(ptr, result.size, "results");
        return result.load(cx, (int) ptr);
    }

    // ---- canon lower: a core function's call out, as Java values, and the result back in ---------------------

    Object[] liftParams(AbiContext cx, long[] args) {
        var out = new Object[params.length];
        if (!paramsSpill) {
            var in = new Flat(args);
            for (int i = 0; i < params.length; i++) {
                out[i] = params[i].liftFlat(cx, in);
            }
            return out;
        }
        long ptr = args[0] & 0xffffffffL;
        AbiContext.checkAligned(ptr, spillAlignment);
        cx.checkRange(ptr, spillSize, "parameters");
        for (int i = 0; i < params.length; i++) {
            out[i] = params[i].load(cx, (int) ptr + spillOffsets[i]);
        }
        return out;
    }

    long[] lowerResult(AbiContext cx, Object value, long[] args) {
        if (result == null) {
            return NONE;
        }
        if (!resultSpills) {
            var out = new Flat(result.flat.length);
            result.lowerFlat(cx, value, out);
            return out.values;
        }
        long ptr = args[args.length - 1] & 0xffffffffL;
        AbiContext.checkAligned(ptr, result.alignment);
        cx.checkRange(ptr, result.size, "results");
        result.store(cx, value, (int) ptr);
        return NONE;
    }
}
