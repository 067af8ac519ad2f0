package dev.wharf.wasi;

import com.dylibso.chicory.runtime.Memory;
import dev.wharf.host.GuestBytes;

/**
 * Writing results into guest memory and reading iovec arrays. Pointers are u32. An out-of-bounds pointer traps, as in
 * current wasmtime (the witx rules say a function that must dereference a bad pointer shall trap).
 */
final class GuestMemory {
    /** chunk size for copies between guest memory and the host, so a huge length never means a huge allocation */
    static final int CHUNK = 64 * 1024;

    private GuestMemory() {}

    /** Traps unless [ptr, ptr+len) lies inside memory. */
    static void check(Memory m, int ptr, long len) {
        GuestBytes.check(m, ptr, len);
    }

    static void writeU32(Memory m, int ptr, int value) {
        check(m, ptr, 4);
        m.writeI32(ptr, value);
    }

    static void writeU64(Memory m, int ptr, long value) {
        check(m, ptr, 8);
        m.writeLong(ptr, value);
    }

    static void write(Memory m, int ptr, byte[] bytes, int off, int len) {
        check(m, ptr, len);
        m.write(ptr, bytes, off, len);
    }

    /** An iovec/ciovec array: (buf u32, len u32) pairs. */
    static int[][] iovecs(Memory m, int ptr, int count) {
        check(m, ptr, Integer.toUnsignedLong(count) * 8);
        int[][] out = new int[count][];
        for (int i = 0; i < count; i++) {
            int buf = m.readInt(ptr + i * 8);
            int len = m.readInt(ptr + i * 8 + 4);
            check(m, buf, Integer.toUnsignedLong(len));
            out[i] = new int[] {buf, len};
        }
        return out;
    }

    static long total(int[][] iovs) {
        long t = 0;
        for (int[] iov : iovs) {
            t += Integer.toUnsignedLong(iov[1]);
        }
        return t;
    }
}
