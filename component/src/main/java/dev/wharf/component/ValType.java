package dev.wharf.component;

import java.util.List;

/**
 * A component value type, resolved: type indices are replaced by the types they name, so a value type is a tree
 * whose leaves are primitives and resource types. Records compare structurally (type equality for linking), while a
 * {@link ResourceType} is equal only to itself, as the component model's resource types are generative. The
 * identity of a type object also carries its name: the WIT printer names a type by the object an interface exported.
 */
public sealed interface ValType extends DefType
        permits ValType.Prim,
                ValType.ListOf,
                ValType.Record,
                ValType.Tuple,
                ValType.Variant,
                ValType.Enum,
                ValType.Option,
                ValType.Result,
                ValType.Flags,
                ValType.Own,
                ValType.Borrow,
                ValType.Stream,
                ValType.Future,
                ValType.MapOf {

    /** The primitive value types, with their binary codes and WIT names. */
    enum Prim implements ValType {
        BOOL(0x7f, "bool"),
        S8(0x7e, "s8"),
        U8(0x7d, "u8"),
        S16(0x7c, "s16"),
        U16(0x7b, "u16"),
        S32(0x7a, "s32"),
        U32(0x79, "u32"),
        S64(0x78, "s64"),
        U64(0x77, "u64"),
        F32(0x76, "f32"),
        F64(0x75, "f64"),
        CHAR(0x74, "char"),
        STRING(0x73, "string"),
        ERROR_CONTEXT(0x64, "error-context");

        private final int code;
        private final String wit;

        Prim(int code, String wit) {
            this.code = code;
            this.wit = wit;
        }

        public String wit() {
            return wit;
        }

        static Prim ofCode(int code) {
            for (Prim p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            return null;
        }
    }

    /** {@code list<T>}, or the fixed-length {@code list<T, N>} when {@code length >= 0}. */
    record ListOf(ValType element, int length) implements ValType {
        public boolean fixed() {
            return length >= 0;
        }
    }

    record Field(String name, ValType type) {}

    record Record(List<Field> fields) implements ValType {
        public Record {
            fields = List.copyOf(fields);
        }
    }

    record Tuple(List<ValType> types) implements ValType {
        public Tuple {
            types = List.copyOf(types);
        }
    }

    /** A variant case; {@code type} is null for a case without a payload. */
    record Case(String name, ValType type) {}

    record Variant(List<Case> cases) implements ValType {
        public Variant {
            cases = List.copyOf(cases);
        }
    }

    record Enum(List<String> names) implements ValType {
        public Enum {
            names = List.copyOf(names);
        }
    }

    record Option(ValType type) implements ValType {}

    /** {@code result<ok, err>}; either side is null when absent. */
    record Result(ValType ok, ValType err) implements ValType {}

    record Flags(List<String> names) implements ValType {
        public Flags {
            names = List.copyOf(names);
        }
    }

    record Own(ResourceType resource) implements ValType {}

    record Borrow(ResourceType resource) implements ValType {}

    /** {@code stream<T>} (WASI 0.3); {@code element} is null for a stream without values. */
    record Stream(ValType element) implements ValType {}

    /** {@code future<T>} (WASI 0.3); {@code element} is null for a future without a value. */
    record Future(ValType element) implements ValType {}

    record MapOf(ValType key, ValType value) implements ValType {}
}
