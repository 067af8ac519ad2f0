package dev.wharf.wat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fixture and every example, printed, assembled again by wabt's wat2wasm, must be the same module:
 * wabt's own disassembly of the original and of the reassembled module are compared, names ignored.
 * Names are checked too: printing the reassembled module (whose name section wat2wasm wrote from our
 * identifiers) gives the same text again.
 */
class WatPrinterRoundTripTest {
    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyFixtureAndExampleRoundTripsThroughWat2wasm() throws IOException {
        List<Path> modules = new ArrayList<>();
        try (var fixtures = Files.list(WatExternalTools.fixturesDir())) {
            fixtures.filter(p -> p.toString().endsWith(".wasm")).sorted().forEach(modules::add);
        }
        Path examples = Path.of(System.getProperty("wharf.repo.dir"), "examples");
        try (var walk = Files.walk(examples)) {
            walk.filter(p -> p.toString().endsWith(".wasm")).sorted().forEach(modules::add);
        }
        var names = modules.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        for (String required : List.of(
                "print_floats.wasm",
                "print_control.wasm",
                "print_bulk.wasm",
                "print_hostile_names.wasm",
                "simd_memory.wasm",
                "simd_lanes.wasm",
                "simd_compare.wasm",
                "simd_arith.wasm",
                "simd_values.wasm",
                "simd_loops.wasm",
                "simd_intrinsics.wasm",
                "hello.wasm")) {
            assertTrue(names.contains(required), () -> required + " was not built; modules found: " + names);
        }
        return modules.stream()
                .map(module -> DynamicTest.dynamicTest(
                        module.startsWith(examples)
                                ? "examples/" + examples.relativize(module)
                                : module.getFileName().toString(),
                        () -> WatExternalTools.assertRoundTrips(module, scratch)));
    }
}
