package dev.wharf.binary;

import java.nio.file.Path;

/** The module file itself could not be had: missing, a directory, unreadable, too large. */
public final class ModuleFileException extends RuntimeException {
    private final Path path;

    public ModuleFileException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
