package dev.wharf.wat;

import dev.wharf.errors.WharfException;

/**
 * The module is valid, but uses a feature the WAT printer does not write (SIMD, GC, exception handling,
 * memory64): printing stops rather than writing text that would not assemble back into the same module.
 */
public final class WatUnsupportedException extends WharfException {
    private final String feature;
    private final String where;
    private final long offset;

    WatUnsupportedException(String feature, long offset) {
        this(feature, null, offset);
    }

    private WatUnsupportedException(String feature, String where, long offset) {
        super(feature);
        this.feature = feature;
        this.where = where;
        this.offset = offset;
    }

    /** The same problem, placed in a function or other item for the user. */
    WatUnsupportedException in(String where) {
        return this.where != null ? this : new WatUnsupportedException(feature, where, offset);
    }

    /** What is not supported, e.g. "SIMD (v128) instructions". */
    public String feature() {
        return feature;
    }

    /** Byte offset in the module of the first use found, or -1. */
    public long offset() {
        return offset;
    }

    @Override
    public String problem() {
        return (where == null ? "the module" : where)
                + " uses " + feature
                + (offset >= 0 ? String.format(" (at byte offset 0x%x)", offset) : "")
                + ", which Wharf cannot print as WAT yet";
    }
}
