package dev.wharf.component.runtime;

import dev.wharf.errors.WharfException;

/**
 * A component cannot be instantiated here: an import no host interface serves, a host function of another type, a
 * feature Wharf does not support yet (the async ABI of WASI 0.3), a core module that fails to compile. Raised when
 * the plan is compiled, before anything runs; the message is one line naming the import, function or feature.
 */
public final class ComponentLinkException extends WharfException {
    public ComponentLinkException(String message) {
        super(message);
    }

    public ComponentLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
