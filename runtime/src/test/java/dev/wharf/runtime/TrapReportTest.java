package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrapReportTest {
    static LoadedModule traps;

    @BeforeAll
    static void load() {
        traps = Engine.uncached(WharfLog.off()).load(Fixtures.wasm("traps"));
    }

    private static TrapReport trap(String export, Limits limits) {
        var outcome = Runs.invoke(traps, limits, export).outcome();
        var trapped = assertInstanceOf(RunOutcome.Trapped.class, outcome, export + " should trap");
        assertEquals(134, trapped.exitCode());
        return trapped.report();
    }

    @ParameterizedTest
    @CsvSource({
        "divide_by_zero, DIVIDE_BY_ZERO",
        "integer_overflow, INTEGER_OVERFLOW",
        "invalid_conversion, INVALID_CONVERSION",
        "out_of_bounds_memory, OUT_OF_BOUNDS_MEMORY",
        "out_of_bounds_table, OUT_OF_BOUNDS_TABLE",
        "uninitialized_element, UNINITIALIZED_ELEMENT",
        "indirect_type_mismatch, INDIRECT_CALL_TYPE_MISMATCH",
        "unreachable, UNREACHABLE",
        "stack_exhausted, STACK_EXHAUSTED",
    })
    void eachTrapKindIsNamed(String export, TrapKind kind) {
        var report = trap(export, Limits.none());
        assertEquals(kind, report.kind(), report.render());
        assertTrue(report.render().contains("wasm trap: " + kind.message()), report.render());
    }

    @Test
    void theBacktraceNamesEveryWasmFrameInnermostFirst() {
        var report = trap("divide_by_zero", Limits.none());
        var names = report.frames().stream().map(TrapReport.Frame::name).toList();
        assertEquals(List.of("divide", "compute"), names.subList(0, 2), report.render());
        assertEquals(3, report.frames().size(), report.render());
        assertTrue(report.frames().get(0).codeOffset() > 0, "body offset of $divide is known");
        assertTrue(report.render().contains("traps.wasm!divide (func 1)"), report.render());
    }

    @Test
    void theOutOfBoundsReportCarriesTheAddress() {
        var report = trap("out_of_bounds_memory", Limits.none());
        assertTrue(report.detail().contains("300000"), report.detail());
        assertEquals("load_far", report.frames().get(0).name());
    }

    @Test
    void runawayRecursionFoldsIntoOneRepeatedFrame() {
        var report = trap("stack_exhausted", Limits.none().withMaxWasmStackBytes(1 << 20));
        var top = report.frames().get(0);
        assertEquals("deeper", top.name(), report.render());
        assertTrue(top.repeats() > 100, report.render());
        assertTrue(report.render().contains("repeated"), report.render());
    }

    @Test
    @Timeout(30)
    void anEndlessLoopIsStoppedByTheTimeout() {
        var report = trap("spin", Limits.none().withTimeout(Duration.ofMillis(300)));
        assertEquals(TrapKind.TIMEOUT, report.kind(), report.render());
        assertTrue(report.render().contains("300 ms"), report.render());
    }
}
