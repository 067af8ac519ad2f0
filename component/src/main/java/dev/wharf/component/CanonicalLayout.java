package dev.wharf.component;

import java.util.ArrayList;
import java.util.List;

/**
 * How the canonical ABI lays out values of a type (32-bit memories): alignment and size in linear memory, the flat
 * core values a value becomes, and the core signature of a lifted or lowered function. The validator checks core
 * functions against these; the runtime builds its lifting and lowering code from them once per type.
 */
public final class CanonicalLayout {
    /** At most this many flat parameters are passed as core values; more go through memory. */
    public static final int MAX_FLAT_PARAMS = 16;
    /** At most this many flat results are returned as core values; more go through memory. */
    public static final int MAX_FLAT_RESULTS = 1;

    private CanonicalLayout() {}

    public static int alignment(ValType t) {
        return switch (t) {
            case ValType.Prim p ->
                switch (p) {
                    case BOOL, S8, U8 -> 1;
                    case S16, U16 -> 2;
                    case S32, U32, F32, CHAR, STRING, ERROR_CONTEXT -> 4;
                    case S64, U64, F64 -> 8;
                };
            case ValType.ListOf l -> l.fixed() ? alignment(l.element()) : 4;
            case ValType.Record r -> {
                int a = 1;
                for (ValType.Field f : r.fields()) {
                    a = Math.max(a, alignment(f.type()));
                }
                yield a;
            }
            case ValType.Tuple tu -> {
                int a = 1;
                for (ValType e : tu.types()) {
                    a = Math.max(a, alignment(e));
                }
                yield a;
            }
            case ValType.Flags f -> flagsSize(f.names().size());
            case ValType.Own o -> 4;
            case ValType.Borrow b -> 4;
            case ValType.Stream s -> 4;
            case ValType.Future f -> 4;
            case ValType.MapOf m -> 4;
            default -> {
                var cases = cases(t);
                yield Math.max(discriminantSize(cases.size()), maxCaseAlignment(cases));
            }
        };
    }

    public static int size(ValType t) {
        return switch (t) {
            case ValType.Prim p ->
                switch (p) {
                    case BOOL, S8, U8 -> 1;
                    case S16, U16 -> 2;
                    case S32, U32, F32, CHAR, ERROR_CONTEXT -> 4;
                    case S64, U64, F64, STRING -> 8;
                };
            case ValType.ListOf l -> l.fixed() ? l.length() * size(l.element()) : 8;
            case ValType.Record r ->
                recordSize(r.fields().stream().map(ValType.Field::type).toList());
            case ValType.Tuple tu -> recordSize(tu.types());
            case ValType.Flags f -> flagsSize(f.names().size());
            case ValType.Own o -> 4;
            case ValType.Borrow b -> 4;
            case ValType.Stream s -> 4;
            case ValType.Future f -> 4;
            case ValType.MapOf m -> 8;
            default -> {
                var cases = cases(t);
                int s = discriminantSize(cases.size());
                s = alignTo(s, maxCaseAlignment(cases));
                int payload = 0;
                for (ValType c : cases) {
                    if (c != null) {
                        payload = Math.max(payload, size(c));
                    }
                }
                yield alignTo(s + payload, alignment(t));
            }
        };
    }

    /** The byte offsets of the fields of a record (or tuple) of these field types. */
    public static int[] fieldOffsets(List<ValType> fields) {
        int[] offsets = new int[fields.size()];
        int s = 0;
        for (int i = 0; i < fields.size(); i++) {
            s = alignTo(s, alignment(fields.get(i)));
            offsets[i] = s;
            s += size(fields.get(i));
        }
        return offsets;
    }

    private static int recordSize(List<ValType> fields) {
        int s = 0;
        int a = 1;
        for (ValType f : fields) {
            s = alignTo(s, alignment(f));
            s += size(f);
            a = Math.max(a, alignment(f));
        }
        return alignTo(s, a);
    }

