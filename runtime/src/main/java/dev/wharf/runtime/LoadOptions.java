package dev.wharf.runtime;

/**
 * How {@link Engine#load} prepares a module: which file it may be, and which variant of its code to compile.
 *
 * @param allowPrecompiled the file may be a `wharf compile -o` artifact instead of a module; an artifact is JVM code,
 *     so running one is opt-in, as with wasmtime's --allow-precompiled
 * @param metered compile the fuel-counting rewrite of the module (dev.wharf.fuel.FuelMeter), which a fuel budget
 *     needs; it is cached apart from the plain code
 * @param interruptible keep Chicory's interruption poll in loops, which a timeout needs to stop the guest; without a
 *     timeout nothing can interrupt a run, and the poll costs loops about a fifth of their speed (see CodeRewriter)
 */
public record LoadOptions(boolean allowPrecompiled, boolean metered, boolean interruptible) {

    /** A module file (never an artifact), unmetered, with the poll: fit for any run without fuel. */
    public static LoadOptions defaults() {
        return new LoadOptions(false, false, true);
    }

    /** For runs under these limits: metered when they set fuel, and without the poll when they set no timeout. */
    public static LoadOptions forLimits(Limits limits) {
        return new LoadOptions(false, limits.metered(), limits.timeout() != null);
    }

    public LoadOptions withAllowPrecompiled(boolean allow) {
        return new LoadOptions(allow, metered, interruptible);
    }

    public LoadOptions withMetered(boolean meter) {
        return new LoadOptions(allowPrecompiled, meter, interruptible);
    }
}
