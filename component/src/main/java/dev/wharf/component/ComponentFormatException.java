package dev.wharf.component;

import dev.wharf.errors.WharfException;
import java.nio.file.Path;

/**
 * A component's bytes are not a well-formed or valid component. Carries the byte offset (into the file) where the
 * problem was found and, once the reader that opened the file has added it ({@link #in(Path)}), the file, so every
 * command says it as {@code WasmFormatException} does for core modules:
 * {@code app.wasm: invalid component at byte offset 0x1c: <reason>}.
 */
public final class ComponentFormatException extends WharfException {
    private final long offset;
    private final String reason;
    private Path file;

    public ComponentFormatException(long offset, String reason) {
        this(offset, reason, null);
    }

    public ComponentFormatException(long offset, String reason, Throwable cause) {
        super(reason, cause);
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset into the file where the problem was found, or -1 when no single place is to blame. */
    public long offset() {
        return offset;
    }

    /** The reason alone, without the file or the offset. */
    public String reason() {
        return reason;
    }

    /** The component file, when the bytes came from one and the reader said so. */
    public Path file() {
        return file;
    }

    /** Names the file these bytes came from and returns this exception, to be rethrown. A file named first is kept. */
    public ComponentFormatException in(Path file) {
        if (this.file == null) {
            this.file = file;
        }
        return this;
    }

    @Override
    public String problem() {
        String where = offset >= 0 ? String.format(" at byte offset 0x%x", offset) : "";
        return (file == null ? "" : file + ": ") + "invalid component" + where + ": " + reason;
    }
}
