package dev.wharf.component;

import dev.wharf.errors.WharfException;

/**
 * A component's bytes are not a well-formed or valid component. Carries the byte offset (into the file) where the
 * problem was found, so the one line a user sees can point at it, as {@code WasmFormatException} does for core
 * modules.
 */
public final class ComponentFormatException extends WharfException {
    private final long offset;
    private final String reason;

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

    /** The reason alone, without the offset. */
    public String reason() {
        return reason;
    }

    @Override
    public String line() {
        return offset >= 0 ? String.format("at byte offset 0x%x: %s", offset, reason) : reason;
    }
}
