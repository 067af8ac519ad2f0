package dev.wharf.host;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reading guest memory for a host function: pointers and lengths are u32, and a range outside memory traps, as a bad
 * load would (the witx rule that current wasmtime follows for preview1, and the canonical ABI's).
 */
public final class GuestBytes {
    private GuestBytes() {}

    /** Traps unless [ptr, ptr+len) lies inside memory; both are unsigned. */
    public static void check(Memory memory, int ptr, long len) {
        long start = Integer.toUnsignedLong(ptr);
        long size = (long) memory.pages() * Memory.PAGE_SIZE;
        if (len < 0 || start + len > size) {
            throw new WasmRuntimeException("out of bounds memory access");
        }
    }

    /** A copy of [ptr, ptr+len); traps when it is not inside memory. */
    public static byte[] read(Memory memory, int ptr, int len) {
        check(memory, ptr, Integer.toUnsignedLong(len));
        return memory.readBytes(ptr, len);
    }

    /** Strict UTF-8 (names and paths must round-trip); traps when the range is not inside memory. */
    public static String utf8(Memory memory, int ptr, int len) throws InvalidUtf8 {
        byte[] bytes = read(memory, ptr, len);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidUtf8();
        }
    }

    /** Lenient UTF-8 (bad bytes become U+FFFD): for logs and traces, where showing something beats failing. */
    static String lenientUtf8(Memory memory, int ptr, long len) {
        check(memory, ptr, len);
        return new String(memory.readBytes(ptr, (int) len), StandardCharsets.UTF_8);
    }

    /** A string argument was not valid UTF-8. Each host API answers with its own status (preview1: EILSEQ). */
    public static final class InvalidUtf8 extends Exception {
        InvalidUtf8() {
            super("invalid UTF-8", null, false, false);
        }
    }
}
