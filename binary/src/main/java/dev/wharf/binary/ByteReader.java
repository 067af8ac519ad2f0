package dev.wharf.binary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a module's bytes that reads the binary format's primitives (LEB128, names, bytes) and
 * reports every overrun or malformed value as a {@link WasmFormatException} at the exact offset, never
 * as an IndexOutOfBounds. Bounds are explicit so a section can be read without running into the next.
 */
public final class ByteReader {
    private final byte[] bytes;
    private int pos;
    private final int limit;

    public ByteReader(byte[] bytes, int from, int limit) {
        this.bytes = bytes;
        this.pos = from;
        this.limit = limit;
    }

    public int position() {
        return pos;
    }

    public int limit() {
        return limit;
    }

    public boolean atEnd() {
        return pos >= limit;
    }

    public int remaining() {
        return limit - pos;
    }

    public void seek(int to) {
        if (to < 0 || to > limit) {
            throw new WasmFormatException(pos, "unexpected end of section or function");
        }
        pos = to;
    }

    public int u8() {
        if (pos >= limit) {
            throw new WasmFormatException(pos, "unexpected end of section or function");
        }
        return bytes[pos++] & 0xff;
    }

    /** Skips `n` bytes that must lie inside the bounds; `what` names them for the error. */
    public void skip(long n, String what) {
        if (n < 0 || n > remaining()) {
            throw new WasmFormatException(
                    pos, "unexpected end: " + what + " needs " + byteCount(n) + ", " + remaining() + " left");
        }
        pos += (int) n;
    }

    public byte[] bytes(long n) {
        if (n < 0 || n > remaining()) {
            throw new WasmFormatException(
                    pos, "unexpected end: " + byteCount(n) + " declared, " + remaining() + " left");
        }
        byte[] out = new byte[(int) n];
        System.arraycopy(bytes, pos, out, 0, (int) n);
        pos += (int) n;
        return out;
    }

    /** "1 byte", "2 bytes": for messages. */
    static String byteCount(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** Unsigned LEB128 of at most 32 bits. */
    public long u32() {
        int start = pos;
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 28 && (b & 0x70) != 0) {
                throw new WasmFormatException(start, "integer representation too long or too large (u32)");
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            if (shift >= 28) {
                throw new WasmFormatException(start, "integer representation too long (u32)");
            }
        }
    }

    /** A u32 used as a count or size: it must fit in what is left, at `minBytesEach` bytes per item. */
    public int count(String what, int minBytesEach) {
        int at = pos;
        long n = u32();
        if (n * Math.max(1, minBytesEach) > remaining()) {
            throw new WasmFormatException(
                    at, what + " count " + n + " cannot fit in the " + byteCount(remaining()) + " left");
        }
        return (int) n;
    }

    /**
     * Signed LEB128 of at most `bits` bits (32, 33 or 64). The unused bits of the last byte must repeat
     * the sign, as the spec requires, so an over-long encoding is caught here and not later.
     */
    public long sleb(int bits) {
        int start = pos;
        int maxBytes = (bits + 6) / 7;
        long result = 0;
        int shift = 0;
        for (int read = 1; ; read++) {
            int b = u8();
            if (read == maxBytes) {
                int significant = bits - 7 * (maxBytes - 1);
                int unused = (0x7f >> (significant - 1)) << (significant - 1) & 0x7f;
                if ((b & 0x80) != 0 || ((b & unused) != 0 && (b & unused) != unused)) {
                    throw new WasmFormatException(
                            start, "integer representation too long or too large (s" + bits + ")");
                }
            }
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                if (shift < 64 && (b & 0x40) != 0) {
                    result |= -1L << shift;
                }
                return result;
            }
        }
    }

    /** A length-prefixed UTF-8 name; invalid UTF-8 is a format error, as the spec requires. */
    public String name() {
        int at = pos;
        long len = u32();
        byte[] raw = bytes(len);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WasmFormatException(at, "malformed UTF-8 encoding in a name");
        }
    }
}
