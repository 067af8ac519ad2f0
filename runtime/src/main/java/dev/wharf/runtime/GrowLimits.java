package dev.wharf.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import java.util.function.Function;

/**
 * Growth caps that Chicory's own limits cannot express: `-W max-table-elements` (a table's maximum lowered to the
 * cap, so table.grow past it returns -1) and `-W trap-on-grow-failure` (a failed memory.grow or table.grow traps
 * instead of returning -1, as in wasmtime). Memory's cap itself is Chicory's MemoryLimits (see GuestRunner).
 */
final class GrowLimits {
    private GrowLimits() {}

    /** Thrown from inside memory.grow / table.grow, so the trap's backtrace is the guest's stack at the grow. */
    static final class GrowFailed extends TrapException {
        final TrapKind kind;
        final String detail;

        GrowFailed(TrapKind kind, String detail) {
            super(kind.message() + ": " + detail);
            this.kind = kind;
            this.detail = detail;
        }
    }

    /** Finds a grow failure anywhere in a trap's cause chain. */
    static GrowFailed growFailure(Throwable trap) {
        for (Throwable t = trap; t != null; t = t.getCause()) {
            if (t instanceof GrowFailed g) {
                return g;
            }
        }
        return null;
    }

    /**
     * The guest's memory, wrapped so that a refused memory.grow traps (when `trap`) and is logged. Only used
     * when one of those is wanted: every memory access goes through the wrapper.
     */
    static Function<MemoryLimits, Memory> memoryFactory(Limits limits, boolean trap, WharfLog log) {
        return l -> new Watched(GuestRunner.newMemory(l), limits, trap, log);
    }

    /**
     * Tables capped at `-W max-table-elements` (0 = no cap), trapping on refused growth when `trap`. Each table gets
     * limits of its own: Chicory grows a table's limits object in place, and the module's must stay as declared.
     */
    static TableFactory tableFactory(Limits limits, boolean trap, WharfLog log) {
        return (table, initRef) -> {
            TableLimits declared = table.limits();
            long max = declared.max();
            if (limits.maxTableElements() > 0) {
                max = Math.min(max, limits.maxTableElements());
            }
            var capped = new Table(table.elementType(), new TableLimits(declared.min(), max), table.initialize());
            return new CappedTable(capped, initRef, declared.max(), limits, trap, log);
        };
    }

    private static final class CappedTable extends TableInstance {
        private final long declaredMax;
        private final Limits limits;
        private final boolean trap;
        private final WharfLog log;

        CappedTable(Table table, int initRef, long declaredMax, Limits limits, boolean trap, WharfLog log) {
            super(table, initRef);
            this.declaredMax = declaredMax;
            this.limits = limits;
            this.trap = trap;
            this.log = log;
        }

        @Override
        public int grow(int delta, int initRef, Instance instance) {
            int before = size();
            int old = super.grow(delta, initRef, instance);
            if (old == -1) {
                long wanted = (long) before + Integer.toUnsignedLong(delta);
                String why = limits.maxTableElements() > 0
                                && wanted > limits.maxTableElements()
                                && limits.maxTableElements() < declaredMax
                        ? "above -W max-table-elements=" + limits.maxTableElements()
                        : "above the table's declared maximum of " + declaredMax;
                String detail = "growing a table from " + before + " to " + wanted + " elements, " + why;
                log.debug("table.grow refused: " + detail);
                if (trap) {
                    throw new GrowFailed(TrapKind.TABLE_GROW_FAILED, detail);
                }
            }
            return old;
        }
    }

    /** Delegates everything to Chicory's memory; only grow is looked at. */
    private static final class Watched implements Memory {
        private final Memory m;
        private final Limits limits;
        private final boolean trap;
        private final WharfLog log;

        Watched(Memory m, Limits limits, boolean trap, WharfLog log) {
            this.m = m;
            this.limits = limits;
            this.trap = trap;
            this.log = log;
        }

        @Override
        public int grow(int delta) {
            int before = m.pages();
            int old = m.grow(delta);
            if (old == -1) {
                long wanted = (long) before + Integer.toUnsignedLong(delta);
                String why = limits.maxMemoryBytes() > 0 && wanted * PAGE_SIZE > limits.maxMemoryBytes()
                        ? "above -W max-memory-size=" + limits.maxMemoryBytes()
                        : "above the memory's maximum of " + m.maximumPages() + " pages";
                String detail = "growing memory from " + before + " to " + wanted + " pages needs " + wanted * PAGE_SIZE
                        + " bytes, " + why;
                log.debug("memory.grow refused: " + detail);
                if (trap) {
                    throw new GrowFailed(TrapKind.MEMORY_GROW_FAILED, detail);
                }
            }
            return old;
        }

        // ---- plain delegation ----

        @Override
        public int pages() {
            return m.pages();
        }

        @Override
        public int initialPages() {
            return m.initialPages();
        }

        @Override
        public int maximumPages() {
            return m.maximumPages();
        }

        @Override
        public boolean shared() {
            return m.shared();
        }

        @Override
        public Object lock(int address) {
            return m.lock(address);
        }

        @Override
        public int waitOn(int address, int expected, long timeout) {
            return m.waitOn(address, expected, timeout);
        }

        @Override
        public int waitOn(int address, long expected, long timeout) {
            return m.waitOn(address, expected, timeout);
        }

        @Override
        public int notify(int address, int count) {
            return m.notify(address, count);
        }

        @Override
        public void initialize(Instance instance, DataSegment[] segments) {
            m.initialize(instance, segments);
        }

        @Override
        public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
            m.initialize(instance, segments, memoryIndex);
        }

        @Override
        public void initPassiveSegment(int segment, int dest, int offset, int size) {
            m.initPassiveSegment(segment, dest, offset, size);
        }

        @Override
        public void write(int addr, byte[] data, int offset, int size) {
            m.write(addr, data, offset, size);
        }

        @Override
        public byte read(int addr) {
            return m.read(addr);
        }

        @Override
        public byte[] readBytes(int addr, int len) {
            return m.readBytes(addr, len);
        }

        @Override
        public void writeI32(int addr, int data) {
            m.writeI32(addr, data);
        }

        @Override
        public int readInt(int addr) {
            return m.readInt(addr);
        }

        @Override
        public void writeLong(int addr, long data) {
            m.writeLong(addr, data);
        }

        @Override
        public long readLong(int addr) {
            return m.readLong(addr);
        }

        @Override
        public void writeShort(int addr, short data) {
            m.writeShort(addr, data);
        }

        @Override
        public short readShort(int addr) {
            return m.readShort(addr);
        }

        @Override
        public long readU16(int addr) {
            return m.readU16(addr);
        }

        @Override
        public void writeByte(int addr, byte data) {
            m.writeByte(addr, data);
        }

        @Override
        public void writeF32(int addr, float data) {
            m.writeF32(addr, data);
        }

        @Override
        public long readF32(int addr) {
            return m.readF32(addr);
        }

        @Override
        public float readFloat(int addr) {
            return m.readFloat(addr);
        }

        @Override
        public void writeF64(int addr, double data) {
            m.writeF64(addr, data);
        }

        @Override
        public double readDouble(int addr) {
            return m.readDouble(addr);
        }

        @Override
        public long readF64(int addr) {
            return m.readF64(addr);
        }

        @Override
        public void zero() {
            m.zero();
        }

        @Override
        public void fill(byte value, int from, int to) {
            m.fill(value, from, to);
        }

        @Override
        public void copy(int dest, int src, int size) {
            m.copy(dest, src, size);
        }

        @Override
        public void drop(int segment) {
            m.drop(segment);
        }
    }
}
