package dev.wharf.component;

/** The type of something imported or exported by a component or an instance. */
public sealed interface ExternType {

    /** The sort of definition an import or export of this type adds to the index spaces. */
    Sort sort();

    record Func(FuncType type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.FUNC;
        }
    }

    record Instance(InstanceType type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.INSTANCE;
        }
    }

    record Component(ComponentType type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.COMPONENT;
        }
    }

    record CoreModule(CoreType.Module type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.CORE_MODULE;
        }
    }

    /** A type: {@code (eq T)} names an existing type; {@code (sub resource)} a fresh {@link ResourceType}. */
    record Type(DefType type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.TYPE;
        }
    }

    record Value(ValType type) implements ExternType {
        @Override
        public Sort sort() {
            return Sort.VALUE;
        }
    }
}
