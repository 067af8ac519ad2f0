package dev.wharf.component.runtime;

import dev.wharf.errors.WharfException;

/** A host function failed (threw something other than a trap or an exit): the run stops with a host error. */
public final class HostFunctionException extends WharfException {
    private final String function;

    HostFunctionException(String function, Throwable cause) {
        super("host function `" + function + "` failed: " + cause, cause);
        this.function = function;
    }

    public String function() {
        return function;
    }
}
