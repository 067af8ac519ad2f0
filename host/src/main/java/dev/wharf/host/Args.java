package dev.wharf.host;

import com.dylibso.chicory.runtime.Memory;

/**
 * One call's arguments as an implementation sees them: each read by the {@link Param} its declaration made, typed
 * ({@code int}, {@code long}, a string, bytes), never by position. Also the guest's memory, for results written
 * through out-pointers.
 */
public final class Args {
    private final Memory memory;
    private final long[] raw;

    public Args(Memory memory, long[] raw) {
        this.memory = memory;
        this.raw = raw;
    }

    long[] raw() {
        return raw;
    }

    /** The calling instance's memory. */
    public Memory memory() {
        return memory;
    }

    public int get(Param.I32 p) {
        return (int) raw[p.index];
    }

    public long get(Param.I64 p) {
        return raw[p.index];
    }

    /** The region's start address (u32). */
    public int ptr(Param.Region p) {
        return (int) raw[p.index];
    }

    /** The region's length or count (u32). */
    public int len(Param.Region p) {
        return (int) raw[p.index + 1];
    }

    /** A copy of the region's bytes; traps when it is not inside memory. */
    public byte[] bytes(Param.Region p) {
        return GuestBytes.read(memory, ptr(p), len(p));
    }

    /** The region as strict UTF-8; traps when it is not inside memory. */
    public String utf8(Param.Region p) throws GuestBytes.InvalidUtf8 {
        return GuestBytes.utf8(memory, ptr(p), len(p));
    }

    /** The u32 an out-pointer points to (what the call handed back through it). */
    public long pointedU32(Param.I32 pointer) {
        int at = get(pointer);
        GuestBytes.check(memory, at, 4);
        return Integer.toUnsignedLong(memory.readInt(at));
    }

    /** The u64 an out-pointer points to. */
    public long pointedU64(Param.I32 pointer) {
        int at = get(pointer);
        GuestBytes.check(memory, at, 8);
        return memory.readLong(at);
    }

    /** [ptr, ptr+len) as a quoted string, for trace results ({@code "/config"}); never fails. */
    public String quoted(int ptr, long len) {
        return ShowRegion.QUOTED.render("", memory, ptr, (int) Math.min(len, ShowRegion.QUOTED_MAX));
    }
}
