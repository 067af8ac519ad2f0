package dev.wharf.wasi;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reading and writing guest memory. Pointers are u32. An out-of-bounds pointer traps, as in current wasmtime (the
 * witx rules say a function that must dereference a bad pointer shall trap); invalid UTF-8 in a path is EILSEQ.
 */
final class GuestMemory {
    /** chunk size for copies between guest memory and the host, so a huge length never means a huge allocation */
    static final int CHUNK = 64 * 1024;

    private GuestMemory() {}

    static int u32(long v) {
        return (int) v;
    }

    /** Traps unless [ptr, ptr+len) lies inside memory. */
    static void check(Memory m, int ptr, long len) {
        long start = Integer.toUnsignedLong(ptr);
        long size = (long) m.pages() * Memory.PAGE_SIZE;
        if (start + len > size) {
            throw new WasmRuntimeException("out of bounds memory access");
        }
    }

    static String readString(Memory m, long ptr, long len) throws WasiError {
        int p = u32(ptr);
        int n = u32(len);
        check(m, p, Integer.toUnsignedLong(n));
        byte[] bytes = m.readBytes(p, n);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WasiError(Errno.EILSEQ);
        }
    }

    /** For traces: never fails on bad UTF-8 or bad pointers. */
    static String readStringLenient(Memory m, long ptr, long len) {
        int p = u32(ptr);
        int n = u32(len);
        try {
            check(m, p, Integer.toUnsignedLong(n));
            return new String(m.readBytes(p, Math.min(n, 4096)), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return "<bad pointer>";
        }
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
    static int[][] iovecs(Memory m, long iovsPtr, long iovsLen) {
        int ptr = u32(iovsPtr);
        int count = u32(iovsLen);
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
