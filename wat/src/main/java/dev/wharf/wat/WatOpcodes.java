package dev.wharf.wat;

import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.WasmEncoding;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the printer needs to know about each Chicory opcode: its text mnemonic, the kind of immediate
 * it carries (which decides how Chicory's raw operand longs are read), the natural alignment of memory
 * accesses, and whether it belongs to a proposal the printer does not write.
 */
final class WatOpcodes {

    /** How an instruction's operands are laid out in Chicory's decoded form, and printed. */
    enum Immediate {
        NONE,
        BLOCK_TYPE, // [blocktype]: 0x40, a value type code, or a type index
        LABEL, // [depth]
        LABEL_TABLE, // [depth..., default]
        FUNC, // [funcidx]
        CALL_INDIRECT, // [typeidx, tableidx]
        LOCAL,
        GLOBAL,
        TABLE, // [tableidx], always printed
        MEMARG, // [align log2, offset, memidx]
        MEMORY, // [memidx], printed only when not 0
        I32,
        I64,
        F32, // [bits]
        F64, // [bits]
        HEAP_TYPE, // [s33 heap type]
        SELECT_TYPES, // [value type code...]
        MEMORY_INIT, // [dataidx, memidx]
        DATA, // [dataidx]
        MEMORY_COPY, // [dst memidx, src memidx]
        TABLE_INIT, // [elemidx, tableidx]
        ELEM, // [elemidx]
        TABLE_COPY, // [dst tableidx, src tableidx]
        FENCE // [0], nothing printed
    }

    /** One opcode's printing facts. `unsupported` names the proposal when the printer refuses it. */
    record Form(String mnemonic, Immediate immediate, int naturalAlignLog2, String unsupported) {}

    static final String SIMD = "SIMD (v128) instructions";
    static final String GC = "GC or typed function reference instructions";
    static final String EXCEPTIONS = "exception handling instructions";

    private static final Map<OpCode, Form> FORMS = new EnumMap<>(OpCode.class);
    private static final Pattern ACCESS_WIDTH = Pattern.compile("(?:load|store|rmw)(8|16|32)");
    private static final List<String> DOTTED_PREFIXES =
            List.of("i32_", "i64_", "f32_", "f64_", "local_", "global_", "table_", "memory_", "ref_", "elem_", "data_");
    private static final Set<OpCode> GC_OUTSIDE_FB = Set.of(
            OpCode.CALL_REF,
            OpCode.RETURN_CALL_REF,
            OpCode.REF_EQ,
            OpCode.REF_AS_NON_NULL,
            OpCode.BR_ON_NULL,
            OpCode.BR_ON_NON_NULL);

    static {
        for (OpCode op : OpCode.values()) {
            FORMS.put(op, describe(op));
        }
    }

    private WatOpcodes() {}

    static Form form(OpCode op) {
        return FORMS.get(op);
    }

    private static Form describe(OpCode op) {
        int prefix = op.opcode() >>> 8;
        String mnemonic = mnemonic(op);
        if (prefix == 0xfd) {
            return new Form(mnemonic, Immediate.NONE, -1, SIMD);
        }
        if (prefix == 0xfb || GC_OUTSIDE_FB.contains(op)) {
            return new Form(mnemonic, Immediate.NONE, -1, GC);
        }
        if (op == OpCode.THROW || op == OpCode.THROW_REF || op == OpCode.TRY_TABLE) {
            return new Form(mnemonic, Immediate.NONE, -1, EXCEPTIONS);
        }
        Immediate immediate = immediate(op);
        List<WasmEncoding> signature = OpCode.signature(op);
        if (immediate == Immediate.NONE && signature != null && !signature.isEmpty()) {
            // an opcode with operands this table does not know how to read: refuse rather than guess
            return new Form(mnemonic, immediate, -1, "the instruction " + mnemonic);
        }
        int align = immediate == Immediate.MEMARG ? naturalAlignLog2(mnemonic) : -1;
        return new Form(mnemonic, immediate, align, null);
    }

    private static Immediate immediate(OpCode op) {
        List<WasmEncoding> signature = OpCode.signature(op);
        if (signature != null && signature.equals(List.of(WasmEncoding.MEMARG))) {
            return Immediate.MEMARG;
        }
        return switch (op) {
            case BLOCK, LOOP, IF -> Immediate.BLOCK_TYPE;
            case BR, BR_IF -> Immediate.LABEL;
            case BR_TABLE -> Immediate.LABEL_TABLE;
            case CALL, RETURN_CALL, REF_FUNC -> Immediate.FUNC;
            case CALL_INDIRECT, RETURN_CALL_INDIRECT -> Immediate.CALL_INDIRECT;
            case LOCAL_GET, LOCAL_SET, LOCAL_TEE -> Immediate.LOCAL;
            case GLOBAL_GET, GLOBAL_SET -> Immediate.GLOBAL;
            case TABLE_GET, TABLE_SET, TABLE_GROW, TABLE_SIZE, TABLE_FILL -> Immediate.TABLE;
            case MEMORY_SIZE, MEMORY_GROW, MEMORY_FILL -> Immediate.MEMORY;
            case I32_CONST -> Immediate.I32;
            case I64_CONST -> Immediate.I64;
            case F32_CONST -> Immediate.F32;
            case F64_CONST -> Immediate.F64;
            case REF_NULL -> Immediate.HEAP_TYPE;
            case SELECT_T -> Immediate.SELECT_TYPES;
            case MEMORY_INIT -> Immediate.MEMORY_INIT;
            case DATA_DROP -> Immediate.DATA;
            case MEMORY_COPY -> Immediate.MEMORY_COPY;
            case TABLE_INIT -> Immediate.TABLE_INIT;
            case ELEM_DROP -> Immediate.ELEM;
            case TABLE_COPY -> Immediate.TABLE_COPY;
            case ATOMIC_FENCE -> Immediate.FENCE;
            default -> Immediate.NONE;
        };
    }

    /**
     * The text mnemonic from Chicory's enum name: `I32_LOAD8_S` is `i32.load8_s`, `I32_ATOMIC_RMW8_ADD_U`
     * is `i32.atomic.rmw8.add_u`. The few names that do not follow the pattern are listed.
     */
    static String mnemonic(OpCode op) {
        String name = op.name().toLowerCase(Locale.ROOT);
        switch (name) {
            case "select_t":
                return "select";
            case "mem_atomic_notify":
                return "memory.atomic.notify";
            case "mem_atomic_wait32":
                return "memory.atomic.wait32";
            case "mem_atomic_wait64":
                return "memory.atomic.wait64";
            case "atomic_fence":
                return "atomic.fence";
            case "i32_extend_8_s":
                return "i32.extend8_s";
            case "i32_extend_16_s":
                return "i32.extend16_s";
            case "i64_extend_8_s":
                return "i64.extend8_s";
            case "i64_extend_16_s":
                return "i64.extend16_s";
            case "i64_extend_32_s":
                return "i64.extend32_s";
            default:
                break;
        }
        for (String prefix : DOTTED_PREFIXES) {
            if (name.startsWith(prefix)) {
                name = prefix.substring(0, prefix.length() - 1) + "." + name.substring(prefix.length());
                break;
            }
        }
        if (name.contains(".atomic_")) {
            name = name.replace(".atomic_", ".atomic.").replaceFirst("\\.rmw(8|16|32)?_", ".rmw$1.");
        }
        return name;
    }

    /** The natural alignment (log2 of the access width in bytes): an `align=` equal to it is not printed. */
    static int naturalAlignLog2(String mnemonic) {
        var width = ACCESS_WIDTH.matcher(mnemonic);
        if (width.find()) {
            return switch (width.group(1)) {
                case "8" -> 0;
                case "16" -> 1;
                default -> 2;
            };
        }
        if (mnemonic.equals("memory.atomic.notify") || mnemonic.equals("memory.atomic.wait32")) {
            return 2;
        }
        if (mnemonic.equals("memory.atomic.wait64")) {
            return 3;
        }
        return mnemonic.startsWith("i64") || mnemonic.startsWith("f64") ? 3 : 2;
    }
}
