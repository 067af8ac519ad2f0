package dev.wharf.bench;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wharf.runtime.FlatMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.LoadOptions;
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
    /** Which linear memory instances get: the runtime's choice, or one of the comparisons NOTES.md describes. */
    enum LinearMemory {
        /**
         * As `wharf run` without a timeout runs a module: the runtime's FlatMemory for unshared memories, code
         * rewritten without the interruption poll (dev.wharf.runtime.CodeRewriter). Engine "wharf".
         */
        AS_SHIPPED,
        /** AS_SHIPPED with the interruption poll kept, as under `-W timeout` or in the app host: "wharf-polled". */
        AS_SHIPPED_POLLED,
        /** Chicory's default, ByteBufferMemory: what Wharf shipped before the bench's finding. "wharf-chicory-default". */
        CHICORY_DEFAULT,
        /** Chicory's ByteArrayMemory: "wharf-bytearray". */
        BYTE_ARRAY
    }

    private final LoadedModule module;
    private final Function<Instance, Machine> machines;
    private final LinearMemory memory;

    WharfSide(Path wasm) {
        this(wasm, LinearMemory.AS_SHIPPED);
    }

    WharfSide(Path wasm, LinearMemory memory) {
        var engine = Engine.uncached(WharfLog.off());
        // the comparisons keep the poll, as Wharf did when they were measured
        this.module = memory == LinearMemory.AS_SHIPPED
                ? engine.load(wasm, LoadOptions.forLimits(Limits.none()))
                : engine.load(wasm);
        this.machines = module.machines();
        this.memory = memory;
    }

    static LinearMemory memoryFor(String engine) {
        return switch (engine) {
            case "wharf" -> LinearMemory.AS_SHIPPED;
            case "wharf-chicory-default" -> LinearMemory.CHICORY_DEFAULT;
            case "wharf-bytearray" -> LinearMemory.BYTE_ARRAY;
            case "wharf-polled" -> LinearMemory.AS_SHIPPED_POLLED;
            default -> throw new BenchFailure("unknown engine " + engine);
        };
    }

    /** Mirrors GuestRunner.newMemory: a shared memory stays Chicory's, every other one is a FlatMemory. */
    private static Memory shippedMemory(MemoryLimits limits) {
        return limits.shared() ? new ByteBufferMemory(limits) : new FlatMemory(limits);
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
            case AS_SHIPPED, AS_SHIPPED_POLLED -> builder.withMemoryFactory(WharfSide::shippedMemory);
            case BYTE_ARRAY -> builder.withMemoryFactory(ByteArrayMemory::new);
            case CHICORY_DEFAULT -> { } // Chicory's builder default
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
