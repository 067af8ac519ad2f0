package dev.wharf.component;

import java.util.List;

/** The type of a component: what it imports and what it exports, in order. */
public record ComponentType(List<Named> imports, List<Named> exports) implements DefType {
    public ComponentType {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
    }
}
