package dev.wharf.cli;

import static dev.wharf.cli.ModuleCommandRun.fixture;
import static dev.wharf.cli.ModuleCommandRun.wharf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every command on modules that use SIMD (the fixtures built with -msimd128 and from SIMD WAT): the
 * inspection commands show them, and the commands that would compile them say in one line that they cannot.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimdModulesTest {

    @Test
    void runningOrCompilingASimdModuleIsOneLineNamingTheModuleAndTheRemedy() {
        for (String name : new String[] {"simd_loops.wasm", "simd_intrinsics.wasm"}) {
            String expected = "wharf: error: " + fixture(name)
                    + ": uses SIMD (v128), which this build of Wharf cannot compile yet (rebuild it without -msimd128"
                    + " to run it here)";
            assertEquals(expected, wharf("run", fixture(name).toString()).oneErrorLine());
            assertEquals(expected, wharf(fixture(name).toString()).oneErrorLine(), "the short form");
            assertEquals(
                    expected,
                    wharf("run", "-W", "fuel=1000", fixture(name).toString()).oneErrorLine());
            assertEquals(expected, wharf("compile", fixture(name).toString()).oneErrorLine());
        }
    }

    @Test
    void validateAcceptsSimdAndRefusesInvalidSimdAtItsOffset() {
        var valid = wharf("validate", fixture("simd_arith.wasm").toString());
        assertEquals(0, valid.exit(), valid.err());
        assertEquals(fixture("simd_arith.wasm") + ": valid\n", valid.out());
        String line = wharf("validate", fixture("refused/simd_bad_lane.wasm").toString())
                .oneErrorLine();
        assertTrue(
                Pattern.matches(
                        "wharf: error: .*simd_bad_lane\\.wasm: invalid module at byte offset 0x[0-9a-f]+: function 0"
                                + " \\(`fifth_lane`\\): invalid lane index 4 for i32x4\\.extract_lane: lanes are 0 to 3",
                        line),
                line);
        String relaxed = wharf("validate", fixture("refused/simd_relaxed.wasm").toString())
                .oneErrorLine();
        assertTrue(relaxed.contains("relaxed SIMD instruction f32x4.relaxed_madd (0xfd 0x105) is not supported"));
    }

    @Test
    void inspectSaysTheModuleUsesSimd() throws Exception {
        var text = wharf("inspect", fixture("simd_loops.wasm").toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(
                Pattern.compile("(?m)^features +.*\\bsimd\\b")
                        .matcher(text.out())
                        .find(),
                text.out());
        var json = new ObjectMapper()
                .readTree(wharf("inspect", "--json", fixture("simd_values.wasm").toString())
                        .out());
        // typed select is the reference types proposal's
        assertEquals("[\"reference-types\",\"simd\"]", json.get("features").toString());
        var plain = wharf("inspect", "--json", fixture("inspect_reactor.wasm").toString());
        assertEquals(0, new ObjectMapper().readTree(plain.out()).get("features").size());
    }

    @Test
    void dumpAndPrintShowSimdInstructions() {
        var dump = wharf("dump", "--code", fixture("simd_memory.wasm").toString());
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(dump.out().contains("|   v128.load16_lane offset=2 align=2 7\n"), dump.out());
        assertTrue(dump.out().contains("|   v128.load32_zero offset=0 align=4\n"), dump.out());
        var print = wharf("print", fixture("simd_lanes.wasm").toString());
        assertEquals(0, print.exit(), print.err());
        assertTrue(print.out().contains("    i8x16.swizzle)\n"), print.out());
    }
}