    public static int alignTo(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    /** 1, 2 or 4 bytes: what holds a discriminant of {@code n} cases. */
    public static int discriminantSize(int n) {
        if (n <= 256) {
            return 1;
        }
        return n <= 65536 ? 2 : 4;
    }

    private static int flagsSize(int n) {
        if (n <= 8) {
            return 1;
        }
        return n <= 16 ? 2 : 4;
    }

    public static int maxCaseAlignment(List<ValType> cases) {
        int a = 1;
        for (ValType c : cases) {
            if (c != null) {
                a = Math.max(a, alignment(c));
            }
        }
        return a;
    }

    /**
     * The payload types of a variant-like type (variant, enum, option, result), in case order, null for a case
     * without one: the despecialisation the canonical ABI works on.
     */
    public static List<ValType> cases(ValType t) {
        var out = new ArrayList<ValType>();
        switch (t) {
            case ValType.Variant v -> v.cases().forEach(c -> out.add(c.type()));
            case ValType.Enum e -> e.names().forEach(n -> out.add(null));
            case ValType.Option o -> {
                out.add(null);
                out.add(o.type());
            }
            case ValType.Result r -> {
                out.add(r.ok());
                out.add(r.err());
            }
            default -> throw new IllegalArgumentException("not a variant-like type: " + t);
        }
        return out;
    }

    /** The flat core types a value of this type becomes. */
    public static List<CoreType.Val> flatten(ValType t) {
        var out = new ArrayList<CoreType.Val>();
        flatten(t, out);
        return out;
    }

    public static List<CoreType.Val> flatten(List<ValType> types) {
        var out = new ArrayList<CoreType.Val>();
        for (ValType t : types) {
            flatten(t, out);
        }
        return out;
    }

    private static void flatten(ValType t, List<CoreType.Val> out) {
        switch (t) {
            case ValType.Prim p -> {
                switch (p) {
                    case S64, U64 -> out.add(CoreType.Val.I64);
                    case F32 -> out.add(CoreType.Val.F32);
                    case F64 -> out.add(CoreType.Val.F64);
                    case STRING -> {
                        out.add(CoreType.Val.I32);
                        out.add(CoreType.Val.I32);
                    }
                    default -> out.add(CoreType.Val.I32);
                }
            }
            case ValType.ListOf l -> {
                if (l.fixed()) {
                    for (int i = 0; i < l.length(); i++) {
                        flatten(l.element(), out);
                    }
                } else {
                    out.add(CoreType.Val.I32);
                    out.add(CoreType.Val.I32);
                }
            }
            case ValType.MapOf m -> {
                out.add(CoreType.Val.I32);
                out.add(CoreType.Val.I32);
            }
            case ValType.Record r -> r.fields().forEach(f -> flatten(f.type(), out));
            case ValType.Tuple tu -> tu.types().forEach(e -> flatten(e, out));
            case ValType.Flags f -> out.add(CoreType.Val.I32);
            case ValType.Own o -> out.add(CoreType.Val.I32);
            case ValType.Borrow b -> out.add(CoreType.Val.I32);
            case ValType.Stream s -> out.add(CoreType.Val.I32);
            case ValType.Future f -> out.add(CoreType.Val.I32);
            default -> out.addAll(flattenVariant(cases(t)));
        }
    }

    /** A variant's flat types: the discriminant, then each position joined across the cases' payloads. */
    public static List<CoreType.Val> flattenVariant(List<ValType> cases) {
        var flat = new ArrayList<CoreType.Val>();
        for (ValType c : cases) {
            if (c == null) {
                continue;
            }
            List<CoreType.Val> payload = flatten(c);
            for (int i = 0; i < payload.size(); i++) {
                if (i < flat.size()) {
                    flat.set(i, join(flat.get(i), payload.get(i)));
                } else {
                    flat.add(payload.get(i));
                }
            }
        }
        flat.add(0, CoreType.Val.I32);
        return flat;
    }

    public static CoreType.Val join(CoreType.Val a, CoreType.Val b) {
        if (a == b) {
            return a;
        }
        if ((a == CoreType.Val.I32 && b == CoreType.Val.F32) || (a == CoreType.Val.F32 && b == CoreType.Val.I32)) {
            return CoreType.Val.I32;
        }
        return CoreType.Val.I64;
    }

    /**
     * The core signature of a synchronous function lifted from ({@code lift}) or lowered into ({@code !lift}) core
     * wasm: parameters past {@link #MAX_FLAT_PARAMS} become one pointer; results past {@link #MAX_FLAT_RESULTS} become
     * a returned pointer when lifting, or a pointer parameter to write them to when lowering.
     */
    public static CoreType.Func coreSignature(FuncType f, boolean lift) {
        List<CoreType.Val> params = flatten(f.paramTypes());
        List<CoreType.Val> results = flatten(f.resultTypes());
        if (params.size() > MAX_FLAT_PARAMS) {
            params = List.of(CoreType.Val.I32);
        }
        if (results.size() > MAX_FLAT_RESULTS) {
            if (lift) {
                results = List.of(CoreType.Val.I32);
            } else {
                params = new ArrayList<>(params);
                params.add(CoreType.Val.I32);
                results = List.of();
            }
        }
        return new CoreType.Func(params, results);
    }

    /** True when values of this type live partly in linear memory (strings and lists), so a memory is needed. */
    public static boolean usesMemory(ValType t) {
        return switch (t) {
            case ValType.Prim p -> p == ValType.Prim.STRING;
            case ValType.ListOf l -> !l.fixed() || usesMemory(l.element());
            case ValType.MapOf m -> true;
            case ValType.Record r -> r.fields().stream().anyMatch(f -> usesMemory(f.type()));
            case ValType.Tuple tu -> tu.types().stream().anyMatch(CanonicalLayout::usesMemory);
            case ValType.Variant v -> v.cases().stream().anyMatch(c -> c.type() != null && usesMemory(c.type()));
            case ValType.Option o -> usesMemory(o.type());
            case ValType.Result r -> (r.ok() != null && usesMemory(r.ok())) || (r.err() != null && usesMemory(r.err()));
            default -> false;
        };
    }

    /** True when a type contains a borrowed handle anywhere inside it. */
    public static boolean containsBorrow(ValType t) {
        return switch (t) {
            case ValType.Borrow b -> true;
            case ValType.ListOf l -> containsBorrow(l.element());
            case ValType.MapOf m -> containsBorrow(m.key()) || containsBorrow(m.value());
            case ValType.Record r -> r.fields().stream().anyMatch(f -> containsBorrow(f.type()));
            case ValType.Tuple tu -> tu.types().stream().anyMatch(CanonicalLayout::containsBorrow);
            case ValType.Variant v -> v.cases().stream().anyMatch(c -> c.type() != null && containsBorrow(c.type()));
            case ValType.Option o -> containsBorrow(o.type());
            case ValType.Result r ->
                (r.ok() != null && containsBorrow(r.ok())) || (r.err() != null && containsBorrow(r.err()));
            case ValType.Stream s -> s.element() != null && containsBorrow(s.element());
            case ValType.Future f -> f.element() != null && containsBorrow(f.element());
            default -> false;
        };
    }

    /** True for the types of the async ABI (stream, future, error-context) anywhere inside {@code t}. */
    public static boolean containsAsyncValue(ValType t) {
        return switch (t) {
            case ValType.Stream s -> true;
            case ValType.Future f -> true;
            case ValType.Prim p -> p == ValType.Prim.ERROR_CONTEXT;
            case ValType.ListOf l -> containsAsyncValue(l.element());
            case ValType.MapOf m -> containsAsyncValue(m.key()) || containsAsyncValue(m.value());
            case ValType.Record r -> r.fields().stream().anyMatch(f -> containsAsyncValue(f.type()));
            case ValType.Tuple tu -> tu.types().stream().anyMatch(CanonicalLayout::containsAsyncValue);
            case ValType.Variant v ->
                v.cases().stream().anyMatch(c -> c.type() != null && containsAsyncValue(c.type()));
            case ValType.Option o -> containsAsyncValue(o.type());
            case ValType.Result r ->
                (r.ok() != null && containsAsyncValue(r.ok())) || (r.err() != null && containsAsyncValue(r.err()));
            default -> false;
        };
    }
}
