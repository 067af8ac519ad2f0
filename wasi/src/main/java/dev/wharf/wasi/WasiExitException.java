package dev.wharf.wasi;

/** Thrown by {@code proc_exit} to unwind the guest; the runtime turns it into the process exit code. */
public final class WasiExitException extends RuntimeException {
    private final int exitCode;

    public WasiExitException(int exitCode) {
        // no stack trace: this is control flow, thrown once per run
        super("guest called proc_exit(" + exitCode + ")", null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
