package dev.wharf.fuel;

/**
 * The guest stopped because its fuel ran out, not because of a bug in it. Made by
 * {@link FuelTank#classify(RuntimeException)} from the trap Chicory raised; that trap is the cause.
 */
public final class OutOfFuelException extends RuntimeException {
    private final long consumed;

    OutOfFuelException(long consumed, Throwable trap) {
        super("out of fuel after " + consumed + " units", trap);
        this.consumed = consumed;
    }

    /** Fuel consumed by the instance in all, which is everything it was given. */
    public long consumed() {
        return consumed;
    }
}
