package dev.wharf.component.runtime;

import dev.wharf.component.FuncType;
import dev.wharf.component.runtime.Plan.HostCallee;
import dev.wharf.component.runtime.Plan.LiftedCallee;

/**
 * An exported function of a component instance, called from Java with component values as Java objects (see the
 * {@code dev.wharf.component} package for each type's form). Call it on a thread with a deep enough stack for the
 * guest (the runner's guest threads); a trap comes out as {@link ComponentTrap} or Chicory's trap exception.
 */
public final class ComponentFunction {
    private final ComponentInstance instance;
    private final String name;
    private final Plan.Callee callee;
    private final FuncType type;

    ComponentFunction(ComponentInstance instance, String name, Plan.Callee callee, FuncType type) {
        this.instance = instance;
        this.name = name;
        this.callee = callee;
        this.type = type;
    }

    /** The export's full path, e.g. "wasi:cli/run@0.2.12#run". */
    public String name() {
        return name;
    }

    public FuncType type() {
        return type;
    }

    /** Calls the function; returns its result, or null when it has none. */
    public Object call(Object... args) {
        return switch (callee) {
            case LiftedCallee l -> instance.lifted(l.index()).call(args, null);
            case HostCallee h -> instance.callHost(h, args);
        };
    }
}
