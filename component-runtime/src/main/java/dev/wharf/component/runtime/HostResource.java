package dev.wharf.component.runtime;

import dev.wharf.component.ResourceType;
import dev.wharf.component.ValType;

/**
 * A resource type the host implements (an output stream, an HTTP request): its WIT name, what runs when a component
 * drops one, and the {@link ResourceType} that declared function types use for it ({@link #own()}, {@link #borrow()}).
 * Several interfaces may export the same one (wasi:cli/stdout re-exports wasi:io/streams' output-stream): they all
 * pass the same object, and a component importing it under any 0.2.x version gets the one runtime type.
 */
public final class HostResource {
    private final String name;
    private final ResourceDestructor destructor;
    private final ResourceType type;

    public HostResource(String name, ResourceDestructor destructor) {
        this.name = name;
        this.destructor = destructor;
        this.type = ResourceType.fresh(name);
    }

    public String name() {
        return name;
    }

    public ResourceDestructor destructor() {
        return destructor;
    }

    public ResourceType type() {
        return type;
    }

    public ValType own() {
        return new ValType.Own(type);
    }

    public ValType borrow() {
        return new ValType.Borrow(type);
    }

    @Override
    public String toString() {
        return "host resource " + name;
    }
}
