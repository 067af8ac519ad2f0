package dev.wharf.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.InstructionReader;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.Section;
import dev.wharf.fuel.BodyRewriter.CounterHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIMD code metered like the rest. Chicory cannot run v128 yet, so the metered modules run under wabt's own
 * interpreter (wasm-interp, which has SIMD): the fuel a run consumes, counted by hand, is exactly the budget
 * that lets it finish, and one unit less stops it.
 */
class SimdMeteringTest {

    /** v128 parameters, a v128 local in both functions, a call in a loop. */
    static final String LOOP = """
            (module
              (func $mix (param $a v128) (param $b v128) (result v128)
                (local $t v128)
                local.get $a local.get $b i32x4.add local.tee $t
                local.get $t i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23)
              (func (export "run") (result i32)
                (local $i i32) (local $v v128)
                v128.const i32x4 1 2 3 4
                local.set $v
                loop $again
                  local.get $v v128.const i32x4 5 6 7 8 call $mix local.set $v
                  local.get $i i32.const 1 i32.add local.tee $i
                  i32.const 10 i32.lt_u br_if $again
                end
                local.get $v i32x4.extract_lane 3))
            """;

    /**
     * By hand, with every instruction costing 1 but loop, end and the function ends, which are free:
     * before the loop, v128.const and local.set = 2; each of the 10 iterations runs 11 instructions of `run`
     * (local.get, v128.const, call, local.set, local.get, i32.const, i32.add, local.tee, i32.const, i32.lt_u,
     * br_if) and 6 of `$mix` (local.get, local.get, i32x4.add, local.tee, local.get, i8x16.shuffle) = 170;
     * after it, local.get and i32x4.extract_lane = 2.
     */
    static final long LOOP_FUEL = 2 + 10 * (11 + 6) + 2;

    @ParameterizedTest
    @EnumSource(CounterHome.class)
    void aSimdLoopConsumesExactlyWhatItsInstructionsCost(CounterHome home) throws Exception {
        byte[] original = Wasm.wat2wasm(LOOP);
        var metered = FuelMeter.instrument(original, FuelCosts.defaults(), home);
        Wasm.assertValidLikeOriginal(original, metered.bytes(), "the SIMD loop");
        String result = interpret(original);
        assertEquals("run() => i32:52", result);
        assertEquals(result, interpret(withFuel(metered.bytes(), LOOP_FUEL)), "enough fuel: the same result");
        assertEquals(
                "run() => error: unreachable executed",
                interpret(withFuel(metered.bytes(), LOOP_FUEL - 1)),
                "one unit less: stopped");
    }

    @Test
    void theCounterIsAnI64LocalAfterTheV128Ones() throws Exception {
        var metered = FuelMeter.instrument(Wasm.wat2wasm(LOOP), FuelCosts.defaults());
        var source = ModuleSource.frame(null, metered.bytes());
        var code = source.section(Section.CODE).orElseThrow();
        var in = new ByteReader(source.bytes(), code.payloadOffset(), code.end());
        assertEquals(2, in.u32());
        in.u32(); // $mix's size
        // $mix: (local $t v128), then the counter: two groups, the last one i64
        assertEquals(2, in.u32());
        assertEquals(1, in.u32());
        assertEquals(0x7b, InstructionReader.readValueType(in));
        assertEquals(1, in.u32());
        assertEquals(0x7e, InstructionReader.readValueType(in));
        // its first instructions copy the global into local 3 (2 params + $t)
        var body = new InstructionReader(in);
        body.next(); // the out-of-fuel block
        body.next();
        assertEquals(0, body.index(), "global.get of the counter");
        body.next(); // i64.const: the entry run's charge
        body.next(); // i64.sub
        assertEquals("local.tee", body.next().mnemonic());
        assertEquals(3, body.index());
    }

    /** Every SIMD fixture that needs no imports: its exports without parameters give the same results metered. */
    @Test
    void simdFixturesGiveTheSameResultsMetered() throws Exception {
        int compared = 0;
        for (String name : List.of("simd_lanes", "simd_memory", "simd_compare", "simd_arith", "simd_values")) {
            byte[] original = Wasm.fixture(name);
            var metered = FuelMeter.instrument(original, FuelCosts.defaults());
            String expected = interpret(original);
            assertEquals(expected, interpret(withFuel(metered.bytes(), 1_000_000)), name);
            compared += expected.lines().count();
        }
        assertTrue(compared >= 1, "at least simd_lanes' constants() ran");
    }

    /** wasm-interp runs every export that takes no parameters and prints one line per result. */
    private static String interpret(byte[] wasm) throws Exception {
        Path file = Files.createTempFile("wharf-simd", ".wasm");
        try {
            Files.write(file, wasm);
            var result = Wasm.run(List.of("wasm-interp", file.toString(), "--run-all-exports"));
            assertEquals(0, result.exit(), result.output());
            return result.output().strip();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The metered module with its fuel global starting at {@code fuel} instead of 0: wasm-interp cannot set a
     * global from outside, so the tank is filled in the initializer FuelMeter appended last.
     */
    static byte[] withFuel(byte[] metered, long fuel) {
        var source = ModuleSource.frame(null, metered);
        Section globals = source.section(Section.GLOBAL).orElseThrow();
        int init = globals.end() - 3;
        assertArrayEquals(new byte[] {0x42, 0x00, 0x0b}, Arrays.copyOfRange(metered, init, init + 3));
        var payload = new WasmOutput(globals.payloadSize() + 16)
                .bytes(metered, globals.payloadOffset(), init)
                .u8(0x42)
                .s64(fuel)
                .u8(0x0b);
        return new WasmOutput(metered.length + 16)
                .bytes(metered, 0, globals.headerOffset())
                .section(Section.GLOBAL, payload)
                .bytes(metered, globals.end(), metered.length)
                .toByteArray();
    }
}
