package dev.wharf.component.runtime;

/**
 * A host function's body: the arguments, lifted out of the calling component as Java values (see the
 * {@code dev.wharf.component} package for each type's Java form), in; the result, or null for a function without
 * one, out. Throwing {@link ComponentTrap} traps the guest with that message; any other exception stops the run as
 * a host error, as wasmtime reports an error a host function returns.
 */
@FunctionalInterface
public interface HostCall {
    Object call(Caller caller, Object[] args);
}
