package dev.wharf.binary;

/**
 * The one instruction decoder. It reads instructions one at a time from a {@link ByteReader} and holds the last
 * one decoded: its {@link Opcode}, the byte range it occupies in the module, and its immediates read into typed
 * accessors (indexes, memarg, block type, branch targets, lanes, the 16 bytes of a v128, ...). Validation (the
 * section walk), the WAT printer, `wharf dump --code`, `inspect` and the fuel meter all read code through it,
 * so they agree on where every instruction starts and ends and what it says.
 *
 * <p>Allocation-light on purpose: the fuel meter decodes every instruction of a module each time a module is
 * loaded metered. One reader serves a whole body, or a whole module through {@link #reading(ByteReader)}, and
 * nothing is allocated per instruction: variable-length immediates (branch tables, catch clauses, select types)
 * go into arrays that are grown once and reused. The accessors describe the instruction {@link #next()} returned
 * last, until the next call; those of immediates it does not have return stale values.
 *
 * <p>Decoding checks the format only: an unknown opcode, a malformed LEB128, a block type or value type that
 * is no type, a catch clause of no known kind, a truncated immediate are {@link WasmFormatException}s at their
 * exact offset. Whether labels, lanes, indexes and alignments are in range is validation (SectionWalker).
 *
 * <p>Value types are {@code long}s: the type's byte ({@code 0x7f} for i32, {@code 0x7b} for v128) in the low 8
 * bits, and for a reference type written {@code 0x63}/{@code 0x64} (ref null / ref) its heap type above them;
 * see {@link #typeCode(long)} and {@link #heapTypeOf(long)}.
 */
public final class InstructionReader {
    /** The empty block type: no parameters, no results. */
    public static final int EMPTY_BLOCK = 0x40;

    private ByteReader in;
    private Opcode opcode;
    private int start;
    private int end;

    private int blockTypeIndex;
    private long blockValueType;
    private int index;
    private int index2;
    private int align;
    private long offset;
    private int memory;
    private int lane;
    private long value;
    private long high;
    private long heapType;
    private long heapType2;
    private int flags;

    private int labelCount;
    private int[] labels = new int[4];
    private int[] labelOffsets = new int[4];
    private int[] catchKinds = new int[0];
    private int[] catchTags = new int[0];
    private int typeCount;
    private long[] types = new long[0];

    public InstructionReader(ByteReader in) {
        this.in = in;
    }

    /** The same reader, now reading from {@code next} (another body or section): no new arrays. */
    public InstructionReader reading(ByteReader next) {
        this.in = next;
        return this;
    }

    public boolean atEnd() {
        return in.atEnd();
    }

    /** Where the next instruction starts. */
    public int position() {
        return in.position();
    }

