package dev.wharf.fuel;

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

    /** The cost of one instruction, by its {@link Op#code() code}. */
    long of(int code) {
        return switch (code) {
            case Op.UNREACHABLE, Op.NOP, Op.BLOCK, Op.LOOP, Op.ELSE, Op.END, Op.RETURN, Op.DROP, Op.TRY_TABLE -> 0;
            case Op.CALL, Op.CALL_INDIRECT, Op.RETURN_CALL, Op.RETURN_CALL_INDIRECT, Op.CALL_REF, Op.RETURN_CALL_REF ->
                call;
            case Op.MEMORY_GROW -> memoryGrow;
            case Op.MEMORY_INIT,
                    Op.MEMORY_COPY,
                    Op.MEMORY_FILL,
                    Op.TABLE_INIT,
                    Op.TABLE_COPY,
                    Op.TABLE_FILL,
                    Op.ARRAY_FILL,
                    Op.ARRAY_COPY,
                    Op.ARRAY_INIT_DATA,
                    Op.ARRAY_INIT_ELEM -> bulkMemory;
            default -> instruction;
        };
    }
}
