package dev.wharf.component.runtime;

/**
 * What a host function or destructor sees of the instance that called it: the host data the instance was made with,
 * and the parent/child bookkeeping of host resources.
 */
public interface Caller {

    /**
     * The host data of this type that {@link ComponentPlan#instantiate(Object...)} was given (the first one assignable
     * to it), e.g. a WASI context for this run; throws IllegalStateException when there is none.
     */
    <T> T data(Class<T> type);

    /**
     * Declares {@code child} (a host resource the guest is about to own) a child of {@code parent}: while the child
     * lives, dropping the parent traps ("a body stream is dropped before its body"). The bookkeeping ends when the
     * child's handle is dropped.
     */
    void adopt(Object child, Object parent);

    /** The component instance making the call. */
    ComponentInstance instance();
}
