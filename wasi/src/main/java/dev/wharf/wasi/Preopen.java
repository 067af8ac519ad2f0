package dev.wharf.wasi;

import java.nio.file.Path;

/**
 * A granted directory: {@code root} is its real (symlink-free) host path, fixed when the host is built, so that a
 * later swap of the configured path for a symlink cannot move the sandbox. {@code hostAsGiven} is kept for messages.
 *
 * <p>The one preopen that grants nothing is the diagnostic root ({@link #diagnosticRoot()}): it has no host directory
 * at all, and the sandbox refuses every path under it before looking at the host.
 */
record Preopen(Path root, Path hostAsGiven, String guestPath, boolean readOnly) {

    /** The guest path the diagnostic root is announced under. */
    static final String DIAGNOSTIC_ROOT = "/";

    /** See {@link WasiHost.Builder#diagnosticRoot(boolean)}: no host directory behind it (root is null). */
    static Preopen diagnosticRoot() {
        return new Preopen(null, null, DIAGNOSTIC_ROOT, true);
    }

    boolean diagnostic() {
        return root == null;
    }

    /** The {@code --dir} grant a user would type for this preopen. */
    String grant() {
        return hostAsGiven + "::" + guestPath;
    }
}
