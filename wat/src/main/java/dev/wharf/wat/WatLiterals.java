package dev.wharf.wat;

import java.nio.charset.StandardCharsets;

/**
 * How constants and strings are spelled in WAT. Floats are printed from their bits so that what
 * wat2wasm reads back is the same value, NaN payloads and signed zeros included.
 */
final class WatLiterals {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int F32_CANONICAL_NAN = 0x400000;
    private static final long F64_CANONICAL_NAN = 0x8000000000000L;

    private WatLiterals() {}

    /** An f32 immediate: `nan`, `-nan:0x1`, `inf`, or an exact hex float such as `0x1.8p+1`. */
    static String f32(int bits) {
        String sign = bits < 0 ? "-" : "";
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            if (mantissa == 0) {
                return sign + "inf";
            }
            return sign + (mantissa == F32_CANONICAL_NAN ? "nan" : "nan:0x" + Integer.toHexString(mantissa));
        }
        return hexFloat(Float.toHexString(Math.abs(Float.intBitsToFloat(bits))), sign);
    }

    /** An f64 immediate, as {@link #f32}. */
    static String f64(long bits) {
        String sign = bits < 0 ? "-" : "";
        long exponent = (bits >>> 52) & 0x7ff;
        long mantissa = bits & 0xfffffffffffffL;
        if (exponent == 0x7ff) {
            if (mantissa == 0) {
                return sign + "inf";
            }
            return sign + (mantissa == F64_CANONICAL_NAN ? "nan" : "nan:0x" + Long.toHexString(mantissa));
        }
        return hexFloat(Double.toHexString(Math.abs(Double.longBitsToDouble(bits))), sign);
    }

    /** A readable decimal for a comment next to the exact hex form, or null when it adds nothing (NaN, inf). */
    /**
     * A v128 constant as four i32 lanes in hex, lane 0 first (the low bytes): {@code i32x4 0x00000001 0x00000002
     * 0x00000003 0x00000004}, as wasm2wat writes it. Every bit pattern has exactly one such spelling.
     */
    static String v128(long low, long high) {
        return String.format(
                "i32x4 0x%08x 0x%08x 0x%08x 0x%08x", (int) low, (int) (low >>> 32), (int) high, (int) (high >>> 32));
    }

    static String f32Decimal(int bits) {
        float f = Float.intBitsToFloat(bits);
        return Float.isFinite(f) ? decimal(Float.toString(f)) : null;
    }

    static String f64Decimal(long bits) {
        double d = Double.longBitsToDouble(bits);
        return Double.isFinite(d) ? decimal(Double.toString(d)) : null;
    }

    /** Java's shortest round-trip decimal, without the ".0" it puts on whole numbers. */
    private static String decimal(String javaForm) {
        return javaForm.endsWith(".0") ? javaForm.substring(0, javaForm.length() - 2) : javaForm;
    }

    /**
     * Java's exact hex form ("0x1.8p1", "0x0.000002p-126" for subnormals) is already valid WAT; it is only
     * tidied: no ".0" fraction and an explicit exponent sign, as wabt prints it.
     */
    private static String hexFloat(String java, String sign) {
        int p = java.indexOf('p');
        String significand = java.substring(0, p);
        String exponent = java.substring(p + 1);
        if (significand.endsWith(".0")) {
            significand = significand.substring(0, significand.length() - 2);
        }
        if (!exponent.startsWith("-")) {
            exponent = "+" + exponent;
        }
        return sign + significand + "p" + exponent;
    }

    /** A WAT string literal holding exactly these bytes: printable ASCII as is, everything else as \hh. */
    static String string(byte[] bytes) {
        return string(bytes, 0, bytes.length);
    }

    static String string(byte[] bytes, int from, int to) {
        var out = new StringBuilder(to - from + 2);
        out.append('"');
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            if (b == '"' || b == '\\') {
                out.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append('\\').append(HEX[b >>> 4]).append(HEX[b & 0xf]);
            }
        }
        return out.append('"').toString();
    }

    /**
     * An import or export name as a WAT string. Printable non-ASCII text stays readable; control, format
     * (bidirectional overrides among them), separator and unassigned characters are escaped byte by byte,
     * so what a reader sees is what the name holds.
     */
    static String string(String name) {
        var out = new StringBuilder(name.length() + 2).append('"');
        name.codePoints().forEach(c -> {
            if (c < 0x80) {
                byte[] one = {(byte) c};
                String quoted = string(one);
                out.append(quoted, 1, quoted.length() - 1);
            } else if (isPlainText(c)) {
                out.appendCodePoint(c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('\\').append(HEX[(b & 0xff) >>> 4]).append(HEX[b & 0xf]);
                }
            }
        });
        return out.append('"').toString();
    }

    private static boolean isPlainText(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
