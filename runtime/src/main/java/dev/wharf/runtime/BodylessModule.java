package dev.wharf.runtime;

import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.Section;
import java.io.ByteArrayOutputStream;

/**
 * A module's bytes with every function body replaced by {@code unreachable}, for a compile-cache hit: the cached
 * classes are the functions, so Chicory need only learn the module's types, imports, exports, memories, tables,
 * globals, data and names. Decoding the bodies into instruction lists was most of a warm start (hello.wasm: about
 * 50 ms of the JVM's interpreted parsing, against 5 ms for the rest); Chicory refuses a module without a code
 * section whose function count agrees, hence stubs rather than nothing.
 */
final class BodylessModule {
    /** One body: no locals, {@code unreachable}, {@code end}. */
    private static final byte[] STUB = {3, 0, 0x00, 0x0b};

    private BodylessModule() {}

    /** The stubbed bytes, or null when the module's code section cannot be read (then the caller parses it whole). */
    static byte[] of(ModuleSource source) {
        byte[] bytes = source.bytes();
        Section code = null;
        for (Section s : source.sections()) {
            if (s.id() == Section.CODE) {
                code = s;
            }
        }
        if (code == null) {
            return null;
        }
        int[] count = readU32(bytes, code.payloadOffset(), code.payloadOffset() + code.payloadSize());
        if (count == null) {
            return null;
        }
        var payload = new ByteArrayOutputStream(5 + count[0] * STUB.length);
        writeU32(payload, count[0]);
        for (int i = 0; i < count[0]; i++) {
            payload.write(STUB, 0, STUB.length);
        }
        var out = new ByteArrayOutputStream(bytes.length - code.payloadSize() + payload.size());
        out.write(bytes, 0, code.headerOffset());
        out.write(Section.CODE);
        writeU32(out, payload.size());
        out.write(payload.toByteArray(), 0, payload.size());
        int after = code.payloadOffset() + code.payloadSize();
        out.write(bytes, after, bytes.length - after);
        return out.toByteArray();
    }

    /** {value, next offset}, or null when the LEB128 runs past {@code end} or past 32 bits. */
    private static int[] readU32(byte[] bytes, int at, int end) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at >= end) {
                return null;
            }
            int b = bytes[at++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value > 0xffff_ffffL || value > Integer.MAX_VALUE ? null : new int[] {(int) value, at};
            }
        }
        return null;
    }

    private static void writeU32(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }
}
