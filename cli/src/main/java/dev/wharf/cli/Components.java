package dev.wharf.cli;

import dev.wharf.binary.ModuleFileException;
import dev.wharf.component.ComponentFormatException;
import dev.wharf.component.ParsedComponent;
import java.nio.file.Path;

/**
 * Reading a component for a command, the way {@link ValidateCommand#load} reads a core module: every problem with
 * the file or its bytes becomes the one line the user sees, naming the file, the byte offset and the reason.
 */
final class Components {
    private Components() {}

    /** True when the file is a component (its header says layer 1), so the command takes its component path. */
    static boolean isComponent(Path path) {
        return ParsedComponent.isComponent(path);
    }

    /** Reads and validates a component; {@code withCode} validates the code of its core modules too. */
    static ParsedComponent load(Path path, boolean withCode) {
        try {
            var parsed = ParsedComponent.read(path);
            if (withCode) {
                parsed.validateCoreModules();
            }
            return parsed;
        } catch (ModuleFileException e) {
            throw new Failure(e.getMessage(), e);
        } catch (ComponentFormatException e) {
            throw invalid(path, e);
        }
    }

    static Failure invalid(Path path, ComponentFormatException e) {
        String where = e.offset() >= 0 ? String.format(" at byte offset 0x%x", e.offset()) : "";
        return new Failure(path + ": invalid component" + where + ": " + e.reason(), e);
    }
}
