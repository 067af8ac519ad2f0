package dev.wharf.binary;

/**
 * A decoded instruction as one plain line, the way `wharf dump --code` lists code and `inspect` shows a global's
 * initializer: the mnemonic and the raw immediates, indexes as numbers, every memarg spelled out
 * ({@code i32.load offset=8 align=4}). The WAT printer writes the text format proper (names, labels, defaults
 * left out); this is the disassembler's view.
 */
final class InstructionText {
    private InstructionText() {}

    static String of(InstructionReader code) {
        Opcode op = code.opcode();
        var out = new StringBuilder(op.mnemonic());
        switch (op.immediate()) {
            case NONE, RESERVED_ZERO -> {}
            case BLOCK_TYPE -> blockType(out, code);
            case LABEL, LABEL_TABLE -> {
                for (int i = 0; i < code.labelCount(); i++) {
                    out.append(' ').append(code.label(i));
                }
            }
            case FUNC, TYPE, LOCAL, GLOBAL, TABLE, MEMORY, TAG, DATA, ELEM ->
                out.append(' ').append(Integer.toUnsignedString(code.index()));
            case TYPE_TABLE,
                    DATA_MEMORY,
                    MEMORY_MEMORY,
                    ELEM_TABLE,
                    TABLE_TABLE,
                    TYPE_FIELD,
                    TYPE_SIZE,
                    TYPE_DATA,
                    TYPE_ELEM,
                    TYPE_TYPE ->
                out.append(' ')
                        .append(Integer.toUnsignedString(code.index()))
                        .append(' ')
                        .append(Integer.toUnsignedString(code.index2()));
            case MEMARG -> memArg(out, code);
            case MEMARG_LANE -> memArg(out, code).append(' ').append(code.lane());
            case LANE -> out.append(' ').append(code.lane());
            case V128 -> out.append(' ').append(v128(code));
            case SHUFFLE -> {
                for (int i = 0; i < 16; i++) {
                    out.append(' ').append(code.v128Byte(i));
                }
            }
            case I32, I64 -> out.append(' ').append(code.integer());
            case F32 -> out.append(' ').append(Float.intBitsToFloat(code.f32Bits()));
            case F64 -> out.append(' ').append(Double.longBitsToDouble(code.f64Bits()));
            case HEAP_TYPE -> out.append(' ').append(heapType(code.heapType()));
            case SELECT_TYPES -> {
                out.append(" (result");
                for (int i = 0; i < code.typeCount(); i++) {
                    out.append(' ').append(valueType(code.type(i)));
                }
                out.append(')');
            }
            case CATCHES -> {
                blockType(out, code);
                for (int i = 0; i < code.labelCount(); i++) {
                    int kind = code.catchKind(i);
                    out.append(" (")
                            .append(
                                    switch (kind) {
                                        case 0 -> "catch";
                                        case 1 -> "catch_ref";
                                        case 2 -> "catch_all";
                                        default -> "catch_all_ref";
                                    });
                    if (kind < 2) {
                        out.append(' ').append(code.catchTag(i));
                    }
                    out.append(' ').append(code.label(i)).append(')');
                }
            }
            case CAST ->
                out.append(' ')
                        .append(code.castFlags())
                        .append(' ')
                        .append(code.label(0))
                        .append(' ')
                        .append(heapType(code.heapType()))
                        .append(' ')
                        .append(heapType(code.heapType2()));
        }
        return out.toString();
    }

    /** A constant expression starting at {@code offset}: its instructions joined by spaces, without its `end`. */
    static String expression(ModuleSource source, int offset) {
        var code = new InstructionReader(new ByteReader(source.bytes(), offset, source.bytes().length));
        var out = new StringBuilder();
        while (code.next() != Opcode.END) {
            out.append(out.isEmpty() ? "" : " ").append(of(code));
        }
        return out.toString();
    }

    /** {@code i32x4 0x00000001 0x00000002 0x00000003 0x00000004}: the lanes as wasm2wat writes them. */
    static String v128(InstructionReader code) {
        long low = code.v128Low();
        long high = code.v128High();
        return String.format(
                "i32x4 0x%08x 0x%08x 0x%08x 0x%08x", (int) low, (int) (low >>> 32), (int) high, (int) (high >>> 32));
    }

    private static StringBuilder memArg(StringBuilder out, InstructionReader code) {
        if (code.memory() != 0) {
            out.append(' ').append(Integer.toUnsignedString(code.memory()));
        }
        return out.append(" offset=").append(code.offset()).append(" align=").append(1L << code.align());
    }

    private static void blockType(StringBuilder out, InstructionReader code) {
        if (code.blockTypeIndex() >= 0) {
            out.append(" (type ").append(code.blockTypeIndex()).append(')');
        } else if (code.blockValueType() != InstructionReader.EMPTY_BLOCK) {
            out.append(" (result ").append(valueType(code.blockValueType())).append(')');
        }
    }

    /** "i32", "v128", "funcref", "(ref null 3)", "(ref func)". */
    static String valueType(long valueType) {
        int code = InstructionReader.typeCode(valueType);
        return switch (code) {
            case 0x7f -> "i32";
            case 0x7e -> "i64";
            case 0x7d -> "f32";
            case 0x7c -> "f64";
            case 0x7b -> "v128";
            case 0x70 -> "funcref";
            case 0x6f -> "externref";
            case 0x6e -> "anyref";
            case 0x6d -> "eqref";
            case 0x6c -> "i31ref";
            case 0x6b -> "structref";
            case 0x6a -> "arrayref";
            case 0x69 -> "exnref";
            case 0x71 -> "nullref";
            case 0x72 -> "nullexternref";
            case 0x73 -> "nullfuncref";
            case 0x63, 0x64 -> {
                String target = heapType(InstructionReader.heapTypeOf(valueType));
                yield code == 0x63 ? "(ref null " + target + ")" : "(ref " + target + ")";
            }
            default -> String.format("type 0x%02x", code);
        };
    }

    /** A heap type: a type index, or the abstract type a negative s33 names. */
    static String heapType(long heap) {
        if (heap >= 0) {
            return String.valueOf(heap);
        }
        return switch ((int) (heap & 0x7f)) {
            case 0x70 -> "func";
            case 0x6f -> "extern";
            case 0x6e -> "any";
            case 0x6d -> "eq";
            case 0x6c -> "i31";
            case 0x6b -> "struct";
            case 0x6a -> "array";
            case 0x69 -> "exn";
            case 0x71 -> "none";
            case 0x72 -> "noextern";
            case 0x73 -> "nofunc";
            case 0x74 -> "noexn";
            default -> "heap type " + heap;
        };
    }
}
