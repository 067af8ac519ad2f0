package dev.wharf.component.runtime;

/** What lifting and lowering handles needs from the running instance: who implements each resource type. */
interface InstanceRuntime {

    /** The component instance that defines this runtime resource type, or null for a host resource. */
    ComponentState implementer(int resource);

    /** The Java value the host sees for a handle of a resource a component defines. */
    ResourceHandle guestHandle(int resource, int rep, boolean own);
}
