package dev.wharf.wat;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.Section;
import dev.wharf.binary.WasmFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Table and memory limits exactly as the binary declares them. Chicory's parsed types cannot say
 * whether a maximum was absent or written out (an absent memory maximum reads as 65536 pages, a large
 * table maximum is clamped), and a printer must not turn one into the other. Imports come first, as in
 * the index spaces.
 */
record WatLimits(List<Limits> tables, List<Limits> memories) {

    /** One limits record: a maximum of -1 means none was declared. */
    record Limits(long min, long max, boolean shared) {
        String text() {
            var out = new StringBuilder();
            out.append(Long.toUnsignedString(min));
            if (max >= 0) {
                out.append(' ').append(Long.toUnsignedString(max));
            }
            if (shared) {
                out.append(" shared");
            }
            return out.toString();
        }
    }

    private static final int KIND_FUNC = 0;
    private static final int KIND_TABLE = 1;
    private static final int KIND_MEMORY = 2;
    private static final int KIND_GLOBAL = 3;
    private static final int KIND_TAG = 4;

    static WatLimits read(ModuleSource source) {
        var tables = new ArrayList<Limits>();
        var memories = new ArrayList<Limits>();
        source.section(Section.IMPORT).ifPresent(section -> {
            var in = source.reader(section);
            int count = in.count("import", 3);
            for (int i = 0; i < count; i++) {
                in.name();
                in.name();
                int at = in.position();
                switch (in.u8()) {
                    case KIND_FUNC -> in.u32();
                    case KIND_TABLE -> {
                        referenceType(in);
                        tables.add(limits(in));
                    }
                    case KIND_MEMORY -> memories.add(limits(in));
                    case KIND_GLOBAL -> {
                        valueType(in);
                        in.u8();
                    }
                    case KIND_TAG -> {
                        in.u8();
                        in.u32();
                    }
                    default -> throw new WasmFormatException(at, "malformed import kind");
                }
            }
        });
        source.section(Section.TABLE).ifPresent(section -> {
            var in = source.reader(section);
            int count = in.count("table", 3);
            for (int i = 0; i < count; i++) {
                int at = in.position();
                if (in.u8() == 0x40) {
                    // a table with an explicit initializer expression (typed function references)
                    throw new WatUnsupportedException(
                            "a table with an initializer expression (typed function references)", at);
                }
                in.seek(at);
                referenceType(in);
                tables.add(limits(in));
            }
        });
        source.section(Section.MEMORY).ifPresent(section -> {
            var in = source.reader(section);
            int count = in.count("memory", 2);
            for (int i = 0; i < count; i++) {
                memories.add(limits(in));
            }
        });
        return new WatLimits(List.copyOf(tables), List.copyOf(memories));
    }

    private static Limits limits(ByteReader in) {
        int at = in.position();
        int flags = in.u8();
        if ((flags & 0x04) != 0) {
            throw new WatUnsupportedException("64-bit limits (memory64)", at);
        }
        if (flags > 0x03) {
            throw new WasmFormatException(at, "malformed limits flags 0x" + Integer.toHexString(flags));
        }
        long min = in.u32();
        long max = (flags & 0x01) != 0 ? in.u32() : -1;
        return new Limits(min, max, (flags & 0x02) != 0);
    }

    private static void referenceType(ByteReader in) {
        valueType(in);
    }

    /** Skips a value type: one byte, or 0x63/0x64 followed by a heap type. */
    private static void valueType(ByteReader in) {
        int b = in.u8();
        if (b == 0x63 || b == 0x64) {
            in.sleb(33);
        }
    }
}
