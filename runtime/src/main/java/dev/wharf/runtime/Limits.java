package dev.wharf.runtime;

import java.time.Duration;

/**
 * Resource caps for one run. Zero or negative means "not limited" for the numeric caps; a null
 * timeout means none.
 *
 * @param maxMemoryBytes cap on linear memory: memory.grow beyond it fails (returns -1, or traps: trapOnGrowFailure)
 * @param maxWasmStackBytes size of the thread the guest runs on; runaway recursion traps "call stack exhausted"
 * @param timeout wall-clock budget; the guest is interrupted when it runs out
 * @param trapOnGrowFailure a memory.grow or table.grow that fails traps (TrapKind.*_GROW_FAILED) instead of returning -1
 * @param maxTableElements cap on each table's elements: table.grow beyond it fails; a module whose tables start
 *     bigger is refused
 * @param fuel deterministic budget of executed instructions (the module must be loaded metered); 0 = unmetered
 */
public record Limits(
        long maxMemoryBytes,
        long maxWasmStackBytes,
        Duration timeout,
        boolean trapOnGrowFailure,
        long maxTableElements,
        long fuel) {

    /** Wharf runs guests on a 64 MiB stack by default: deep enough for real recursive programs. */
    public static final long DEFAULT_STACK_BYTES = 64L << 20;
    /** Below this the JVM itself cannot run the guest's first frames. */
    static final long MIN_STACK_BYTES = 256L << 10;

    public static Limits none() {
        return new Limits(0, 0, null, false, 0, 0);
    }

    /** The guest thread's stack size: the wasm stack cap, or the default for deep guests. */
    public long threadStackBytes() {
        return maxWasmStackBytes > 0 ? Math.max(MIN_STACK_BYTES, maxWasmStackBytes) : DEFAULT_STACK_BYTES;
    }

    public Limits withMaxMemoryBytes(long v) {
        return new Limits(v, maxWasmStackBytes, timeout, trapOnGrowFailure, maxTableElements, fuel);
    }

    public Limits withMaxWasmStackBytes(long v) {
        return new Limits(maxMemoryBytes, v, timeout, trapOnGrowFailure, maxTableElements, fuel);
    }

    public Limits withTimeout(Duration v) {
        return new Limits(maxMemoryBytes, maxWasmStackBytes, v, trapOnGrowFailure, maxTableElements, fuel);
    }

    public Limits withTrapOnGrowFailure(boolean v) {
        return new Limits(maxMemoryBytes, maxWasmStackBytes, timeout, v, maxTableElements, fuel);
    }

    public Limits withFuel(long v) {
        return new Limits(maxMemoryBytes, maxWasmStackBytes, timeout, trapOnGrowFailure, maxTableElements, v);
    }

    public boolean metered() {
        return fuel > 0;
    }

    public Limits withMaxTableElements(long v) {
        return new Limits(maxMemoryBytes, maxWasmStackBytes, timeout, trapOnGrowFailure, v, fuel);
    }
}
