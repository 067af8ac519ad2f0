package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Wharf's linear memory must be indistinguishable from Chicory's own: each export of
 * fixtures/wat/memory_semantics.wat runs on a fresh instance of both, and results and traps must agree.
 */
class FlatMemoryTest {
    static LoadedModule module;

    @BeforeAll
    static void load() {
        module = Engine.uncached(WharfLog.off()).load(Fixtures.wasm("memory_semantics"));
    }

    /** Chicory's default memory (ByteBufferMemory), compiled the same way: the reference. */
    private static String onChicorysMemory(String export, long... args) {
        var instance = Instance.builder(module.wasm())
                .withMachineFactory(MachineFactoryCompiler.compile(module.wasm()))
                .build();
        try {
            long[] r = instance.export(export).apply(args);
            return r == null || r.length == 0
                    ? ""
                    : Long.toString(
                            instance.exportType(export)
                                            .returns()
                                            .get(0)
                                            .equals(com.dylibso.chicory.wasm.types.ValType.I32)
                                    ? (int) r[0]
                                    : r[0]);
        } catch (ChicoryException e) {
            return "trap: " + TrapKind.classify(e.getMessage());
        }
    }

    private static String onWharf(String export, long... args) {
        var argText =
                Arrays.stream(args).mapToObj(a -> Integer.toString((int) a)).toArray(String[]::new);
        var outcome = Runs.invoke(module, Limits.none(), export, argText).outcome();
        if (outcome instanceof RunOutcome.Trapped t) {
            return "trap: " + t.report().kind();
        }
        var results = assertInstanceOf(RunOutcome.Returned.class, outcome).results();
        return results.isEmpty() ? "" : results.get(0);
    }

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource(
            delimiter = ';',
            value = {
                "store_load_widths; ",
                "sign_extending_loads; ",
                "active_data; ",
                "last_word; 65532",
                "last_word; 65533",
                "last_word; -1",
                "last_byte; 65535",
                "last_byte; 65536",
                "load_with_offset; 0",
                "load_with_offset; 1",
                "grow_keeps_contents; ",
                "grow_past_max; ",
                "grow_negative; ",
                "fill; 500 10",
                "fill; 65536 0",
                "fill; 65535 2",
                "fill; 65530 -1",
                "copy; 1000 600 8",
                "copy; 65536 0 0",
                "copy; 65530 600 8",
                "copy; 600 65530 8",
                "init; 700 0 13",
                "init; 700 13 0",
                "init; 700 10 4",
                "init; 65535 0 2",
                "drop_then_init; 0",
                "drop_then_init; 1",
                "init_active_after_start; 0",
            })
    void behavesExactlyLikeChicorysOwnMemory(String export, String args) {
        long[] values = args == null || args.isBlank()
                ? new long[0]
                : Arrays.stream(args.trim().split(" "))
                        .mapToLong(Long::parseLong)
                        .toArray();
        assertEquals(onChicorysMemory(export, values), onWharf(export, values));
    }

    @org.junit.jupiter.api.Test
    void zeroSkipsOnlyTheFillOfAnArrayNothingHasTouched() {
        var memory = new FlatMemory(new com.dylibso.chicory.wasm.types.MemoryLimits(1, 2));
        memory.zero(); // what Chicory does right after creating it: nothing to clear
        memory.initialize(null, null);
        memory.writeI32(100, 42);
        memory.zero();
        assertEquals(0, memory.readInt(100));
        memory.writeI32(100, 7);
        memory.grow(1);
        assertEquals(7, memory.readInt(100), "growth keeps contents");
        memory.zero();
        assertEquals(0, memory.readInt(100));
    }

    @org.junit.jupiter.api.Test
    void aReleasedMemoryIsEmptyAndTheNextOneOnItsThreadStartsAllZero() {
        var limits = new com.dylibso.chicory.wasm.types.MemoryLimits(2, 4);
        var first = new FlatMemory(limits);
        first.writeI32(1000, 42);
        first.writeLong(2 * 65536 - 8, -1L);
        first.release();
        assertEquals(0, first.pages());
        org.junit.jupiter.api.Assertions.assertThrows(
                ChicoryException.class,
                () -> first.readInt(1000),
                "a released memory traps instead of reaching the array it gave back");
        var second = new FlatMemory(limits);
        second.zero(); // what Chicory does right after creating it
        assertEquals(2, second.pages());
        byte[] seen = second.readBytes(0, 2 * 65536);
        for (int i = 0; i < seen.length; i++) {
            assertEquals(0, seen[i], "byte " + i + " of the next memory");
        }
    }

    @org.junit.jupiter.api.Test
    void activeSegmentsAreDroppedOnceCopiedAsTheSpecSays() {
        // Chicory's own memory keeps them (memory.init from one succeeds); wasmtime and the spec trap
        assertEquals("1", onWharf("init_active_after_start", 0));
        assertEquals("trap: OUT_OF_BOUNDS_MEMORY", onWharf("init_active_after_start", 1));
        assertEquals(
                "1",
                onChicorysMemory("init_active_after_start", 1),
                "if Chicory fixes this, fold the case above back into the comparison");
    }

    @ParameterizedTest
    @CsvSource({"drop_then_init"})
    void aDataDropInOneInstanceDoesNotReachTheNext(String export) {
        assertEquals("1", onWharf(export, 0));
        assertEquals("trap: OUT_OF_BOUNDS_MEMORY", onWharf(export, 1));
        // a fresh instance still has the passive segment: init before any drop works
        assertEquals(
                List.of("112"),
                ((RunOutcome.Returned) Runs.invoke(module, Limits.none(), "init", "700", "0", "13")
                                .outcome())
                        .results());
    }
}
