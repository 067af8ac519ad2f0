package dev.wharf.component.runtime;

/** What runs when a component drops its last owned handle to a host resource: given the host's object for it. */
@FunctionalInterface
public interface ResourceDestructor {
    void destroy(Caller caller, Object rep);

    ResourceDestructor NONE = (caller, rep) -> {};
}
