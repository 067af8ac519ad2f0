package dev.wharf.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.FunctionType;

/**
 * The check of a call_indirect whose table entry is another instance's function (modules that share a table, as
 * wit-dylib links them inside components): the callee's type must equal the type the caller names, both read in
 * their own module's type section. Chicory 1.7.5 compares the caller's type index against the callee's type
 * section instead; CodeRewriter sends its generated code here. Public because generated classes call it.
 */
public final class IndirectCalls {
    private IndirectCalls() {}

    public static long[] callIndirect(long[] args, int typeIndex, int function, Instance target, Instance caller) {
        FunctionType expected = caller.type(typeIndex);
        FunctionType actual = target.type(target.functionType(function));
        if (!expected.equals(actual)) {
            throw new TrapException("indirect call type mismatch");
        }
        return target.getMachine().call(function, args);
    }
}
