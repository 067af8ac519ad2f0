package dev.wharf.fuel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.OpCode;
import dev.wharf.binary.Opcode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test plumbing: fixtures, the real wabt tools, and Chicory instances built the way the runtime builds them. */
final class Wasm {
    private Wasm() {}

    static Path fixturesDir() {
        String dir = System.getProperty("wharf.fixtures.dir");
        if (dir == null) {
            throw new IllegalStateException(
                    "system property wharf.fixtures.dir is not set: run the tests through Maven");
        }
        return Path.of(dir);
    }

    static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(fixturesDir().resolve(name + ".wasm"));
    }

    /** Compiled with Chicory's compiler, start function not run (the metered way). */
    static Instance compiled(byte[] wasm, ImportValues imports) {
        var module = Parser.parse(wasm);
        return Instance.builder(module)
                .withMachineFactory(MachineFactoryCompiler.compile(module))
                .withImportValues(imports)
                .withStart(false)
                .build();
    }

    static Instance compiled(byte[] wasm) {
        return compiled(wasm, ImportValues.empty());
    }

    /** Interpreted, reporting every executed instruction to the listener (the oracle for fuel counts). */
    static Instance interpreted(byte[] wasm, ExecutionListener listener) {
        return Instance.builder(Parser.parse(wasm))
                .withUnsafeExecutionListener(listener)
                .withStart(false)
                .build();
    }

    /** The cost the meter charges for what the interpreter reports it executed. */
    static long costOf(FuelCosts costs, OpCode opcode) {
        int v = opcode.opcode();
        return costs.of(v > 0xff ? Opcode.of(v >> 8, v & 0xff) : Opcode.of(v));
    }

    static byte[] wat2wasm(String wat, String... features) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("wharf-fuel-wat");
        try {
            Path src = dir.resolve("m.wat");
            Path out = dir.resolve("m.wasm");
            Files.writeString(src, wat);
            var command = new ArrayList<>(List.of("wat2wasm", "--debug-names", src.toString(), "-o", out.toString()));
            command.addAll(List.of(features));
            var result = run(command);
            assertEquals(0, result.exit(), () -> "wat2wasm failed: " + result.output() + "\n" + wat);
            return Files.readAllBytes(out);
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * wabt's wasm-validate, the independent check that a rewritten module is valid: the metered module must
     * pass with the same feature flags as the original. wabt 1.0.32 misjudges some valid modules when every
     * proposal is on (ref.func typed as a non-null reference), so its default features are tried first.
     */
    static void assertValidLikeOriginal(byte[] original, byte[] metered, String what)
            throws IOException, InterruptedException {
        var featureSets = List.of(List.<String>of(), List.of("--enable-all"));
        for (var features : featureSets) {
            if (validate(original, features).exit() == 0) {
                var result = validate(metered, features);
                assertEquals(
                        0,
                        result.exit(),
                        () -> "wasm-validate " + features + " accepts " + what + " but rejects it metered: "
                                + result.output());
                return;
            }
        }
        throw new AssertionError("wasm-validate rejects " + what + " itself: "
                + validate(original, List.of()).output());
    }

    static void assertValid(byte[] wasm, String what) throws IOException, InterruptedException {
        var result = validate(wasm, List.of());
        assertEquals(0, result.exit(), () -> "wasm-validate rejects " + what + ": " + result.output());
    }

    private static ProcessResult validate(byte[] wasm, List<String> features) throws IOException, InterruptedException {
        Path file = Files.createTempFile("wharf-fuel", ".wasm");
        try {
            Files.write(file, wasm);
            var command = new ArrayList<String>();
            command.add("wasm-validate");
            command.addAll(features);
            command.add(file.toString());
            return run(command);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    record ProcessResult(int exit, String output) {}

    static ProcessResult run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish in 60 s");
        }
        return new ProcessResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            var paths = new ArrayList<>(walk.toList());
            Collections.reverse(paths);
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }
}
