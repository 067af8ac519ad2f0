package dev.wharf.component.runtime;

/**
 * Thrown by a host function to end the run with an exit status, as {@code wasi:cli/exit.exit} does: the run stops
 * there and the runner reports {@link #code()} (1 for {@code exit(err)}, as wasmtime and jco report it).
 */
public final class ComponentExit extends RuntimeException {
    private final int code;

    public ComponentExit(int code) {
        super("exit " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
