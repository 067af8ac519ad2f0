package dev.wharf.fuel;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.WasmFormatException;

/**
 * One instruction of a function body as it lies in the file: its code, the byte range it occupies
 * (immediates included) and the branch labels it names. Metering copies instructions byte for byte, so
 * only the boundaries and the control-flow facts are decoded; every other immediate is skipped.
 *
 * <p>Why our own decoder rather than Chicory's parsed {@code FunctionBody}: Chicory's instruction list is
 * an interpreter representation (addresses of its own, no end offsets, no bytes for the locals), whereas
 * rewriting needs exact byte ranges to copy untouched. Chicory still parses and validates the module first,
 * so this decoder only ever sees valid code and can stay a small table of immediate shapes.
 *
 * <p>Codes: a one-byte opcode is itself; a prefixed one (0xFB GC, 0xFC misc, 0xFD SIMD, 0xFE threads) is
 * {@code prefix << 16 | subOpcode}.
 */
record Op(int code, int start, int end, int[] labels, int[] labelOffsets) {

    static final int UNREACHABLE = 0x00, NOP = 0x01, BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05;
    static final int THROW = 0x08, THROW_REF = 0x0a, END = 0x0b;
    static final int BR = 0x0c, BR_IF = 0x0d, BR_TABLE = 0x0e, RETURN = 0x0f;
    static final int CALL = 0x10, CALL_INDIRECT = 0x11, RETURN_CALL = 0x12, RETURN_CALL_INDIRECT = 0x13;
    static final int CALL_REF = 0x14, RETURN_CALL_REF = 0x15;
    static final int DROP = 0x1a, TRY_TABLE = 0x1f;
    static final int MEMORY_GROW = 0x40;
    static final int BR_ON_NULL = 0xd5, BR_ON_NON_NULL = 0xd6;
    static final int GC = 0xfb, MISC = 0xfc, SIMD = 0xfd, THREADS = 0xfe;
    static final int BR_ON_CAST = GC << 16 | 24, BR_ON_CAST_FAIL = GC << 16 | 25;
    static final int ARRAY_FILL = GC << 16 | 16, ARRAY_COPY = GC << 16 | 17;
    static final int ARRAY_INIT_DATA = GC << 16 | 18, ARRAY_INIT_ELEM = GC << 16 | 19;
    static final int MEMORY_INIT = MISC << 16 | 8, MEMORY_COPY = MISC << 16 | 10, MEMORY_FILL = MISC << 16 | 11;
    static final int TABLE_INIT = MISC << 16 | 12, TABLE_COPY = MISC << 16 | 14, TABLE_FILL = MISC << 16 | 17;

    private static final int[] NO_LABELS = {};

    /** Control leaves the instruction other than by falling through to the next one, always. */
    boolean transfersUnconditionally() {
        return switch (code) {
            case UNREACHABLE,
                    BR,
                    BR_TABLE,
                    RETURN,
                    THROW,
                    THROW_REF,
                    RETURN_CALL,
                    RETURN_CALL_INDIRECT,
                    RETURN_CALL_REF -> true;
            default -> false;
        };
    }

    /** A conditional branch: both the label and the next instruction may run next. */
    boolean branchesConditionally() {
        return switch (code) {
            case BR_IF, BR_ON_NULL, BR_ON_NON_NULL, BR_ON_CAST, BR_ON_CAST_FAIL -> true;
            default -> false;
        };
    }

    boolean isCall() {
        return code == CALL || code == CALL_INDIRECT || code == CALL_REF;
    }

    boolean isTailCall() {
        return code == RETURN_CALL || code == RETURN_CALL_INDIRECT || code == RETURN_CALL_REF;
    }

    boolean opensBlock() {
        return code == BLOCK || code == LOOP || code == IF || code == TRY_TABLE;
    }

    /** Exception handling: functions that use it keep the fuel counter in the global (see BodyRewriter). */
    boolean handlesExceptions() {
        return code == THROW || code == THROW_REF || code == TRY_TABLE;
    }

