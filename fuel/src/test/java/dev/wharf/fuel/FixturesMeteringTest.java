package dev.wharf.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.binary.Feature;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.Section;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture the project builds, metered: it must still validate (Chicory and wabt), keep every section
 * it did not need to change byte for byte, and, when it can run here, behave exactly as the original (SIMD
 * fixtures run in {@link SimdMeteringTest}, under an interpreter that has SIMD).
 */
class FixturesMeteringTest {

    /** Enough for every fixture that finishes; one that does not is left out of the comparison. */
    private static final long FUEL = 100_000_000L;

    private static final Set<Integer> REWRITTEN = Set.of(Section.GLOBAL, Section.EXPORT, Section.START, Section.CODE);

    /**
     * The fixtures whose metered runs were compared with their original's, filled as the dynamic tests run. A fixture
     * that needs imports this test cannot give, or that runs out of fuel, is only validated; the last dynamic test
     * fails if that left nothing compared, so a change that skips every run cannot pass unnoticed.
     */
    private final Set<String> compared = new ConcurrentSkipListSet<>();

    @TestFactory
    Stream<DynamicTest> everyFixtureStillValidatesAndBehavesTheSameWhenMetered() throws Exception {
        List<Path> fixtures;
        try (var files = Files.list(Wasm.fixturesDir())) {
            fixtures =
                    files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        assertTrue(
                fixtures.stream().anyMatch(p -> p.getFileName().toString().equals("fuel_work.wasm")),
                "the fixtures are not built: run the build through Maven");
        var each = fixtures.stream()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
        var counted = DynamicTest.dynamicTest("metered runs were compared", () -> {
            System.out.println("FixturesMeteringTest: compared the metered runs of " + compared.size() + " of "
                    + fixtures.size() + " fixtures: " + compared);
            assertFalse(compared.isEmpty(), "no fixture's metered run was compared with its original's");
            assertTrue(compared.contains("fuel_work.wasm"), "fuel_work.wasm was not compared: " + compared);
        });
        return Stream.concat(each, Stream.of(counted));
    }

    private void check(Path file) throws Exception {
        byte[] original = Files.readAllBytes(file);
        MeteredModule metered = FuelMeter.instrument(original, FuelCosts.defaults());
        String name = file.getFileName().toString();

        WasmModule parsed = Parser.parse(metered.bytes());
        Wasm.assertValidLikeOriginal(original, metered.bytes(), name);
        assertUntouchedSectionsAreIdentical(original, metered.bytes(), name);

        if (ParsedModule.parse(ModuleSource.frame(file, original)).features().contains(Feature.SIMD)) {
            return; // Chicory cannot run v128 yet: SimdMeteringTest runs these under wabt's interpreter
        }
        boolean onlyWasi = parsed.importSection().stream()
                .allMatch(i -> i.module().equals("wasi_snapshot_preview1") && i.importType() == ExternalType.FUNCTION);
        if (!onlyWasi) {
            return; // needs imports this test cannot provide; validation above is what it gets
        }
        var plain = Variant.of(Parser.parse(original), null);
        var fueled = Variant.of(parsed, metered);
        if (hasExport(parsed, "_start")) {
            Outcome first = runCommand(fueled, name);
            if (first.outOfFuel()) {
                return;
            }
            assertEquals(runCommand(plain, name), first.withoutFuel(), name + ": metered run differs");
            assertEquals(first, runCommand(fueled, name), name + ": a second metered run consumed different fuel");
            if (name.equals("fuel_work.wasm")) {
                assertTrue(first.stdout().contains("basel "), "fuel_work did not run to its end: " + first);
            }
            compared.add(name);
        } else {
            for (int i = 0; i < parsed.exportSection().exportCount(); i++) {
                var export = parsed.exportSection().getExport(i);
                if (export.exportType() != ExternalType.FUNCTION
                        || export.name().startsWith("wharf:")
                        || export.name().equals("_initialize")) {
                    continue;
                }
                var type = parsed.typeSection()
                        .getType(parsed.functionSection()
                                .getFunctionType(
                                        export.index() - parsed.importSection().count(ExternalType.FUNCTION)));
                if (!type.params().stream().allMatch(FixturesMeteringTest::isNumber)) {
                    continue;
                }
                Outcome first =
                        callExport(fueled, name, export.name(), type.params().size());
                if (first.outOfFuel()) {
                    continue;
                }
                assertEquals(
                        callExport(plain, name, export.name(), type.params().size()),
                        first.withoutFuel(),
                        name + " " + export.name() + ": metered call differs");
                compared.add(name);
            }
        }
    }

    private static boolean isNumber(ValType t) {
        return t.equals(ValType.I32) || t.equals(ValType.I64) || t.equals(ValType.F32) || t.equals(ValType.F64);
    }

    private static boolean hasExport(WasmModule module, String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            if (module.exportSection().getExport(i).name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The module compiled once; `metered` is null for the original. */
    private record Variant(WasmModule module, Function<Instance, Machine> machine, MeteredModule metered) {
        static Variant of(WasmModule module, MeteredModule metered) {
            return new Variant(module, MachineFactoryCompiler.compile(module), metered);
        }

        Instance instantiate(ImportValues imports) {
            return Instance.builder(module)
                    .withMachineFactory(machine)
                    .withImportValues(imports)
                    .withStart(false)
                    .build();
        }
    }

    /** What a run showed to the outside, plus the fuel it took (-1 unmetered). */
    private record Outcome(String stdout, String stderr, String ending, long fuel, boolean outOfFuel) {
        Outcome withoutFuel() {
            return new Outcome(stdout, stderr, ending, -1, false);
        }
    }

    private static Outcome runCommand(Variant variant, String name) {
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var options = WasiOptions.builder()
                .withArguments(List.of(name))
                .withStdin(new ByteArrayInputStream(new byte[0]))
                .withStdout(stdout)
                .withStderr(stderr)
                .withClock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
                .withRandom(new Random(42))
                .build();
        try (var wasi = WasiPreview1.builder().withOptions(options).build()) {
            var imports =
                    ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
            return run(variant, imports, instance -> instance.export("_start").apply(), stdout, stderr);
        }
    }

    private static Outcome callExport(Variant variant, String name, String export, int params) {
        var imports = ImportValues.builder()
                .addFunction(wasiWithNothing().toHostFunctions())
                .build();
        return run(
                variant,
                imports,
                instance -> {
                    if (hasExport(variant.module(), "_initialize")) {
                        instance.export("_initialize").apply();
                    }
                    return instance.export(export).apply(new long[params]);
                },
                new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    private static WasiPreview1 wasiWithNothing() {
        return WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build();
    }

    private static Outcome run(
            Variant variant,
            ImportValues imports,
            Function<Instance, long[]> body,
            ByteArrayOutputStream stdout,
            ByteArrayOutputStream stderr) {
        Instance instance = variant.instantiate(imports);
        FuelTank tank = null;
        if (variant.metered() != null) {
            tank = FuelTank.of(instance, variant.metered());
            tank.fill(FUEL);
        }
        String ending;
        try {
            if (variant.metered() != null) {
                variant.metered().runStart(instance);
            }
            ending = "returned " + Arrays.toString(body.apply(instance));
        } catch (WasiExitException e) {
            ending = "exit " + e.exitCode();
        } catch (ChicoryException e) {
            ending = "trap " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (StackOverflowError e) {
            ending = "stack overflow";
        }
        return new Outcome(
                stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8),
                ending,
                tank == null ? -1 : tank.consumed(),
                tank != null && tank.exhausted());
    }

    /** Sections metering does not rewrite come out identical and in the same order. */
    private static void assertUntouchedSectionsAreIdentical(byte[] original, byte[] metered, String name) {
        List<byte[]> before = untouched(original);
        List<byte[]> after = untouched(metered);
        assertEquals(before.size(), after.size(), name + ": section count");
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), name + ": section " + i + " changed");
        }
        var sections = ModuleSource.frame(null, metered).sections();
        assertFalse(sections.stream().anyMatch(s -> s.id() == Section.START), name + ": start section left in");
    }

    private static List<byte[]> untouched(byte[] wasm) {
        var out = new ArrayList<byte[]>();
        for (Section s : ModuleSource.frame(null, wasm).sections()) {
            if (!REWRITTEN.contains(s.id())) {
                out.add(Arrays.copyOfRange(wasm, s.headerOffset(), s.end()));
            }
        }
        return out;
    }
}
