package dev.wharf.binary;

import dev.wharf.errors.WharfException;
import java.nio.file.Path;

/**
 * A module's bytes are not a well-formed or valid wasm module. Carries the byte offset where reading stopped and,
 * once the reader that knows it has added it ({@link #in(Path)}), the file, so every command says it the same way:
 * {@code app.wasm: invalid module at byte offset 0xa: unexpected end of section or function}, or
 * {@code app.wasm: invalid module: <reason>} when no single place is to blame.
 */
public final class WasmFormatException extends WharfException {
    private final long offset;
    private Path file;

    public WasmFormatException(long offset, String reason) {
        super(reason);
        this.offset = offset;
    }

    public WasmFormatException(long offset, String reason, Throwable cause) {
        super(reason, cause);
        this.offset = offset;
    }

    /** Byte offset into the module where the problem was found, or -1 when no single place is to blame. */
    public long offset() {
        return offset;
    }

    /** The reason alone, without the file or the offset. */
    public String reason() {
        return super.problem();
    }

    /** The module file, when the bytes came from one and the reader said so. */
    public Path file() {
        return file;
    }

    /**
     * Names the file these bytes came from and returns this exception, to be rethrown. The decoders deep inside
     * see only bytes; the reader that opened the file adds it. A file named first is kept.
     */
    public WasmFormatException in(Path file) {
        if (this.file == null) {
            this.file = file;
        }
        return this;
    }

    @Override
    public String problem() {
        String where = offset >= 0 ? String.format(" at byte offset 0x%x", offset) : "";
        return (file == null ? "" : file + ": ") + "invalid module" + where + ": " + reason();
    }
}
