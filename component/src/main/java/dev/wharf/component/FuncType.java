package dev.wharf.component;

import java.util.List;

/** A component function type: named parameters and at most one result (null for none). */
public record FuncType(List<Param> params, ValType result, boolean async) implements DefType {
    public FuncType {
        params = List.copyOf(params);
    }

    public record Param(String name, ValType type) {}

    public List<ValType> paramTypes() {
        return params.stream().map(Param::type).toList();
    }

    /** The result types as a list: empty or one. */
    public List<ValType> resultTypes() {
        return result == null ? List.of() : List.of(result);
    }
}
