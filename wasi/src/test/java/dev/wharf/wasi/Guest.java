package dev.wharf.wasi;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs a fixture from fixtures/target/wasm, compiled by Chicory, against a WasiHost the test configures. */
final class Guest {
    private static final Map<String, WasmModule> MODULES = new ConcurrentHashMap<>();
    /** compiled once per fixture: compiling is the slow part, instances are cheap */
    private static final Map<String, Function<Instance, Machine>> MACHINES = new ConcurrentHashMap<>();

    record Result(int exitCode, String stdout, String stderr, List<Denial> denials) {}

    static Path fixture(String name) {
        String dir = System.getProperty("wharf.fixtures.dir");
        if (dir == null) {
            throw new IllegalStateException("system property wharf.fixtures.dir is not set (run through Maven)");
        }
        Path p = Path.of(dir, name + ".wasm");
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing: run fixtures/build.sh");
        }
        return p;
    }

    static WasmModule module(String name) {
        return MODULES.computeIfAbsent(name, n -> {
            try {
                return Parser.parse(Files.readAllBytes(fixture(n)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Runs {@code _start}; {@code configure} adds preopens, env, stdin... to a builder that already has argv. */
    static Result run(String name, List<String> args, Consumer<WasiHost.Builder> configure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Denial> denials = new ArrayList<>();
        List<String> argv = new ArrayList<>();
        argv.add(name + ".wasm");
        argv.addAll(args);
        WasiHost.Builder b = WasiHost.builder()
                .args(argv)
                .stdin(new ByteArrayInputStream(new byte[0]))
                .stdout(out)
                .stderr(err)
                .denialListener(denials::add);
        configure.accept(b);
        int code = 0;
        try (WasiHost host = b.build()) {
            WasmModule module = module(name);
            Instance instance = Instance.builder(module)
                    // only the functions it imports, as the runtime links guests
                    .withImportValues(ImportValues.builder()
                            .addFunction(host.hostFunctions(imports(module)))
                            .build())
                    .withMachineFactory(MACHINES.computeIfAbsent(name, n -> MachineFactoryCompiler.compile(module)))
                    // Chicory's build() would itself run an exported _start; we call it explicitly, once
                    .withStart(false)
                    .build();
            instance.export("_start").apply();
        } catch (WasiExitException e) {
            code = e.exitCode();
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), denials);
    }

    private static List<String> imports(WasmModule module) {
        var names = new ArrayList<String>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            names.add(module.importSection().getImport(i).name());
        }
        return names;
    }

    static Result run(String name, List<String> args) {
        return run(name, args, b -> {});
    }
}
