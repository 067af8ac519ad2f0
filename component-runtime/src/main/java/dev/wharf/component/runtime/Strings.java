package dev.wharf.component.runtime;

import dev.wharf.component.ComponentAst.StringEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strings across the canonical ABI in each string encoding: utf8, utf16 (little-endian code units) and
 * latin1+utf16 (latin-1 bytes, or utf16 code units when the length's top bit is set). Lifting checks alignment,
 * bounds and encoding, each a trap; lowering asks realloc for exactly the bytes the encoded string needs.
 */
final class Strings {
    static final int MAX_STRING_BYTE_LENGTH = (1 << 28) - 1;
    static final int UTF16_TAG = 1 << 31;

    private Strings() {}

    /** The string at {@code ptr} of {@code taggedCodeUnits} in the context's encoding. */
    static String lift(AbiContext cx, int ptr, int taggedCodeUnits) {
        long units = taggedCodeUnits & 0xffffffffL;
        Charset charset;
        int alignment;
        long byteLength;
        switch (cx.encoding) {
            case UTF8 -> {
                charset = StandardCharsets.UTF_8;
                alignment = 1;
                byteLength = units;
            }
            case UTF16 -> {
                charset = StandardCharsets.UTF_16LE;
                alignment = 2;
                byteLength = 2 * units;
            }
            default -> {
                alignment = 2;
                if ((taggedCodeUnits & UTF16_TAG) != 0) {
                    charset = StandardCharsets.UTF_16LE;
                    byteLength = 2 * (units ^ (UTF16_TAG & 0xffffffffL));
                } else {
                    charset = StandardCharsets.ISO_8859_1;
                    byteLength = units;
                }
            }
        }
        if (byteLength > MAX_STRING_BYTE_LENGTH) {
            throw new ComponentTrap("string too long: " + byteLength + " bytes");
        }
        long start = ptr & 0xffffffffL;
        AbiContext.checkAligned(start, alignment);
        cx.checkRange(start, byteLength, "string content");
        byte[] bytes = cx.memory.readBytes(ptr, (int) byteLength);
        if (charset == StandardCharsets.ISO_8859_1) {
            return new String(bytes, charset);
        }
        // the JDK's lenient decoder is fast and replaces what is malformed with U+FFFD: only a string holding one
        // needs the strict decoder to tell a malformed sequence from a real U+FFFD
        String fast = new String(bytes, charset);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ComponentTrap(
                    charset == StandardCharsets.UTF_8
                            ? "invalid utf-8 in a string at 0x" + Long.toHexString(start)
                            : "invalid utf-16 (an unpaired surrogate) in a string at 0x" + Long.toHexString(start));
        }
    }

    /** Copies {@code s} into the component's memory; returns (pointer << 32 | tagged code units). */
    static long lower(AbiContext cx, String s) {
        StringEncoding encoding = cx.encoding;
        if (encoding == StringEncoding.LATIN1_UTF16 && isLatin1(s)) {
            byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1);
            int ptr = copy(cx, latin1, 2);
            return (long) ptr << 32 | latin1.length;
        }
        if (encoding == StringEncoding.UTF8) {
            byte[] utf8 = encode(s, StandardCharsets.UTF_8);
            int ptr = copy(cx, utf8, 1);
            return (long) ptr << 32 | (utf8.length & 0xffffffffL);
        }
        byte[] utf16 = encode(s, StandardCharsets.UTF_16LE);
        int ptr = copy(cx, utf16, 2);
        long units = utf16.length / 2;
        if (encoding == StringEncoding.LATIN1_UTF16) {
            units |= UTF16_TAG & 0xffffffffL;
        }
        return (long) ptr << 32 | units;
    }

    private static int copy(AbiContext cx, byte[] bytes, int alignment) {
        if (bytes.length > MAX_STRING_BYTE_LENGTH) {
            throw new ComponentTrap("string too long to pass: " + bytes.length + " bytes");
        }
        int ptr = cx.allocate(alignment, bytes.length);
        cx.memory.write(ptr, bytes);
        return ptr;
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes a Java string. Strings that came out of a component are valid Unicode; one a host made with an unpaired
     * surrogate gets the JDK's replacement, as any Java string written as UTF-8 does.
     */
    private static byte[] encode(String s, Charset charset) {
        return s.getBytes(charset);
    }
}
