package dev.wharf.cli;

import dev.wharf.component.ComponentFormatException;
import dev.wharf.component.ParsedComponent;
import java.nio.file.Path;

/**
 * Reading a component for a command, as {@code ParsedModule.read} reads a core module: a problem with its bytes
 * names the file, so the one line the user sees has the file, the byte offset and the reason.
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
        } catch (ComponentFormatException e) {
            throw e.in(path);
        }
    }
}
