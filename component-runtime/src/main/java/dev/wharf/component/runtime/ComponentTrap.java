package dev.wharf.component.runtime;

/**
 * A trap the component model defines: a canonical ABI rule broken (invalid UTF-8, a char out of range, a bad
 * discriminant, a pointer out of bounds, a borrow not released before return, a handle of the wrong type...), a
 * component instance entered while it is already running, or a host function that asked to trap. The message says
 * which rule, in the words of the spec where it has them.
 */
public final class ComponentTrap extends RuntimeException {
    public ComponentTrap(String message) {
        super(message);
    }

    public ComponentTrap(String message, Throwable cause) {
        super(message, cause);
    }
}
