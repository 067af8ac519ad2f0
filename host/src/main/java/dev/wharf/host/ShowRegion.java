package dev.wharf.host;

import com.dylibso.chicory.runtime.Memory;

/**
 * How a trace line shows a {@code (ptr, len)} parameter: a path as a quoted string, a buffer by its length. Runs
 * after the call; it must not fail on a bad pointer (a trace is never the reason a call fails).
 */
@FunctionalInterface
public interface ShowRegion {
    /** The text for the trace, or null to leave the parameter out. */
    String render(String name, Memory memory, int ptr, int len);

    /** Trace lines quote at most this much of a string. */
    int QUOTED_MAX = 4096;

    /** The bytes as a quoted string, decoded leniently (a trace shows what the guest passed, valid or not). */
    ShowRegion QUOTED = (name, memory, ptr, len) -> {
        try {
            return "\"" + GuestBytes.lenientUtf8(memory, ptr, Math.min(Integer.toUnsignedLong(len), QUOTED_MAX)) + "\"";
        } catch (RuntimeException e) {
            return "\"<bad pointer>\"";
        }
    };

    /** {@code N bytes}, N the length. */
    ShowRegion LENGTH = (name, memory, ptr, len) -> Integer.toUnsignedString(len) + " bytes";

    /** Not shown. */
    ShowRegion HIDDEN = (name, memory, ptr, len) -> null;
}
