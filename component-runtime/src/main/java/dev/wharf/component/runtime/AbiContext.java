package dev.wharf.component.runtime;

import com.dylibso.chicory.runtime.Memory;
import dev.wharf.component.ComponentAst.StringEncoding;

/**
 * What lifting and lowering one call's values needs: the canonical options of the lift or lower (memory, realloc,
 * string encoding), the component instance whose handle table is used, and the call's borrow scope.
 */
final class AbiContext {
    final InstanceRuntime runtime;
    final ComponentState state;
    final Memory memory;
    final CoreFunc realloc;
    final StringEncoding encoding;
    final CallScope scope;

    AbiContext(
            InstanceRuntime runtime,
            ComponentState state,
            Memory memory,
            CoreFunc realloc,
            StringEncoding encoding,
            CallScope scope) {
        this.runtime = runtime;
        this.state = state;
        this.memory = memory;
        this.realloc = realloc;
        this.encoding = encoding;
        this.scope = scope;
    }

    Memory memory() {
        if (memory == null) {
            throw new ComponentTrap("a value needs linear memory but the function was lifted or lowered without "
                    + "the `memory` option");
        }
        return memory;
    }

    long memorySize() {
        return (long) memory().pages() * Memory.PAGE_SIZE;
    }

    /** Traps unless {@code [ptr, ptr + length)} lies inside memory. */
    void checkRange(long ptr, long length, String what) {
        if (ptr + length > memorySize()) {
            throw new ComponentTrap(what + " out of bounds: " + length + " bytes at 0x" + Long.toHexString(ptr)
                    + " past the end of memory (" + memorySize() + " bytes)");
        }
    }

    static void checkAligned(long ptr, int alignment) {
        if ((ptr & (alignment - 1)) != 0) {
            throw new ComponentTrap(
                    "unaligned pointer: 0x" + Long.toHexString(ptr) + " is not a multiple of " + alignment);
        }
    }

    /**
     * Asks the component's realloc for {@code size} bytes aligned to {@code alignment}, with calls out of the
     * instance forbidden meanwhile, and checks what it returns.
     */
    int allocate(int alignment, long size) {
        return reallocate(0, 0, alignment, size);
    }

    int reallocate(int old, long oldSize, int alignment, long size) {
        if (realloc == null) {
            throw new ComponentTrap("a value must be copied into the component's memory but the function was lifted "
                    + "or lowered without the `realloc` option");
        }
        state.mayLeave = false;
        long ptr;
        try {
            ptr = realloc.call(old, oldSize, alignment, size)[0] & 0xffffffffL;
        } finally {
            state.mayLeave = true;
        }
        if ((ptr & (alignment - 1)) != 0) {
            throw new ComponentTrap("realloc return: result not aligned (0x" + Long.toHexString(ptr) + " for alignment "
                    + alignment + ")");
        }
        if (ptr + size > memorySize()) {
            throw new ComponentTrap("realloc return: beyond end of memory (0x" + Long.toHexString(ptr) + " + " + size
                    + " bytes, memory is " + memorySize() + ")");
        }
        return (int) ptr;
    }
}