    /** Decodes the instruction at the reader's position and leaves the reader after it. */
    public Opcode next() {
        start = in.position();
        int b = in.u8();
        Opcode op;
        if (Opcode.isPrefix(b)) {
            long sub = in.u32();
            op = Opcode.of(b, sub);
            if (op == null) {
                throw new WasmFormatException(start, String.format("unknown opcode 0x%02x 0x%x", b, sub));
            }
        } else {
            op = Opcode.of(b);
            if (op == null) {
                throw new WasmFormatException(start, String.format("unknown opcode 0x%02x", b));
            }
        }
        opcode = op;
        labelCount = 0;
        switch (op.immediate()) {
            case NONE -> {}
            case BLOCK_TYPE -> blockType();
            case LABEL -> label();
            case LABEL_TABLE -> {
                int n = in.count("branch target", 1);
                ensureLabels(n + 1);
                for (int i = 0; i <= n; i++) {
                    label();
                }
            }
            case FUNC, TYPE, LOCAL, GLOBAL, TABLE, MEMORY, TAG, DATA, ELEM -> index = (int) in.u32();
            case TYPE_TABLE,
                    DATA_MEMORY,
                    MEMORY_MEMORY,
                    ELEM_TABLE,
                    TABLE_TABLE,
                    TYPE_FIELD,
                    TYPE_SIZE,
                    TYPE_DATA,
                    TYPE_ELEM,
                    TYPE_TYPE -> {
                index = (int) in.u32();
                index2 = (int) in.u32();
            }
            case MEMARG -> memArg();
            case MEMARG_LANE -> {
                memArg();
                lane = in.u8();
            }
            case LANE -> lane = in.u8();
            case V128, SHUFFLE -> {
                value = littleEndian(8);
                high = littleEndian(8);
            }
            case I32 -> value = in.sleb(32);
            case I64 -> value = in.sleb(64);
            case F32 -> value = littleEndian(4);
            case F64 -> value = littleEndian(8);
            case HEAP_TYPE -> heapType = in.sleb(33);
            case SELECT_TYPES -> {
                int n = in.count("value type", 1);
                if (types.length < n) {
                    types = new long[Math.max(n, 4)];
                }
                for (int i = 0; i < n; i++) {
                    types[i] = valueType();
                }
                typeCount = n;
            }
            case CATCHES -> {
                blockType();
                int n = in.count("catch clause", 2);
                ensureLabels(n);
                if (catchKinds.length < n) {
                    catchKinds = new int[labels.length];
                    catchTags = new int[labels.length];
                }
                for (int i = 0; i < n; i++) {
                    int at = in.position();
                    int kind = in.u8();
                    if (kind > 3) {
                        throw new WasmFormatException(at, "malformed catch clause kind " + kind);
                    }
                    catchKinds[i] = kind;
                    catchTags[i] = kind < 2 ? (int) in.u32() : -1;
                    label();
                }
            }
            case CAST -> {
                flags = in.u8();
                label();
                heapType = in.sleb(33);
                heapType2 = in.sleb(33);
            }
            case RESERVED_ZERO -> {
                int at = in.position();
                int zero = in.u8();
                if (zero != 0) {
                    throw new WasmFormatException(at, "malformed " + op.mnemonic() + ": expected 0x00, found " + zero);
                }
            }
        }
        end = in.position();
        return op;
    }

    public Opcode opcode() {
        return opcode;
    }

    /** Where the instruction starts in the module (its opcode byte). */
    public int start() {
        return start;
    }

    /** Where the next instruction starts: the instruction is {@code [start, end)}, immediates included. */
    public int end() {
        return end;
    }

    /** A block's type index, or -1 when its type is empty or one value type (see {@link #blockValueType()}). */
    public int blockTypeIndex() {
        return blockTypeIndex;
    }

    /** A block's value type, or {@link #EMPTY_BLOCK}; meaningful when {@link #blockTypeIndex()} is -1. */
    public long blockValueType() {
        return blockValueType;
    }

    /**
     * The first index immediate, whatever it indexes: the function, local, global, table, memory, tag, data or
     * element segment, or type of a one-index instruction; the type of call_indirect; the first of two indexes.
     */
    public int index() {
        return index;
    }

    /** The second index: call_indirect's table, memory.init's memory, table.copy's source, a struct's field. */
    public int index2() {
        return index2;
    }

    /** log2 of the alignment a memarg declares. */
    public int align() {
        return align;
    }

    /** A memarg's offset. */
    public long offset() {
        return offset;
    }

    /** A memarg's memory (0 unless multi-memory). */
    public int memory() {
        return memory;
    }

    /** The lane immediate of a lane instruction. */
    public int lane() {
        return lane;
    }

    /** The value of i32.const and i64.const. */
    public long integer() {
        return value;
    }

    /** The bits of f32.const. */
    public int f32Bits() {
        return (int) value;
    }

    /** The bits of f64.const. */
    public long f64Bits() {
        return value;
    }

    /** Bytes 0-7 of a v128.const (or shuffle's lanes), little-endian: byte 0 is the low byte. */
    public long v128Low() {
        return value;
    }

    /** Bytes 8-15 of a v128.const (or shuffle's lanes), little-endian. */
    public long v128High() {
        return high;
    }

    /** Byte {@code i} (0-15) of a v128.const, or the lane a shuffle takes for result lane {@code i}. */
    public int v128Byte(int i) {
        return (int) ((i < 8 ? value >>> (8 * i) : high >>> (8 * (i - 8))) & 0xff);
    }

