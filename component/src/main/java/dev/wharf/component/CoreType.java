package dev.wharf.component;

import java.util.List;

/** Core wasm types as components see them: function types, module types, and the types of core externs. */
public sealed interface CoreType {

    enum Val {
        I32("i32"),
        I64("i64"),
        F32("f32"),
        F64("f64"),
        V128("v128"),
        FUNCREF("funcref"),
        EXTERNREF("externref");

        private final String text;

        Val(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    record Func(List<Val> params, List<Val> results) implements CoreType, Extern {
        public Func {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }

        @Override
        public Sort sort() {
            return Sort.CORE_FUNC;
        }

        @Override
        public String toString() {
            return "(func" + (params.isEmpty() ? "" : " (param" + text(params) + ")")
                    + (results.isEmpty() ? "" : " (result" + text(results) + ")") + ")";
        }

        private static String text(List<Val> types) {
            var sb = new StringBuilder();
            for (Val t : types) {
                sb.append(' ').append(t.text());
            }
            return sb.toString();
        }
    }

    /** A core module's imports and exports. */
    record Module(List<Import> imports, List<Export> exports) implements CoreType {
        public Module {
            imports = List.copyOf(imports);
            exports = List.copyOf(exports);
        }

        public Extern export(String name) {
            for (Export e : exports) {
                if (e.name().equals(name)) {
                    return e.type();
                }
            }
            return null;
        }
    }

    record Import(String module, String name, Extern type) {}

    record Export(String name, Extern type) {}

    /** The type of a core import or export. */
    sealed interface Extern permits Func, Table, Memory, Global, Tag {
        Sort sort();
    }

    record Table(Val element, long min, long max) implements Extern {
        @Override
        public Sort sort() {
            return Sort.CORE_TABLE;
        }
    }

    /** {@code max} is -1 when the memory has no maximum. */
    record Memory(long min, long max, boolean shared, boolean is64) implements Extern {
        @Override
        public Sort sort() {
            return Sort.CORE_MEMORY;
        }
    }

    record Global(Val type, boolean mutable) implements Extern {
        @Override
        public Sort sort() {
            return Sort.CORE_GLOBAL;
        }
    }

    record Tag(Func type) implements Extern {
        @Override
        public Sort sort() {
            return Sort.CORE_TAG;
        }
    }
}
