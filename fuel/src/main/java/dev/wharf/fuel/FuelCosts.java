package dev.wharf.fuel;

import dev.wharf.binary.Opcode;

/**
 * What each executed instruction costs, by class. Structural instructions that compile to nothing or only
 * move control (nop, drop, block, loop, try_table, else, end, unreachable, return) are free, as in wasmtime,
 * so a fuel budget means roughly the same work in Wharf and in wasmtime. Every other instruction costs
 * {@code instruction}, except calls, {@code memory.grow} and the bulk memory/table operations, which may be
 * made heavier because their real cost is not one step.
 *
 * <p>Branches and calls must cost at least 1: every loop iteration and every recursive call then consumes
 * fuel, which is what guarantees that an empty tank stops any guest.
 */
public record FuelCosts(long instruction, long call, long memoryGrow, long bulkMemory) {

    /** A bound that keeps every per-block sum far from overflowing the 64-bit counter. */
    static final long MAX_COST = 1L << 20;

    public FuelCosts {
        require("instruction", instruction, 1);
        require("call", call, 1);
        require("memoryGrow", memoryGrow, 0);
        require("bulkMemory", bulkMemory, 0);
    }

    /** One unit per instruction, calls, memory.grow and bulk operations included. */
    public static FuelCosts defaults() {
        return new FuelCosts(1, 1, 1, 1);
    }

    private static void require(String what, long cost, long min) {
        if (cost < min || cost > MAX_COST) {
            throw new IllegalArgumentException(
                    "fuel cost of " + what + " must be between " + min + " and " + MAX_COST + ", not " + cost);
        }
    }

    /**
     * The cost of one instruction. SIMD instructions cost {@code instruction} like every other: one v128 operation
     * replaces up to 16 scalar ones, which is the point of writing it, and wasmtime charges it 1 as well.
     */
    long of(Opcode op) {
        return switch (op) {
            case UNREACHABLE, NOP, BLOCK, LOOP, ELSE, END, RETURN, DROP, TRY_TABLE -> 0;
            case CALL, CALL_INDIRECT, RETURN_CALL, RETURN_CALL_INDIRECT, CALL_REF, RETURN_CALL_REF -> call;
            case MEMORY_GROW -> memoryGrow;
            case MEMORY_INIT,
                    MEMORY_COPY,
                    MEMORY_FILL,
                    TABLE_INIT,
                    TABLE_COPY,
                    TABLE_FILL,
                    ARRAY_FILL,
                    ARRAY_COPY,
                    ARRAY_INIT_DATA,
                    ARRAY_INIT_ELEM -> bulkMemory;
            default -> instruction;
        };
    }
}
