package dev.wharf.manifest;

import dev.wharf.errors.WharfException;
import java.nio.file.Path;

/**
 * A manifest that cannot be loaded. The message is one line for the user, e.g.
 * {@code spin.toml:14: [component.api] source: expected a path or { url, digest }, found an integer}.
 */
public final class ManifestException extends WharfException {
    private final Path file;
    private final int line;
    private final String key;

    /**
     * @param line 1-based, or 0 when the problem has no single line (a missing file, an environment variable)
     * @param key the dotted key or table at fault, e.g. {@code component.api.source}; empty when none
     */
    public ManifestException(Path file, int line, String key, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    public ManifestException(Path file, int line, String key, String message) {
        this(file, line, key, message, null);
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String key() {
        return key;
    }
}
