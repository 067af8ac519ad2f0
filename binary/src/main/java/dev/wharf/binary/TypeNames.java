package dev.wharf.binary;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Chicory's types as people write them: `i32`, `funcref`, `(i32, i32) -> i32`. Instructions are written by
 * {@link InstructionText} from Wharf's own decoder.
 */
public final class TypeNames {
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
}
