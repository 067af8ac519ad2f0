package dev.wharf.binary;

import dev.wharf.errors.WharfException;
import java.nio.file.Path;

/** The module file itself could not be had: missing, a directory, unreadable, too large. */
public final class ModuleFileException extends WharfException {
    private final Path path;

    /** @param problem what is wrong with the file, e.g. "no such file" */
    public ModuleFileException(Path path, String problem) {
        super(problem);
        this.path = path;
    }

    public Path path() {
        return path;
    }

    @Override
    public String problem() {
        return path + ": " + super.problem();
    }
}
