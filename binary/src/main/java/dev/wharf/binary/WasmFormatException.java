package dev.wharf.binary;

/**
 * A module's bytes are not a well-formed or valid wasm module. Carries the byte offset where reading
 * stopped, so the one line a user sees can point at it.
 */
public final class WasmFormatException extends RuntimeException {
    private final long offset;

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

    /** The reason alone, without the offset. */
    public String reason() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        return offset >= 0 ? String.format("at byte offset 0x%x: %s", offset, reason()) : reason();
    }
}
