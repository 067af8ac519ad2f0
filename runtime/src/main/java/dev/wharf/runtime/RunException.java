package dev.wharf.runtime;

import dev.wharf.errors.WharfException;

/**
 * A run could not start or was asked something impossible: a missing export, an import Wharf does not
 * provide, an argument that does not parse as the parameter's type. The message is the whole line a user
 * needs, remedy included.
 */
public final class RunException extends WharfException {
    public RunException(String message) {
        super(message);
    }

    public RunException(String message, Throwable cause) {
        super(message, cause);
    }
}
