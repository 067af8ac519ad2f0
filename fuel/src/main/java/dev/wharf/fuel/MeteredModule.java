package dev.wharf.fuel;

import com.dylibso.chicory.runtime.Instance;
import java.util.Optional;

/**
 * A module rewritten by {@link FuelMeter}: its bytes, the export name of its fuel counter (an i64 global),
 * and, when the original module had a start function, the export it was moved to.
 *
 * <p>Why the start function moves: Chicory creates globals and runs the start function in one step, so a
 * start function left in place would run before the host could fill the tank and trap at once. The metered
 * module has no start section; instantiate it, fill the tank, then call {@link #runStart(Instance)}, which
 * runs the start function exactly where the original would have (after data and element initialisation,
 * before anything else).
 */
public record MeteredModule(byte[] bytes, String fuelGlobalExport, Optional<String> startExport) {

    /** Runs the original module's start function, if it had one. Traps come out as Chicory threw them. */
    public void runStart(Instance instance) {
        startExport.ifPresent(name -> instance.export(name).apply());
    }
}
