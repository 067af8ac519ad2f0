package dev.wharf.fuel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.Section;
import dev.wharf.fuel.BodyRewriter.CounterHome;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FuelMeterTest {

    private static MeteredModule meter(String fixture, CounterHome home) throws Exception {
        return FuelMeter.instrument(Wasm.fixture(fixture), FuelCosts.defaults(), home);
    }

    private record Run(Instance instance, FuelTank tank) {
        long call(String export, long... args) {
            return instance.export(export).apply(args)[0];
        }

        long rawCounter() {
            return instance.exports().global(FuelMeter.FUEL_EXPORT).getValue();
        }
    }

    private static Run start(MeteredModule metered, long fuel) {
        var instance = Wasm.compiled(metered.bytes());
        var tank = FuelTank.of(instance, metered);
        tank.fill(fuel);
        metered.runStart(instance);
        return new Run(instance, tank);
    }

    @ParameterizedTest
    @EnumSource(CounterHome.class)
    void anInfiniteLoopIsStoppedByFuelAtTheSamePointEveryTime(CounterHome home) throws Exception {
        var metered = meter("fuel_loop", home);
        for (int attempt = 0; attempt < 2; attempt++) {
            var run = start(metered, 1_000_000);
            var trap = assertThrows(
                    TrapException.class, () -> run.instance().export("spin").apply());
            assertTrue(run.tank().exhausted());
            assertEquals(0, run.tank().remaining());
            assertEquals(1_000_000, run.tank().consumed());
            // the loop body is one run holding `br` (1 unit): a million iterations, then the charge that fails
            assertEquals(-1, run.rawCounter());
            var classified =
                    assertInstanceOf(OutOfFuelException.class, run.tank().classify(trap));
            assertSame(trap, classified.getCause());
            assertEquals(1_000_000, classified.consumed());
        }
    }

    @ParameterizedTest
    @EnumSource(CounterHome.class)
    void aCountedLoopConsumesExactlyWhatItsInstructionsCost(CounterHome home) throws Exception {
        var metered = meter("fuel_loop", home);
        for (int n : new int[] {0, 1, 10, 1000}) {
            var run = start(metered, 1_000_000);
            assertEquals((long) n * (n - 1) / 2, run.call("sum_below", n));
            // sum_below, by hand (block, loop, end cost nothing):
            //   loop header: local.get i, local.get n, i32.ge_u, br_if            = 4, runs n + 1 times
            //   body:        local.get sum, local.get i, i32.add, local.set sum,
            //                local.get i, i32.const 1, i32.add, local.set i, br     = 9, runs n times
            //   after block: local.get sum                                        = 1, once
            assertEquals(4L * (n + 1) + 9L * n + 1, run.tank().consumed(), "n = " + n);
        }
    }

    @ParameterizedTest
    @EnumSource(CounterHome.class)
    void fuelFollowsCallsAndMatchesTheInterpretersInstructionTrace(CounterHome home) throws Exception {
        var costs = new FuelCosts(1, 7, 50, 3);
        var metered = FuelMeter.instrument(Wasm.fixture("fuel_loop"), costs, home);
        long[] executed = {0};
        var oracle = Wasm.interpreted(
                Wasm.fixture("fuel_loop"),
                (instruction, stack) -> executed[0] += Wasm.costOf(costs, instruction.opcode()));
        assertEquals(610, oracle.export("fib").apply(15)[0]);
        assertTrue(executed[0] > 10_000);

        for (int attempt = 0; attempt < 2; attempt++) {
            var run = start(metered, 10_000_000);
            assertEquals(610, run.call("fib", 15));
            assertEquals(executed[0], run.tank().consumed());
        }
    }

    @Test
    void anEmptyTankCanBeRefilledAndTheGuestGoesOn() throws Exception {
        var metered = meter("fuel_loop", CounterHome.LOCAL);
        var run = start(metered, 100);
        var trap = assertThrows(TrapException.class, () -> run.call("fib", 20));
        assertTrue(run.tank().exhausted());
        assertInstanceOf(OutOfFuelException.class, run.tank().classify(trap));

        run.tank().fill(10_000_000);
        assertFalse(run.tank().exhausted());
        assertEquals(6765, run.call("fib", 20));
        long fib20 = fuelFor(metered, "fib", 20);
        assertEquals(100 + fib20, run.tank().consumed());
        assertEquals(10_000_000 - fib20, run.tank().remaining());
    }

    private static long fuelFor(MeteredModule metered, String export, long arg) {
        var run = start(metered, Long.MAX_VALUE / 2);
        run.call(export, arg);
        return run.tank().consumed();
    }

    @Test
    void aTankNeverFilledStopsTheGuestAtItsFirstStep() throws Exception {
        var metered = meter("fuel_loop", CounterHome.LOCAL);
        var instance = Wasm.compiled(metered.bytes());
        var tank = FuelTank.of(instance, metered);
        assertThrows(TrapException.class, () -> instance.export("sum_below").apply(3));
        assertTrue(tank.exhausted());
        assertEquals(0, tank.consumed());
    }

    @Test
    void aRealTrapIsNotMistakenForAnEmptyTank() throws Exception {
        byte[] wasm = Wasm.wat2wasm("""
                (module
                  (func (export "boom") (param i32) (result i32)
                    (if (local.get 0) (then unreachable))
                    (i32.div_u (i32.const 1) (local.get 0))))""");
        var metered = FuelMeter.instrument(wasm, FuelCosts.defaults());
        var run = start(metered, 1000);
        var unreachable = assertThrows(TrapException.class, () -> run.call("boom", 1));
        assertFalse(run.tank().exhausted());
        assertSame(unreachable, run.tank().classify(unreachable));
        // local.get, if = 2 units, then unreachable (free): the counter was published before the trap
        assertEquals(2, run.tank().consumed());

        var divide = assertThrows(ChicoryException.class, () -> run.call("boom", 0));
        assertFalse(run.tank().exhausted());
        assertSame(divide, run.tank().classify(divide));
    }

    @Test
    void theStartFunctionWaitsUntilTheTankIsFilled() throws Exception {
        byte[] original = Wasm.fixture("fuel_start");
        var metered = FuelMeter.instrument(original, FuelCosts.defaults());
        assertEquals(Optional.of(FuelMeter.START_EXPORT), metered.startExport());
        assertTrue(
                ModuleSource.frame(null, metered.bytes()).section(Section.START).isEmpty());

        var unmetered = com.dylibso.chicory.runtime.Instance.builder(com.dylibso.chicory.wasm.Parser.parse(original))
                .build();
        assertEquals('w', unmetered.export("runs").apply()[0]);

        var instance = Wasm.compiled(metered.bytes()); // instantiation must not trap on the empty tank
        var tank = FuelTank.of(instance, metered);
        assertThrows(TrapException.class, () -> metered.runStart(instance));
        assertTrue(tank.exhausted());

        var run = start(metered, 1000);
        assertEquals('w', run.call("runs"));
        // init: i32.const, i32.load8_u, global.get, i32.add, global.set, then `runs`: global.get
        assertEquals(6, run.tank().consumed());
    }

    @ParameterizedTest
    @EnumSource(CounterHome.class)
    void tailCallsPayAndPublishTheCounterBeforeLeaving(CounterHome home) throws Exception {
        byte[] wasm = Wasm.wat2wasm("""
                (module
                  (func $count (export "count") (param $n i32) (result i32)
                    (if (result i32) (i32.eqz (local.get $n))
                      (then (i32.const 42))
                      (else (return_call $count (i32.sub (local.get $n) (i32.const 1)))))))""", "--enable-tail-call");
        var metered = FuelMeter.instrument(wasm, FuelCosts.defaults(), home);
        Wasm.assertValidLikeOriginal(wasm, metered.bytes(), "a tail-calling module");
        int n = 1000; // Chicory's compiler grows the JVM stack on tail calls: keep the chain short
        var run = start(metered, 10_000_000);
        assertEquals(42, run.call("count", n));
        // per call: local.get, i32.eqz, if = 3; else arm: local.get, i32.const, i32.sub, return_call = 4;
        // the last call's then arm: i32.const = 1
        assertEquals(3L * (n + 1) + 4L * n + 1, run.tank().consumed());

        var starved = start(metered, 3L * 50 + 4L * 50 + 2);
        assertThrows(TrapException.class, () -> starved.call("count", n));
        assertTrue(starved.tank().exhausted());
    }

    /**
     * Exceptions (try_table, throw): wabt 1.0.32 cannot write them, so the module is assembled here, byte
     * by byte. The functions involved keep the counter in the global, so a catch never sees a stale local.
     */
    @ParameterizedTest
    @EnumSource(CounterHome.class)
    void exceptionsCaughtInTheSameModuleKeepTheCountRight(CounterHome home) {
        var types = new WasmOutput(16)
                .u32(2)
                .u8(0x60)
                .u32(1)
                .u8(0x7f)
                .u32(0) // 0: (param i32), the tag's type
                .u8(0x60)
                .u32(1)
                .u8(0x7f)
                .u32(1)
                .u8(0x7f); // 1: (param i32) (result i32)
        var functions = new WasmOutput(4).u32(2).u32(1).u32(1);
        var tags = new WasmOutput(4).u32(1).u8(0x00).u32(0);
        var exports = new WasmOutput(16).u32(1).name("catching").u8(0x00).u32(1);
        // thrower(x): if x then throw $e(x) end; 7
        byte[] thrower = {0x00, 0x20, 0x00, 0x04, 0x40, 0x20, 0x00, 0x08, 0x00, 0x0b, 0x41, 0x07, 0x0b};
        // catching(x): block $h (result i32) try_table (result i32) (catch $e $h) thrower(x) end i32.const 100 i32.add
        // end
        byte[] catching = {
            0x00,
            0x02,
            0x7f,
            0x1f,
            0x7f,
            0x01,
            0x00,
            0x00,
            0x00,
            0x20,
            0x00,
            0x10,
            0x00,
            0x0b,
            0x41,
            (byte) 0xe4,
            0x00,
            0x6a,
            0x0b,
            0x0b
        };
        var code = new WasmOutput(64)
                .u32(2)
                .u32(thrower.length)
                .bytes(thrower)
                .u32(catching.length)
                .bytes(catching);
        byte[] wasm = new WasmOutput(128)
                .bytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00})
                .section(1, types)
                .section(3, functions)
                .section(13, tags)
                .section(7, exports)
                .section(10, code)
                .toByteArray();

        var metered = FuelMeter.instrument(wasm, FuelCosts.defaults(), home);
        var run = start(metered, 1000);
        assertEquals(107, run.call("catching", 0));
        // catching: local.get, call (block, try_table, end free), i32.const, i32.add = 4;
        // thrower(0): local.get, if = 2, then i32.const = 1
        assertEquals(7, run.tank().consumed());
        assertEquals(5, run.call("catching", 5));
        // the throw skips catching's i32.const and i32.add, already paid for with the call's run: 4 + 2 + 2
        assertEquals(7 + 8, run.tank().consumed());
    }

    @Test
    void aModuleWithoutStartHasNoStartExport() throws Exception {
        assertEquals(Optional.empty(), meter("fuel_loop", CounterHome.LOCAL).startExport());
    }

    @Test
    void aMeteredModuleIsNotMeteredTwice() throws Exception {
        var once = FuelMeter.instrument(Wasm.fixture("fuel_loop"), FuelCosts.defaults());
        var e = assertThrows(
                IllegalArgumentException.class, () -> FuelMeter.instrument(once.bytes(), FuelCosts.defaults()));
        assertTrue(e.getMessage().contains("metered already"), e.getMessage());
    }

    @Test
    void costsThatCouldLetALoopRunForFreeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FuelCosts(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new FuelCosts(1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new FuelCosts(1, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new FuelCosts(1, 1, 1, FuelCosts.MAX_COST + 1));
        assertEquals(new FuelCosts(1, 1, 0, 0), new FuelCosts(1, 1, 0, 0));
    }

    @Test
    void aNegativeFillIsRefused() throws Exception {
        var run = start(meter("fuel_loop", CounterHome.LOCAL), 5);
        assertThrows(IllegalArgumentException.class, () -> run.tank().fill(-1));
        assertEquals(5, run.tank().remaining());
    }

    @Test
    void brokenModulesAreRefusedBeforeAnyRewriting() throws Exception {
        byte[] good = Wasm.fixture("fuel_loop");
        assertThrows(
                ChicoryException.class,
                () -> FuelMeter.instrument(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 10, 100}, FuelCosts.defaults()));
        assertThrows(
                ChicoryException.class,
                () -> FuelMeter.instrument(Arrays.copyOf(good, good.length - 3), FuelCosts.defaults()));
        assertThrows(
                ChicoryException.class,
                () -> FuelMeter.instrument("(module)".getBytes(StandardCharsets.UTF_8), FuelCosts.defaults()));
    }

    @Test
    void anEmptyModuleGetsATankAndNothingElse() throws Exception {
        var metered = FuelMeter.instrument(Wasm.wat2wasm("(module)"), FuelCosts.defaults());
        Wasm.assertValid(metered.bytes(), "an empty module, metered");
        var run = start(metered, 42);
        assertEquals(42, run.tank().remaining());
    }

    @Test
    void aModuleWithoutGlobalsOrExportsGetsBothSections() throws Exception {
        byte[] wasm = Wasm.wat2wasm("(module (func (result i32) (i32.const 7)) (start 1) (func))");
        var metered = FuelMeter.instrument(wasm, FuelCosts.defaults());
        Wasm.assertValid(metered.bytes(), "a module that had no global and no export section");
        var run = start(metered, 10);
        assertEquals(0, run.tank().consumed()); // the start function is empty
        assertArrayEquals(new long[] {7}, run.instance().getMachine().call(0, new long[0]));
        assertEquals(1, run.tank().consumed());
    }
}
