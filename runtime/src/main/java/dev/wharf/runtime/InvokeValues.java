package dev.wharf.runtime;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/** `--invoke` arguments parsed by parameter type, and results printed the way wasmtime prints them. */
final class InvokeValues {
    private InvokeValues() {}

    static long[] parseArgs(String function, FunctionType type, List<String> args) {
        var params = type.params();
        if (params.size() != args.size()) {
            throw new RunException("`" + function + "` takes " + params.size() + " argument(s) " + describe(params)
                    + " but " + args.size() + " were given after the module");
        }
        long[] out = new long[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parse(function, i, params.get(i), args.get(i));
        }
        return out;
    }

    private static long parse(String function, int i, ValType t, String text) {
        try {
            if (t.equals(ValType.I32)) {
                long v = Long.decode(text);
                if (v < Integer.MIN_VALUE || v > 0xFFFF_FFFFL) {
                    throw new NumberFormatException();
                }
                return (int) v;
            } else if (t.equals(ValType.I64)) {
                return text.startsWith("0x") || text.startsWith("-0x")
                        ? Long.parseUnsignedLong(text.replace("0x", ""), 16) * (text.startsWith("-") ? -1 : 1)
                        : Long.parseLong(text);
            } else if (t.equals(ValType.F32)) {
                return Float.floatToRawIntBits(Float.parseFloat(text)) & 0xFFFF_FFFFL;
            } else if (t.equals(ValType.F64)) {
                return Double.doubleToRawLongBits(Double.parseDouble(text));
            }
        } catch (NumberFormatException e) {
            throw new RunException(
                    "argument " + (i + 1) + " of `" + function + "`: `" + text + "` is not a valid " + typeName(t));
        }
        throw new RunException("`" + function + "` takes a " + typeName(t) + " parameter, which --invoke cannot pass");
    }

    static List<String> formatResults(FunctionType type, long[] results) {
        var out = new ArrayList<String>();
        var types = type.returns();
        for (int i = 0; i < types.size(); i++) {
            long raw = results[i];
            ValType t = types.get(i);
            if (t.equals(ValType.I32)) {
                out.add(Integer.toString((int) raw));
            } else if (t.equals(ValType.I64)) {
                out.add(Long.toString(raw));
            } else if (t.equals(ValType.F32)) {
                out.add(formatFloat(Float.intBitsToFloat((int) raw)));
            } else if (t.equals(ValType.F64)) {
                out.add(formatDouble(Double.longBitsToDouble(raw)));
            } else {
                out.add(
                        raw == -1 || raw == com.dylibso.chicory.wasm.types.Value.REF_NULL_VALUE
                                ? "null"
                                : "<ref " + raw + ">");
            }
        }
        return out;
    }

    private static String formatFloat(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        return f == Math.rint(f) && !Float.isInfinite(f) && Math.abs(f) < 1e16
                ? Long.toString((long) f)
                : Float.toString(f);
    }

    private static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e16
                ? Long.toString((long) d)
                : Double.toString(d);
    }

    static String typeName(ValType t) {
        if (t.equals(ValType.I32)) {
            return "i32";
        } else if (t.equals(ValType.I64)) {
            return "i64";
        } else if (t.equals(ValType.F32)) {
            return "f32";
        } else if (t.equals(ValType.F64)) {
            return "f64";
        } else if (t.equals(ValType.V128)) {
            return "v128";
        } else if (t.equals(ValType.FuncRef)) {
            return "funcref";
        } else if (t.equals(ValType.ExternRef)) {
            return "externref";
        }
        return "reference";
    }

    static String describe(List<ValType> types) {
        var names = new ArrayList<String>();
        for (ValType t : types) {
            names.add(typeName(t));
        }
        return "(" + String.join(", ", names) + ")";
    }
}
