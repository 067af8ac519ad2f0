package dev.wharf.component;

import java.util.List;

/** The type of a component instance: its exports, in order. */
public record InstanceType(List<Named> exports) implements DefType {
    public InstanceType {
        exports = List.copyOf(exports);
    }

    /** The export of this name, or null. */
    public ExternType export(String name) {
        for (Named n : exports) {
            if (n.name().equals(name)) {
                return n.type();
            }
        }
        return null;
    }
}
