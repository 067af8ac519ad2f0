package dev.wharf.component;

/** A value of a {@code result} type: ok or error, with the side's payload, null when that side has no type. */
public record ResultValue(boolean isOk, Object value) {
    public static final ResultValue OK = new ResultValue(true, null);
    public static final ResultValue ERR = new ResultValue(false, null);

    public static ResultValue ok(Object value) {
        return new ResultValue(true, value);
    }

    public static ResultValue err(Object value) {
        return new ResultValue(false, value);
    }
}
