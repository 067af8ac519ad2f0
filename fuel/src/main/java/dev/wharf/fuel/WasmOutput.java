package dev.wharf.fuel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that writes the binary format's primitives: bytes, LEB128 integers, names. */
final class WasmOutput {
    private byte[] buf;
    private int size;

    WasmOutput(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    WasmOutput u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    WasmOutput u32(long value) {
        long v = value;
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            u8(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    WasmOutput s64(long value) {
        long v = value;
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    WasmOutput bytes(byte[] src, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(src, from, buf, size, n);
        size += n;
        return this;
    }

    WasmOutput bytes(byte[] src) {
        return bytes(src, 0, src.length);
    }

    WasmOutput name(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return u32(utf8.length).bytes(utf8);
    }

    /** A section: id, payload size, payload. */
    WasmOutput section(int id, WasmOutput payload) {
        return u8(id).u32(payload.size).bytes(payload.buf, 0, payload.size);
    }

    /** A length-prefixed blob, as a function body in the code section is. */
    WasmOutput sized(WasmOutput payload) {
        return u32(payload.size).bytes(payload.buf, 0, payload.size);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
