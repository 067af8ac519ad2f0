package dev.wharf.runtime;

import com.dylibso.chicory.runtime.Memory;

/**
 * Memory calls for compiled guest code, bound statically when the memory is a {@link FlatMemory}. Not for people:
 * {@link CodeRewriter} points Chicory's generated memory helpers here instead of at the {@link Memory} interface.
 *
 * <p>Why: an interface call is inlined by the JIT only when the call site's type profile says which class it
 * sees, and Chicory's helpers are shared by every access of a module, so in code that ran hot before it was
 * profiled (a long loop entered once, compiled on-stack) the JIT finds no profile and emits a real interface call
 * per wasm load or store. FlatMemory is final: behind the {@code instanceof} test the call is bound and inlined
 * without any profile. Each method takes its receiver first, so the rewrite swaps one call instruction for
 * another with the same operand stack.
 */
public final class FlatMemoryCalls {
    private FlatMemoryCalls() {}

    public static byte read(Memory m, int addr) {
        return m instanceof FlatMemory f ? f.read(addr) : m.read(addr);
    }

    public static short readShort(Memory m, int addr) {
        return m instanceof FlatMemory f ? f.readShort(addr) : m.readShort(addr);
    }

    public static int readInt(Memory m, int addr) {
        return m instanceof FlatMemory f ? f.readInt(addr) : m.readInt(addr);
    }

    public static long readLong(Memory m, int addr) {
        return m instanceof FlatMemory f ? f.readLong(addr) : m.readLong(addr);
    }

    public static float readFloat(Memory m, int addr) {
        return m instanceof FlatMemory f ? f.readFloat(addr) : m.readFloat(addr);
    }

    public static double readDouble(Memory m, int addr) {
        return m instanceof FlatMemory f ? f.readDouble(addr) : m.readDouble(addr);
    }

    public static void writeByte(Memory m, int addr, byte value) {
        if (m instanceof FlatMemory f) {
            f.writeByte(addr, value);
        } else {
            m.writeByte(addr, value);
        }
    }

    public static void writeShort(Memory m, int addr, short value) {
        if (m instanceof FlatMemory f) {
            f.writeShort(addr, value);
        } else {
            m.writeShort(addr, value);
        }
    }

    public static void writeI32(Memory m, int addr, int value) {
        if (m instanceof FlatMemory f) {
            f.writeI32(addr, value);
        } else {
            m.writeI32(addr, value);
        }
    }

    public static void writeLong(Memory m, int addr, long value) {
        if (m instanceof FlatMemory f) {
            f.writeLong(addr, value);
        } else {
            m.writeLong(addr, value);
        }
    }

    public static void writeF32(Memory m, int addr, float value) {
        if (m instanceof FlatMemory f) {
            f.writeF32(addr, value);
        } else {
            m.writeF32(addr, value);
        }
    }

    public static void writeF64(Memory m, int addr, double value) {
        if (m instanceof FlatMemory f) {
            f.writeF64(addr, value);
        } else {
            m.writeF64(addr, value);
        }
    }

    public static void fill(Memory m, byte value, int from, int to) {
        if (m instanceof FlatMemory f) {
            f.fill(value, from, to);
        } else {
            m.fill(value, from, to);
        }
    }

    public static void copy(Memory m, int dest, int src, int size) {
        if (m instanceof FlatMemory f) {
            f.copy(dest, src, size);
        } else {
            m.copy(dest, src, size);
        }
    }

    public static int pages(Memory m) {
        return m instanceof FlatMemory f ? f.pages() : m.pages();
    }
}
