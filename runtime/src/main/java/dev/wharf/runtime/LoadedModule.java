package dev.wharf.runtime;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wharf.binary.ModuleSource;
import dev.wharf.fuel.MeteredModule;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A module that has been read, validated and compiled: ready to instantiate any number of times.
 * Instances are cheap; this is the expensive part, which is why it is cached on disk. For a metered
 * load, `wasm` and `machines` are the fuel-counting rewrite while `source` stays the user's module, so
 * backtraces point into the file the user has. Code that is not `interruptible` was compiled without Chicory's
 * interruption poll (see CodeRewriter): faster, but a timeout cannot stop it, so GuestRunner refuses to run it
 * with one. A `bodiless` module came from the compile cache with its function bodies stubbed (see BodylessModule):
 * `wasm` has the module's every other part, and the compiled code has the functions.
 */
public record LoadedModule(
        ModuleSource source,
        WasmModule wasm,
        Function<Instance, Machine> machines,
        CompileCache.Lookup cacheLookup,
        Duration loadTime,
        Optional<MeteredModule> metering,
        boolean interruptible,
        boolean bodiless) {

    /** Whether instances of this module count fuel (it was compiled from the metered rewrite). */
    public boolean metered() {
        return metering.isPresent();
    }

    /**
     * The function's name for people: the name section's (Rust names demangled), else the name it is
     * exported under, else null.
     */
    public String functionName(int index) {
        var names = wasm.nameSection();
        String name = names == null ? null : names.nameOfFunction(index);
        if (name != null) {
            return SymbolNames.demangle(name);
        }
        var exports = wasm.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == com.dylibso.chicory.wasm.types.ExternalType.FUNCTION
                    && e.index() == index
                    && !e.name().startsWith("wharf:")) {
                return e.name();
            }
        }
        return null;
    }

    public int importedFunctionCount() {
        return wasm.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
    }

    /**
     * Instantiates the module with imports the caller linked (the component runtime links core modules to each other
     * and to lowered functions), under {@code limits}: data and element segments and the start section run; `_start`
     * does not. A trap during initialisation comes out as Chicory's exception.
     */
    public Instance instantiate(ImportValues imports, Limits limits, WharfLog log) {
        return GuestRunner.instanceBuilder(this, imports, limits, log).build();
    }

    /**
     * Hands a finished instance's memory back for reuse by the next instance on this thread (see FlatMemory); the
     * instance must not run again.
     */
    public static void release(Instance instance) {
        if (instance.memory() instanceof FlatMemory flat) {
            flat.release();
        }
    }

    public String displayName() {
        return source.path().toString();
    }
}
