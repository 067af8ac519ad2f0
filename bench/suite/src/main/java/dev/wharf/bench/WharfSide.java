package dev.wharf.bench;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.LoadedModule;
import dev.wharf.runtime.WharfLog;
import dev.wharf.wasi.WasiHost;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Wharf as the benchmark drives it: the runtime's {@link Engine} loads and compiles the module (Chicory's
 * compiler, no disk cache: compile cost is not what these sections measure), then instances are built
 * the way the runtime builds them, with Wharf's own WASI host behind the imports.
 */
final class WharfSide {
    /** Which linear memory instances get: the runtime's choice, or one of the experiments NOTES.md describes. */
    enum LinearMemory {
        /** Chicory's default (ByteBufferMemory), as the runtime builds instances today. */
        AS_SHIPPED,
        /** Chicory's ByteArrayMemory: engine "wharf-bytearray". */
        BYTE_ARRAY,
        /** One flat byte[] ({@link FlatMemory}): engine "wharf-flat". */
        FLAT,
        /** FLAT, and compiled code without its interruption poll ({@link NoPollCompile}): "wharf-flat-nopoll". */
        FLAT_NO_POLL
    }

    private final LoadedModule module;
    private final Function<Instance, Machine> machines;
    private final LinearMemory memory;

    WharfSide(Path wasm) {
        this(wasm, LinearMemory.AS_SHIPPED);
    }

    WharfSide(Path wasm, LinearMemory memory) {
        this.module = Engine.uncached(WharfLog.off()).load(wasm);
        this.machines = memory == LinearMemory.FLAT_NO_POLL ? NoPollCompile.machines(module.wasm()) : module.machines();
        this.memory = memory;
    }

    static LinearMemory memoryFor(String engine) {
        return switch (engine) {
            case "wharf" -> LinearMemory.AS_SHIPPED;
            case "wharf-bytearray" -> LinearMemory.BYTE_ARRAY;
            case "wharf-flat" -> LinearMemory.FLAT;
            case "wharf-flat-nopoll" -> LinearMemory.FLAT_NO_POLL;
            default -> throw new BenchFailure("unknown engine " + engine);
        };
    }

    LoadedModule module() {
        return module;
    }

    /** A fresh WASI host (no args, no env, no preopens, output discarded) and an instance wired to it. */
    Instance instantiate() {
        var wasi = WasiHost.builder()
                .args(List.of("bench"))
                .stdin(InputStream.nullInputStream())
                .stdout(OutputStream.nullOutputStream())
                .stderr(OutputStream.nullOutputStream())
                .build();
        var builder = Instance.builder(module.wasm())
                .withImportValues(ImportValues.builder().addFunction(wasi.hostFunctions()).build())
                .withMachineFactory(machines)
                .withStart(false);
        switch (memory) {
            case BYTE_ARRAY -> builder.withMemoryFactory(ByteArrayMemory::new);
            case FLAT, FLAT_NO_POLL -> builder.withMemoryFactory(FlatMemory::new);
            case AS_SHIPPED -> { }
        }
        return builder.build();
    }

    boolean exports(String name) {
        var section = module.wasm().exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            if (section.getExport(i).name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** An instance of a reactor with `_initialize` already run, as a host would keep it for repeated calls. */
    Instance instantiateReactor() {
        Instance instance = instantiate();
        if (exports("_initialize")) {
            instance.export("_initialize").apply();
        }
        return instance;
    }
}
