package dev.wharf.fuel;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;

/**
 * The host's view of a metered instance's fuel. The guest charges the counter global as it runs and traps
 * once a charge takes it below zero; a negative counter is therefore the mark of an out-of-fuel stop.
 *
 * <p>Use: instantiate the metered module without running its start ({@code .withStart(false)}),
 * {@code FuelTank.of(instance, metered)}, {@link #fill}, {@link MeteredModule#runStart}, then call exports.
 * After a trap, {@link #classify} tells an empty tank from a real trap.
 *
 * <p>Not thread-safe, like the instance it watches. Make one tank per instance and keep it: the total put in
 * is remembered here, not in the guest.
 */
public final class FuelTank {
    private final GlobalInstance counter;
    private long credited;

    private FuelTank(GlobalInstance counter) {
        this.counter = counter;
        this.credited = Math.max(0, counter.getValue());
    }

    public static FuelTank of(Instance metered, MeteredModule module) {
        return new FuelTank(metered.exports().global(module.fuelGlobalExport()));
    }

    /**
     * Adds fuel. An empty tank restarts from zero: the overdraft that stopped the guest paid for a run of
     * instructions that never executed, so it is not carried over.
     */
    public void fill(long units) {
        if (units < 0) {
            throw new IllegalArgumentException("cannot fill a negative amount of fuel: " + units);
        }
        counter.setValue(Math.addExact(remaining(), units));
        credited = Math.addExact(credited, units);
    }

    /** Fuel left; 0 once the tank ran out. */
    public long remaining() {
        return Math.max(0, counter.getValue());
    }

    /** Fuel spent since this tank was made: everything filled when the guest ran out. */
    public long consumed() {
        return credited - remaining();
    }

    /** The guest was stopped because a charge found too little fuel. */
    public boolean exhausted() {
        return counter.getValue() < 0;
    }

    /**
     * Returns what a trap from this instance means: an {@link OutOfFuelException} (with the trap as its cause)
     * when the tank ran out, the trap itself otherwise.
     */
    public RuntimeException classify(RuntimeException trap) {
        return exhausted() ? new OutOfFuelException(consumed(), trap) : trap;
    }
}
