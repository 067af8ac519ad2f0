package dev.wharf.host;

import java.util.function.LongFunction;

/**
 * How a trace line shows one scalar parameter (an i32 or i64), given its declared name and its value: {@code fd=3},
 * {@code oflags=O_CREAT|O_TRUNC}, {@code REALTIME}, {@code 12 bytes}, or nothing at all (pointers, rights).
 */
@FunctionalInterface
public interface Show {
    /** The text for the trace, or null to leave the parameter out. */
    String render(String name, long value);

    /**
     * {@code show}, placed after every other argument: lookup flags are on for nearly every call, so they are noise
     * up front. (A record, not a default method: with one on Show, the launcher's AOT cache kept none of the lambdas
     * implementing Show, and spinning them at start-up cost every `wharf run` about 8 ms; -Xlog:class+load shows it.)
     */
    static Show last(Show show) {
        return new Last(show);
    }

    /** See {@link #last}. */
    record Last(Show inner) implements Show {
        @Override
        public String render(String name, long value) {
            return inner.render(name, value);
        }
    }

    /** Not shown: pointers, out-pointers, rights. */
    Show HIDDEN = (name, value) -> null;

    /** {@code name=N}, N an unsigned 32-bit number: fds, handles, lengths. */
    Show U32 = (name, value) -> name + "=" + Integer.toUnsignedString((int) value);

    /** {@code name=N}, N an unsigned 64-bit number: offsets, sizes, timestamps. */
    Show U64 = (name, value) -> name + "=" + Long.toUnsignedString(value);

    /** {@code name=N}, N a signed 64-bit number (a relative seek). */
    Show S64 = (name, value) -> name + "=" + value;

    /** The value alone, formatted: {@code v -> v + " subscriptions"}; v is the u32 read as a non-negative long. */
    static Show u32(LongFunction<String> format) {
        return (name, value) -> format.apply(Integer.toUnsignedLong((int) value));
    }

    /**
     * {@code name=A|B} with each set bit by its name ({@code bitNames[i]} for bit i), unknown bits in hex; left out
     * when no bit is set.
     */
    static Show flags(String... bitNames) {
        return (name, value) -> {
            int bits = (int) value;
            if (bits == 0) {
                return null;
            }
            StringBuilder sb = new StringBuilder(name).append('=');
            int start = sb.length();
            for (int i = 0; i < bitNames.length; i++) {
                if ((bits & (1 << i)) != 0) {
                    sb.append(sb.length() == start ? "" : "|").append(bitNames[i]);
                    bits &= ~(1 << i);
                }
            }
            if (bits != 0) {
                sb.append(sb.length() == start ? "" : "|").append("0x").append(Integer.toHexString(bits));
            }
            return sb.toString();
        };
    }

    /** An enumeration's case by name alone ({@code REALTIME}, {@code SEEK_END}), or its number if unknown. */
    static Show choice(String... names) {
        return (name, value) -> {
            int i = (int) value;
            return i >= 0 && i < names.length ? names[i] : Integer.toString(i);
        };
    }
}
