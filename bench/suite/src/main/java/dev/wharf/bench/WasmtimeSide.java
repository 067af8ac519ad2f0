package dev.wharf.bench;

import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.ExternItem;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.ImportType;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.wasi.WasiCtx;
import io.github.kawamuray.wasmtime.wasi.WasiCtxBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Native wasmtime 7 (Cranelift) through wasmtime-java's JNI binding: one Engine and one compiled Module,
 * then a Store (with its own WASI context) and an Instance per guest, which is how an embedder uses it.
 * The WASI functions come from a Linker that wasmtime-wasi filled once; they are resolved per store
 * into the module's import order.
 */
final class WasmtimeSide implements AutoCloseable {
    static final String WASI = "wasi_snapshot_preview1";

    private final io.github.kawamuray.wasmtime.Engine engine = new io.github.kawamuray.wasmtime.Engine();
    private final Module module;
    private final ImportType[] imports;
    private final Linker linker;

    WasmtimeSide(Path wasm) throws IOException {
        module = Module.fromBinary(engine, Files.readAllBytes(wasm));
        imports = module.imports();
        linker = new Linker(engine);
        WasiCtx.addToLinker(linker);
    }

    /** A guest: its store and instance, disposed together. */
    record Guest(Store<Void> store, Instance instance) implements AutoCloseable {
        Func func(String name) {
            return instance.getFunc(store, name).orElseThrow(() -> new BenchFailure("wasmtime: no export " + name));
        }

        @Override
        public void close() {
            instance.dispose();
            store.dispose();
        }
    }

    Guest instantiate() {
        WasiCtx wasi = new WasiCtxBuilder().arg("bench").build();
        Store<Void> store = new Store<>(null, engine, wasi);
        Map<String, Extern> wasiExterns = new HashMap<>();
        if (imports.length > 0) {
            for (ExternItem item : linker.externsOfModule(store, WASI)) {
                wasiExterns.put(item.name(), item.extern());
            }
        }
        List<Extern> resolved = new ArrayList<>(imports.length);
        for (ImportType imp : imports) {
            Extern e = WASI.equals(imp.module()) ? wasiExterns.get(imp.name()) : null;
            if (e == null) {
                throw new BenchFailure("wasmtime: cannot satisfy import " + imp.module() + "::" + imp.name());
            }
            resolved.add(e);
        }
        return new Guest(store, new Instance(store, module, resolved));
    }

    Guest instantiateReactor() {
        Guest g = instantiate();
        g.instance().getFunc(g.store(), "_initialize").ifPresent(f -> f.call(g.store()));
        return g;
    }

    @Override
    public void close() {
        linker.dispose();
        module.dispose();
        engine.dispose();
    }
}
