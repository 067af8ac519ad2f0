package dev.wharf.http;

import dev.wharf.errors.WharfException;

/**
 * The app cannot be served as loaded: a component Wharf cannot run, a module that does not compile, an import
 * the host does not provide, a port in use. The message is the one line a user needs, remedy included.
 */
public final class AppHostException extends WharfException {
    public AppHostException(String message) {
        super(message);
    }

    public AppHostException(String message, Throwable cause) {
        super(message, cause);
    }
}
