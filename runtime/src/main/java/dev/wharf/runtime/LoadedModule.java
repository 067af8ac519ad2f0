package dev.wharf.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wharf.module.ModuleSource;
import java.time.Duration;
import java.util.function.Function;

/**
 * A module that has been read, validated and compiled: ready to instantiate any number of times.
 * Instances are cheap; this is the expensive part, which is why it is cached on disk.
 */
public record LoadedModule(
        ModuleSource source,
        WasmModule wasm,
        Function<Instance, Machine> machines,
        CompileCache.Lookup cacheLookup,
        Duration loadTime) {

    /** The function's name from the name section, or null. */
    public String functionName(int index) {
        var names = wasm.nameSection();
        return names == null ? null : names.nameOfFunction(index);
    }

    public int importedFunctionCount() {
        return wasm.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
    }

    public String displayName() {
        return source.path().toString();
    }
}
