package dev.wharf.wasi;

import java.nio.file.Path;

/**
 * A granted directory: {@code root} is its real (symlink-free) host path, fixed when the host is built, so that a
 * later swap of the configured path for a symlink cannot move the sandbox. {@code hostAsGiven} is kept for messages.
 */
record Preopen(Path root, Path hostAsGiven, String guestPath, boolean readOnly) {

    /** The {@code --dir} grant a user would type for this preopen. */
    String grant() {
        return hostAsGiven + "::" + guestPath;
    }
}
