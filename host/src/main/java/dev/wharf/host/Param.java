package dev.wharf.host;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * One named parameter of a declared host function: the core wasm values it takes, where they sit among the call's
 * arguments, and how a trace shows it. Made by {@link Signature}; an implementation reads its value through
 * {@link Args} with the parameter itself as the key, so it never counts positions.
 */
public abstract sealed class Param permits Param.I32, Param.I64, Param.Region {
    private final String name;
    /** position of its first core value among the call's arguments */
    final int index;

    private Param(String name, int index) {
        this.name = name;
        this.index = index;
    }

    /** Its name, as a trace labels it. */
    public String name() {
        return name;
    }

    /** The core wasm values it takes, in order. */
    public abstract List<ValType> types();

    /** How a trace shows it after the call, or null to leave it out. */
    abstract String render(Memory memory, long[] raw);

    /** Whether a trace puts it after every other argument. */
    abstract boolean last();

    /** One i32: an fd or handle, a u32, flags, an enumeration case, a pointer. */
    public static final class I32 extends Param {
        private final Show show;

        I32(String name, int index, Show show) {
            super(name, index);
            this.show = show;
        }

        @Override
        public List<ValType> types() {
            return List.of(ValType.I32);
        }

        @Override
        String render(Memory memory, long[] raw) {
            return show.render(name(), raw[index]);
        }

        @Override
        boolean last() {
            return show instanceof Show.Last;
        }
    }

    /** One i64: a u64 offset or size, an s64, a timestamp, rights. */
    public static final class I64 extends Param {
        private final Show show;

        I64(String name, int index, Show show) {
            super(name, index);
            this.show = show;
        }

        @Override
        public List<ValType> types() {
            return List.of(ValType.I64);
        }

        @Override
        String render(Memory memory, long[] raw) {
            return show.render(name(), raw[index]);
        }

        @Override
        boolean last() {
            return show instanceof Show.Last;
        }
    }

    /**
     * Two i32s, a pointer and a length (or count) in linear memory: a string, a buffer, an array of iovecs. This is
     * also how the canonical ABI passes a WIT {@code string} or {@code list}.
     */
    public static final class Region extends Param {
        private final ShowRegion show;

        Region(String name, int index, ShowRegion show) {
            super(name, index);
            this.show = show;
        }

        @Override
        public List<ValType> types() {
            return List.of(ValType.I32, ValType.I32);
        }

        @Override
        String render(Memory memory, long[] raw) {
            return show.render(name(), memory, (int) raw[index], (int) raw[index + 1]);
        }

        @Override
        boolean last() {
            return false;
        }
    }
}
