package dev.wharf.component.runtime;

/**
 * One component instance at run time (the file's own, or one made by instantiating a nested component): its handle
 * table, and the two flags the canonical ABI keeps per instance. {@code mayEnter} is cleared while a call into the
 * instance (or one it contains) runs, so reentering it traps; {@code mayLeave} is cleared while its post-return or
 * realloc function runs, when calling out is not allowed.
 */
final class ComponentState {
    final ComponentState parent;
    final String name;
    final HandleTable handles = new HandleTable();
    boolean mayEnter = true;
    boolean mayLeave = true;

    ComponentState(ComponentState parent, String name) {
        this.parent = parent;
        this.name = name;
    }

    boolean isAncestorOrSelfOf(ComponentState other) {
        for (ComponentState s = other; s != null; s = s.parent) {
            if (s == this) {
                return true;
            }
        }
        return false;
    }

    /** Enters this instance from {@code caller} (null for the host): it and the ancestors the caller is not inside. */
    void enter(ComponentState caller) {
        for (ComponentState s = this; s != null; s = s.parent) {
            if (caller != null && s.isAncestorOrSelfOf(caller)) {
                break;
            }
            if (!s.mayEnter) {
                throw new ComponentTrap("cannot enter component instance" + (s.name != null ? " `" + s.name + "`" : "")
                        + ": it is already running a call (reentrance is not allowed)");
            }
        }
        for (ComponentState s = this; s != null; s = s.parent) {
            if (caller != null && s.isAncestorOrSelfOf(caller)) {
                break;
            }
            s.mayEnter = false;
        }
    }

    void leave(ComponentState caller) {
        for (ComponentState s = this; s != null; s = s.parent) {
            if (caller != null && s.isAncestorOrSelfOf(caller)) {
                break;
            }
            s.mayEnter = true;
        }
    }

    void checkMayLeave() {
        if (!mayLeave) {
            throw new ComponentTrap("cannot leave component instance" + (name != null ? " `" + name + "`" : "")
                    + " during its post-return or realloc function");
        }
    }
}