    /** ref.null's heap type, ref.test's and ref.cast's, br_on_cast's source type. */
    public long heapType() {
        return heapType;
    }

    /** br_on_cast's target type. */
    public long heapType2() {
        return heapType2;
    }

    /** br_on_cast's flags byte (bit 0: the source is nullable, bit 1: the target is). */
    public int castFlags() {
        return flags;
    }

    /** Branch targets: 1 for br, br_if, br_on_*; a br_table's targets then its default; one per catch clause. */
    public int labelCount() {
        return labelCount;
    }

    /** A branch target as a relative depth. */
    public int label(int i) {
        return labels[i];
    }

    /** Where that target's LEB128 starts in the module (the fuel meter rewrites some). */
    public int labelOffset(int i) {
        return labelOffsets[i];
    }

    /** A try_table's catch clause kind: 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref. */
    public int catchKind(int i) {
        return catchKinds[i];
    }

    /** A catch clause's tag, or -1 for catch_all and catch_all_ref. */
    public int catchTag(int i) {
        return catchTags[i];
    }

    /** The number of value types a typed select names. */
    public int typeCount() {
        return typeCount;
    }

    /** A typed select's value type {@code i} (see the class comment for the encoding). */
    public long type(int i) {
        return types[i];
    }

    /** A value type's byte: 0x7f i32 ... 0x7b v128, 0x70 funcref, 0x63 ref null, 0x64 ref. */
    public static int typeCode(long valueType) {
        return (int) (valueType & 0xff);
    }

    /** The heap type of a value type written with 0x63 or 0x64. */
    public static long heapTypeOf(long valueType) {
        return valueType >> 8;
    }

    /** Whether a byte starts a value type, as Chicory 1.7.5 reads them. */
    public static boolean isValueType(int b) {
        return (b >= 0x7b && b <= 0x7f) || (b >= 0x69 && b <= 0x73) || b == 0x63 || b == 0x64;
    }

    /** A value type at the reader's position (see the class comment for the encoding). */
    public static long readValueType(ByteReader in) {
        int at = in.position();
        int b = in.u8();
        if (!isValueType(b)) {
            throw new WasmFormatException(at, String.format("malformed value type 0x%02x", b));
        }
        return b == 0x63 || b == 0x64 ? in.sleb(33) << 8 | b : b;
    }

    private long valueType() {
        return readValueType(in);
    }

    /** The empty type, a value type, or an s33 type index. */
    private void blockType() {
        int at = in.position();
        int b = in.u8();
        if (b == EMPTY_BLOCK) {
            blockTypeIndex = -1;
            blockValueType = EMPTY_BLOCK;
        } else if (isValueType(b)) {
            blockTypeIndex = -1;
            blockValueType = b == 0x63 || b == 0x64 ? in.sleb(33) << 8 | b : b;
        } else {
            in.seek(at);
            long typeIndex = in.sleb(33);
            if (typeIndex < 0) {
                throw new WasmFormatException(at, String.format("malformed block type 0x%02x", b));
            }
            blockTypeIndex = (int) typeIndex;
        }
    }

    /** Alignment flags (bit 6 announces a memory index: multi-memory), the memory, the offset. */
    private void memArg() {
        int at = in.position();
        long bits = in.u32();
        if (bits >= 0x80) {
            throw new WasmFormatException(at, "malformed memop flags 0x" + Long.toHexString(bits));
        }
        align = (int) (bits & 0x3f);
        memory = (bits & 0x40) != 0 ? (int) in.u32() : 0;
        offset = in.u32();
    }

    private void label() {
        ensureLabels(labelCount + 1);
        labelOffsets[labelCount] = in.position();
        labels[labelCount++] = (int) in.u32();
    }

    private void ensureLabels(int n) {
        if (labels.length < n) {
            int size = Math.max(n, labels.length * 2);
            labels = grow(labels, size);
            labelOffsets = grow(labelOffsets, size);
        }
    }

    private static int[] grow(int[] array, int size) {
        int[] bigger = new int[size];
        System.arraycopy(array, 0, bigger, 0, array.length);
        return bigger;
    }

    private long littleEndian(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) in.u8() << (8 * i);
        }
        return v;
    }
}
