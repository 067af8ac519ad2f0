package dev.wharf.component;

/**
 * A component's bytes are not a well-formed or valid component. Carries the byte offset (into the file) where the
 * problem was found, so the one line a user sees can point at it, as {@code WasmFormatException} does for core
 * modules.
 */
public final class ComponentFormatException extends RuntimeException {
    private final long offset;

    public ComponentFormatException(long offset, String reason) {
        super(reason);
        this.offset = offset;
    }

    public ComponentFormatException(long offset, String reason, Throwable cause) {
        super(reason, cause);
        this.offset = offset;
    }

    /** Byte offset into the file where the problem was found, or -1 when no single place is to blame. */
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
