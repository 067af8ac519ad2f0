package dev.wharf.component.runtime;

/**
 * A handle Java code holds on a resource that a component defines (one it exports, such as a counter made by its
 * constructor): what an exported function returns for {@code own<R>} and what Java passes back as {@code own<R>} or
 * {@code borrow<R>}. Passing an owned handle as {@code own<R>} moves it into the component: this object is spent.
 * {@link #drop()} runs the resource's destructor in the component that defines it.
 */
public final class ResourceHandle {
    private final ComponentInstance instance;
    final int resource;
    final int rep;
    private final boolean own;
    private boolean spent;

    ResourceHandle(ComponentInstance instance, int resource, int rep, boolean own) {
        this.instance = instance;
        this.resource = resource;
        this.rep = rep;
        this.own = own;
    }

    public boolean isOwned() {
        return own;
    }

    /** The component's representation of the resource (an i32 it chose). */
    public int rep() {
        return rep;
    }

    /** Whether this handle was moved into a component or dropped. */
    public boolean isSpent() {
        return spent;
    }

    /** Marks an owned handle as moved into a component; traps if it was already spent. */
    void spend() {
        if (spent) {
            throw new ComponentTrap("an owned resource handle was used after it was moved or dropped");
        }
        if (!own) {
            throw new ComponentTrap("a borrowed resource handle was passed where an owned one is required");
        }
        spent = true;
    }

    void checkLive() {
        if (spent) {
            throw new ComponentTrap("a resource handle was used after it was moved or dropped");
        }
    }

    /** Drops an owned handle: the defining component's destructor runs. */
    public void drop() {
        spend();
        instance.dropGuestResource(resource, rep);
    }

    @Override
    public String toString() {
        return (own ? "own" : "borrow") + "<" + instance.resourceName(resource) + ">#" + rep;
    }
}