    /** Decodes the instruction at the reader's position and leaves the reader after it. */
    static Op decode(ByteReader in) {
        int start = in.position();
        int first = in.u8();
        int[] labels = NO_LABELS;
        int[] offsets = NO_LABELS;
        int code = first;
        switch (first) {
            case BLOCK, LOOP, IF -> blockType(in);
            case TRY_TABLE -> {
                blockType(in);
                int n = in.count("catch clause", 2);
                labels = new int[n];
                offsets = new int[n];
                for (int i = 0; i < n; i++) {
                    int kind = in.u8();
                    if (kind == 0x00 || kind == 0x01) {
                        in.u32(); // tag index
                    } else if (kind != 0x02 && kind != 0x03) {
                        throw new WasmFormatException(in.position() - 1, "malformed catch clause kind " + kind);
                    }
                    offsets[i] = in.position();
                    labels[i] = label(in);
                }
            }
            case BR, BR_IF, BR_ON_NULL, BR_ON_NON_NULL -> {
                offsets = new int[] {in.position()};
                labels = new int[] {label(in)};
            }
            case BR_TABLE -> {
                int n = in.count("br_table label", 1);
                labels = new int[n + 1];
                offsets = new int[n + 1];
                for (int i = 0; i <= n; i++) {
                    offsets[i] = in.position();
                    labels[i] = label(in);
                }
            }
            case 0x06, 0x07, 0x09, 0x18, 0x19 ->
                throw new WasmFormatException(
                        start,
                        "legacy exception handling (try/catch/rethrow/delegate) cannot be metered; rebuild with the new exception handling (try_table)");
            case THROW, CALL, RETURN_CALL, CALL_REF, RETURN_CALL_REF -> in.u32();
            case CALL_INDIRECT, RETURN_CALL_INDIRECT -> {
                in.u32();
                in.u32();
            }
            case 0x1c -> { // select with types
                int n = in.count("select type", 1);
                for (int i = 0; i < n; i++) {
                    valueType(in);
                }
            }
            case 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26 -> in.u32(); // local/global/table get/set/tee
            case 0x3f, MEMORY_GROW -> in.u32(); // memory index
            case 0x41 -> in.sleb(32);
            case 0x42 -> in.sleb(64);
            case 0x43 -> in.bytes(4);
            case 0x44 -> in.bytes(8);
            case 0xd0 -> in.sleb(33); // ref.null heap type
            case 0xd2 -> in.u32(); // ref.func
            case GC -> {
                int sub = (int) in.u32();
                code = GC << 16 | sub;
                int labelAt = sub == 24 || sub == 25 ? in.position() + 1 : -1; // after br_on_cast's flags byte
                labels = gcImmediates(in, sub, start);
                offsets = labelAt >= 0 ? new int[] {labelAt} : NO_LABELS;
            }
            case MISC -> {
                int sub = (int) in.u32();
                code = MISC << 16 | sub;
                miscImmediates(in, sub, start);
            }
            case SIMD -> {
                int sub = (int) in.u32();
                code = SIMD << 16 | sub;
                simdImmediates(in, sub);
            }
            case THREADS -> {
                int sub = (int) in.u32();
                code = THREADS << 16 | sub;
                if (sub == 0x03) {
                    in.u8(); // atomic.fence's reserved byte
                } else {
                    memArg(in);
                }
            }
            default -> {
                if (first >= 0x28 && first <= 0x3e) {
                    memArg(in);
                } else if (!(first <= 0x01
                        || first == ELSE
                        || first == THROW_REF
                        || first == END
                        || first == RETURN
                        || first == DROP
                        || first == 0x1b
                        || (first >= 0x45 && first <= 0xc4)
                        || first == 0xd1
                        || first == 0xd3
                        || first == 0xd4)) {
                    throw new WasmFormatException(
                            start,
                            "unknown instruction 0x" + Integer.toHexString(first)
                                    + ": fuel metering cannot rewrite it");
                }
            }
        }
        return new Op(code, start, in.position(), labels, offsets);
    }

    private static int label(ByteReader in) {
        return (int) in.u32();
    }

    /** Empty (0x40), one value type, or an s33 type index. */
    private static void blockType(ByteReader in) {
        int at = in.position();
        int b = in.u8();
        if (b == 0x63 || b == 0x64) {
            in.sleb(33); // (ref null? heaptype)
        } else {
            in.seek(at);
            in.sleb(33);
        }
    }

    private static void valueType(ByteReader in) {
        int b = in.u8();
        if (b == 0x63 || b == 0x64) {
            in.sleb(33);
        }
    }

    /** Alignment (bit 6 announces a memory index, multi-memory), then the offset (u64 LEB with memory64). */
    private static void memArg(ByteReader in) {
        long align = in.u32();
        if ((align & 0x40) != 0) {
            in.u32();
        }
        in.sleb(64); // used only to skip a LEB of up to 10 bytes
    }

    private static void miscImmediates(ByteReader in, int sub, int start) {
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> {} // saturating truncations
            case 8, 12, 14 -> { // memory.init data mem, table.init elem table, table.copy dst src
                in.u32();
                in.u32();
            }
            case 10 -> { // memory.copy dst src
                in.u32();
                in.u32();
            }
            case 9, 11, 13, 15, 16, 17 -> in.u32(); // data.drop, memory.fill, elem.drop, table.grow/size/fill
            default ->
                throw new WasmFormatException(
                        start, "unknown instruction 0xfc " + sub + ": fuel metering cannot rewrite it");
        }
    }

    private static void simdImmediates(ByteReader in, int sub) {
        if (sub <= 11 || sub == 92 || sub == 93) {
            memArg(in); // loads, splats, store, load*_zero
        } else if (sub == 12 || sub == 13) {
            in.bytes(16); // v128.const, i8x16.shuffle
        } else if (sub >= 21 && sub <= 34) {
            in.u8(); // extract/replace lane
        } else if (sub >= 84 && sub <= 91) {
            memArg(in); // load/store lane
            in.u8();
        }
        // every other SIMD and relaxed SIMD instruction has no immediate
    }

    private static int[] gcImmediates(ByteReader in, int sub, int start) {
        switch (sub) {
            case 0, 1, 6, 7, 11, 12, 13, 14, 16 -> in.u32(); // one type index
            case 2, 3, 4, 5, 8, 9, 10, 17, 18, 19 -> { // two indices (type+field/size/data/elem/type)
                in.u32();
                in.u32();
            }
            case 15, 26, 27, 28, 29, 30 -> {} // array.len, conversions, i31
            case 20, 21, 22, 23 -> in.sleb(33); // ref.test / ref.cast heap type
            case 24, 25 -> { // br_on_cast(_fail) flags label from to
                in.u8();
                int label = label(in);
                in.sleb(33);
                in.sleb(33);
                return new int[] {label};
            }
            default ->
                throw new WasmFormatException(
                        start, "unknown instruction 0xfb " + sub + ": fuel metering cannot rewrite it");
        }
        return NO_LABELS;
    }
}
