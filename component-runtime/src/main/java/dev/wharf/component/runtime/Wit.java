package dev.wharf.component.runtime;

import dev.wharf.component.FuncType;
import dev.wharf.component.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Spelling WIT types in Java, for declaring host functions: {@code Wit.func(Wit.result(stream.own(), null))} is
 * {@code func() -> result<output-stream>}. Primitives are the {@link ValType.Prim} constants.
 */
public final class Wit {
    private Wit() {}

    /** A function type: parameters as alternating names and types, then the result (null for none) first. */
    public static FuncType func(ValType result, Object... namesAndTypes) {
        var params = new ArrayList<FuncType.Param>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            params.add(new FuncType.Param((String) namesAndTypes[i], (ValType) namesAndTypes[i + 1]));
        }
        return new FuncType(params, result, false);
    }

    public static ValType list(ValType element) {
        return new ValType.ListOf(element, -1);
    }

    public static ValType option(ValType t) {
        return new ValType.Option(t);
    }

    /** {@code result<ok, err>}; null for an absent side. */
    public static ValType result(ValType ok, ValType err) {
        return new ValType.Result(ok, err);
    }

    public static ValType tuple(ValType... types) {
        return new ValType.Tuple(List.of(types));
    }

    /** A record: alternating field names and types. */
    public static ValType record(Object... namesAndTypes) {
        var fields = new ArrayList<ValType.Field>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.add(new ValType.Field((String) namesAndTypes[i], (ValType) namesAndTypes[i + 1]));
        }
        return new ValType.Record(fields);
    }

    /** A variant: alternating case names and payload types (null for none). */
    public static ValType variant(Object... namesAndTypes) {
        var cases = new ArrayList<ValType.Case>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            cases.add(new ValType.Case((String) namesAndTypes[i], (ValType) namesAndTypes[i + 1]));
        }
        return new ValType.Variant(cases);
    }

    public static ValType enumOf(String... names) {
        return new ValType.Enum(List.of(names));
    }

    public static ValType flags(String... names) {
        return new ValType.Flags(List.of(names));
    }
}
