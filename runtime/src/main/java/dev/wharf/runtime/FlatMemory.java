package dev.wharf.runtime;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Linear memory as one byte[] instead of Chicory's 64 KiB ByteBuffer pages: what every unshared memory of a
 * Wharf guest is. Each load or store is one VarHandle access on one array, so the Java bounds check is the wasm
 * bounds check (an IndexOutOfBoundsException becomes the trap) and C2 can hoist the array out of loops; with
 * Chicory's pages each access took about ten dependent loads. bench/results/NOTES.md measured compute kernels
 * 1.8x to 4.5x faster with it, and an instance no longer carries a page table sized for 4 GiB.
 *
 * <p>Costs: memory.grow copies the array (guest allocators grow rarely and geometrically), the maximum is one
 * page under 2 GiB (a Java array), and it cannot be shared between threads (Wharf runs no threaded guests;
 * shared memories keep Chicory's implementation).
 */
public final class FlatMemory implements Memory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Memories up to this size give their array back when their instance is done ({@link #release}), for the next
     * instance built on the same thread.
     */
    static final int MAX_REUSED_BYTES = 1 << 20;

    private static final byte[] RELEASED = new byte[0];
    /**
     * Per thread, the cleared array of the last memory released on it. An app host builds an instance per request
     * on the same request threads: a fresh 128 KiB array for each made the garbage collector run about 50 times a
     * second and spend about 4% of the time there (bench/http). At most one array of at most
     * {@value #MAX_REUSED_BYTES} bytes is kept per thread.
     */
    private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

    private final MemoryLimits limits;
    private byte[] bytes;
    private DataSegment[] dataSegments;
    /** True until anything could have written to the array: see zero(). */
    private boolean pristine = true;

    public FlatMemory(MemoryLimits limits) {
        this.limits = limits;
        int size = limits.initialPages() * PAGE_SIZE;
        byte[] spare = SPARE.get();
        if (spare != null && spare.length == size) {
            SPARE.set(null);
            this.bytes = spare; // all zero: release() cleared it
        } else {
            this.bytes = new byte[size];
        }
    }

    /**
     * The instance is done with this memory (nothing reads it after): a small enough array is cleared and kept
     * for the next FlatMemory of its size built on this thread. The memory is empty afterwards, so a use that
     * should not happen traps as out of bounds instead of reaching an array another instance now owns.
     */
    void release() {
        byte[] b = bytes;
        bytes = RELEASED;
        if (b.length > 0 && b.length <= MAX_REUSED_BYTES) {
            // cleared here, not when reused: no guest's data waits in the spare
            Arrays.fill(b, (byte) 0);
            SPARE.set(b);
        }
    }

    private WasmRuntimeException outOfBounds(int addr, int size) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address: "
                + Integer.toUnsignedString(addr) + " but limit is: " + bytes.length + " and size: " + size);
    }

    @Override
    public int pages() {
        return bytes.length / PAGE_SIZE;
    }

    @Override
    public int grow(int delta) {
        int before = pages();
        long after = (long) before + delta;
        if (delta < 0 || after > maximumPages()) {
            return -1;
        }
        if (delta > 0) {
            pristine = false;
            bytes = Arrays.copyOf(bytes, (int) (after * PAGE_SIZE));
        }
        return before;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        // a Java array holds at most 2 GiB - 1 bytes: one page less than 32768
        return Math.min(limits.maximumPages(), (Integer.MAX_VALUE / PAGE_SIZE));
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        throw new UnsupportedOperationException("FlatMemory is not shared");
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new WasmRuntimeException("wait on a non-shared memory");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new WasmRuntimeException("wait on a non-shared memory");
    }

    @Override
    public int notify(int address, int maxThreads) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        pristine = false;
        if (segments == null) {
            return;
        }
        // Chicory hands each instance a fresh array and data.drop empties entries of it (Instance.dropDataSegment):
        // keep the same array, not a copy, or a dropped segment would still be readable here
        this.dataSegments = segments;
        for (int i = 0; i < dataSegments.length; i++) {
            if (dataSegments[i] instanceof ActiveDataSegment active && active.index() == 0) {
                long offset = ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0]
                        & 0xFFFF_FFFFL;
                byte[] data = active.data();
                if (offset + data.length > bytes.length) {
                    throw new UninstantiableException("out of bounds memory access: data segment " + i + " at " + offset
                            + " of " + data.length + " bytes, memory is " + bytes.length);
                }
                System.arraycopy(data, 0, bytes, (int) offset, data.length);
                // the spec drops active segments once they are copied: a later memory.init of one traps
                dataSegments[i] = PassiveDataSegment.EMPTY;
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        byte[] data = dataSegments[segmentId].data();
        if (offset < 0 || size < 0 || (long) offset + size > data.length) {
            throw outOfBounds(dest, size);
        }
        write(dest, data, offset, size);
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        try {
            System.arraycopy(data, offset, bytes, addr, size);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, size);
        }
    }

    @Override
    public byte read(int addr) {
        try {
            return bytes[addr];
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        if (addr < 0 || len < 0 || (long) addr + len > bytes.length) {
            throw outOfBounds(addr, len);
        }
        return Arrays.copyOfRange(bytes, addr, addr + len);
    }

    @Override
    public void writeI32(int addr, int data) {
        try {
            INT.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return (int) INT.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        try {
            LONG.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return (long) LONG.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        try {
            SHORT.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return (short) SHORT.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeByte(int addr, byte data) {
        try {
            bytes[addr] = data;
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public void writeF32(int addr, float data) {
        try {
            FLOAT.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        try {
            return (float) FLOAT.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public void writeF64(int addr, double data) {
        try {
            DOUBLE.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public double readDouble(int addr) {
        try {
            return (double) DOUBLE.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void zero() {
        // Chicory zeroes every memory it instantiates, right after creating it; a new Java array is already
        // zero, and filling 128 KiB again cost 4% of a WAGI request. Later calls really clear it.
        if (pristine) {
            pristine = false;
            return;
        }
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex < fromIndex || toIndex > bytes.length) {
            throw outOfBounds(fromIndex, toIndex - fromIndex);
        }
        Arrays.fill(bytes, fromIndex, toIndex, value);
    }

    @Override
    public void copy(int dest, int src, int size) {
        try {
            System.arraycopy(bytes, src, bytes, dest, size);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(Math.max(dest, src), size);
        }
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }
}
