package dev.wharf.binary;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.WasmEncoding;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Chicory's types and instructions as people write them: `i32`, `funcref`, `(i32, i32) -> i32`, `i32.const 8`. */
public final class TypeNames {
    // text-format namespaces: OpCode I32_LOAD8_U is `i32.load8_u`, BR_IF stays `br_if`
    private static final Set<String> NAMESPACES = Set.of(
            "i32", "i64", "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "local", "global",
            "table", "memory", "ref", "elem", "data", "i31", "struct", "array", "any", "extern");

    private TypeNames() {}

    public static String of(ValType t) {
        int opcode = t.opcode();
        if (opcode == ValType.ID.Ref || opcode == ValType.ID.RefNull) {
            boolean nullable = opcode == ValType.ID.RefNull;
            int idx = t.typeIdx();
            if (idx >= 0) {
                return nullable ? "(ref null " + idx + ")" : "(ref " + idx + ")";
            }
            String heap = heapType(idx);
            return nullable ? heap + "ref" : "(ref " + heap + ")";
        }
        return switch (opcode) {
            case ValType.ID.I32 -> "i32";
            case ValType.ID.I64 -> "i64";
            case ValType.ID.F32 -> "f32";
            case ValType.ID.F64 -> "f64";
            case ValType.ID.V128 -> "v128";
            default -> String.format("type 0x%02x", opcode);
        };
    }

    private static String heapType(int code) {
        for (var c : ValType.TypeIdxCode.values()) {
            if (c.code() == code) {
                return c.name().toLowerCase(Locale.ROOT);
            }
        }
        return "heap" + code;
    }

    /** "(i32, i32) -> i32", "() -> ()", "(i32) -> (i32, i64)". */
    public static String of(FunctionType f) {
        String params = f.params().stream().map(TypeNames::of).collect(Collectors.joining(", ", "(", ")"));
        List<ValType> returns = f.returns();
        String results = returns.size() == 1
                ? of(returns.get(0))
                : returns.stream().map(TypeNames::of).collect(Collectors.joining(", ", "(", ")"));
        return params + " -> " + results;
    }

    /** The text-format name of an opcode: `i32.const`, `local.get`, `br_if`, `call_indirect`. */
    public static String of(OpCode op) {
        String name = op.name().toLowerCase(Locale.ROOT);
        int underscore = name.indexOf('_');
        if (underscore > 0 && NAMESPACES.contains(name.substring(0, underscore))) {
            return name.substring(0, underscore) + "." + name.substring(underscore + 1);
        }
        return name;
    }

    /** One instruction with its immediates, e.g. `i32.const 1024`, `f64.const 1.5`, `global.get 0`. */
    public static String of(Instruction ins) {
        String name = of(ins.opcode());
        return switch (ins.opcode()) {
            case F32_CONST -> name + " " + Float.intBitsToFloat((int) ins.operand(0));
            case F64_CONST -> name + " " + Double.longBitsToDouble(ins.operand(0));
            case DROP, SELECT -> name; // Chicory keeps a type hint there, not an immediate
            case BLOCK, LOOP, IF -> {
                long blockType = ins.operand(0);
                if (blockType == 0x40) {
                    yield name;
                }
                // a value type is kept as Chicory's type id; anything else is a type index
                yield blockType < 0 || ValType.ID.isValidOpcode((int) blockType)
                        ? name + " (result "
                                + of(ValType.builder().fromId(blockType).build()) + ")"
                        : name + " (type " + blockType + ")";
            }
            default -> {
                if (OpCode.signature(ins.opcode()).contains(WasmEncoding.MEMARG)) {
                    // [align exponent, offset, memory index], written as the text format does
                    String memory = ins.operand(2) == 0 ? "" : " " + ins.operand(2);
                    yield name + memory + " offset=" + ins.operand(1) + " align=" + (1L << ins.operand(0));
                }
                var sb = new StringBuilder(name);
                for (long operand : ins.operands()) {
                    sb.append(' ').append(operand);
                }
                yield sb.toString();
            }
        };
    }

    /** A constant expression as Chicory keeps it (without its `end`). */
    public static String of(List<Instruction> expression) {
        return expression.stream()
                .filter(i -> i.opcode() != OpCode.END)
                .map(TypeNames::of)
                .collect(Collectors.joining(" "));
    }
}
