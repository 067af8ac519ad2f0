package dev.wharf.component;

/**
 * A resource type. Every definition is a distinct type, equal only to itself (the component model's resource types
 * are generative), so this is a class compared by identity, not a record. A resource defined by the component has
 * a representation (always i32 today) and maybe a destructor, a core function index of the defining component; an
 * imported or exported one ({@code (sub resource)}) is abstract.
 */
public final class ResourceType implements DefType {
    private final String name;
    private final boolean defined;
    private final int destructor;
    private final int offset;

    private ResourceType(String name, boolean defined, int destructor, int offset) {
        this.name = name;
        this.defined = defined;
        this.destructor = destructor;
        this.offset = offset;
    }

    /** A resource the component defines: {@code (resource (rep i32) (dtor f)?)}; {@code destructor} -1 for none. */
    public static ResourceType defined(int destructor, int offset) {
        return new ResourceType(null, true, destructor, offset);
    }

    /** A fresh abstract resource type, named by the import or export that introduced it. */
    public static ResourceType fresh(String name) {
        return new ResourceType(name, false, -1, -1);
    }

    /** The name it was imported or exported under, if it was introduced that way; otherwise null. */
    public String name() {
        return name;
    }

    public boolean isDefined() {
        return defined;
    }

    /** The core function index of the destructor in the defining component, or -1. */
    public int destructor() {
        return destructor;
    }

    /** Where the definition is in the file, or -1. */
    public int offset() {
        return offset;
    }

    @Override
    public String toString() {
        return "resource " + (name != null ? name : defined ? "defined at 0x" + Integer.toHexString(offset) : "?");
    }
}
