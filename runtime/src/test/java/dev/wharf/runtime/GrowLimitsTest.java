package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** -W max-memory-size with a real allocator, -W trap-on-grow-failure, -W max-table-elements. */
class GrowLimitsTest {
    static final Engine ENGINE = Engine.uncached(WharfLog.off());
    static final Limits FOUR_MIB = Limits.none().withMaxMemoryBytes(4L << 20);

    private static Runs bomb(Limits limits) {
        return Runs.run(
                ENGINE.load(Fixtures.wasm("memory_bomb")),
                List.of("memory_bomb"),
                List.of(),
                List.of(),
                Optional.empty(),
                limits);
    }

    @Test
    @Timeout(60)
    void aMallocLoopUnderTheCapGetsNullAndFinishes() {
        var run = bomb(FOUR_MIB);
        assertEquals(new RunOutcome.Exited(0), run.outcome(), run.stderr());
        // 4 MiB of memory, minus the program's own data and stack, holds 3 whole 1 MiB blocks
        assertEquals("allocated 3 MiB before malloc returned NULL\n", run.stdout());
        var more = bomb(Limits.none().withMaxMemoryBytes(16L << 20));
        assertEquals("allocated 15 MiB before malloc returned NULL\n", more.stdout());
    }

    @Test
    @Timeout(60)
    void withTrapOnGrowFailureTheFailedGrowTrapsWhereTheGuestAskedForMemory() {
        var run = bomb(FOUR_MIB.withTrapOnGrowFailure(true));
        var trapped = assertInstanceOf(RunOutcome.Trapped.class, run.outcome());
        var report = trapped.report();
        assertEquals(TrapKind.MEMORY_GROW_FAILED, report.kind());
        assertEquals(134, trapped.exitCode());
        assertEquals("", run.stdout(), "the guest never got its NULL");
        assertTrue(report.detail().endsWith("above -W max-memory-size=4194304"), report.detail());
        var names = report.frames().stream().map(TrapReport.Frame::name).toList();
        assertEquals("sbrk", names.get(0), report.render());
        assertTrue(names.containsAll(List.of("malloc", "grab_block")), report.render());
        assertTrue(
                report.render().contains("wasm trap: memory.grow failed with trap-on-grow-failure set"),
                report.render());
    }

    @Test
    void theModulesOwnMaximumAlsoTrapsWhenAsked() {
        // traps.wasm declares (memory 1 4): growing by 5 fails even without a cap
        var traps = ENGINE.load(Fixtures.wasm("traps"));
        assertEquals(
                new RunOutcome.Returned(List.of("-1")),
                Runs.invoke(traps, Limits.none(), "grow", "5").outcome());
        var trapped = assertInstanceOf(
                RunOutcome.Trapped.class,
                Runs.invoke(traps, Limits.none().withTrapOnGrowFailure(true), "grow", "5")
                        .outcome());
        assertEquals(
                "growing memory from 1 to 6 pages needs 393216 bytes, above the memory's maximum of 4 pages",
                trapped.report().detail());
        assertEquals(
                new RunOutcome.Returned(List.of("1")),
                Runs.invoke(traps, Limits.none().withTrapOnGrowFailure(true), "grow", "3")
                        .outcome(),
                "a grow that succeeds is untouched");
    }

    @Test
    void tableGrowthStopsAtTheCapOrTraps() {
        var table = ENGINE.load(Fixtures.wasm("table_grow"));
        var capped = Limits.none().withMaxTableElements(10);
        assertEquals(
                new RunOutcome.Returned(List.of("2")),
                Runs.invoke(table, capped, "grow", "8").outcome(),
                "2 -> 10 elements is exactly the cap");
        assertEquals(
                new RunOutcome.Returned(List.of("-1")),
                Runs.invoke(table, capped, "grow", "9").outcome());
        assertEquals(
                new RunOutcome.Returned(List.of("2")),
                Runs.invoke(table, Limits.none(), "grow", "1000").outcome(),
                "no cap: the table may grow");

        var trapped = assertInstanceOf(
                RunOutcome.Trapped.class,
                Runs.invoke(table, capped.withTrapOnGrowFailure(true), "grow", "9")
                        .outcome());
        assertEquals(TrapKind.TABLE_GROW_FAILED, trapped.report().kind());
        assertEquals(
                "growing a table from 2 to 11 elements, above -W max-table-elements=10",
                trapped.report().detail());
        assertEquals(
                List.of("grow_by", "grow"),
                trapped.report().frames().stream().map(TrapReport.Frame::name).toList());
    }

    @Test
    void oneInstancesTableGrowthDoesNotLeakIntoTheNext() {
        var table = ENGINE.load(Fixtures.wasm("table_grow"));
        assertEquals(
                new RunOutcome.Returned(List.of("2")),
                Runs.invoke(table, Limits.none(), "grow", "500").outcome());
        assertEquals(
                new RunOutcome.Returned(List.of("2")),
                Runs.invoke(table, Limits.none(), "size").outcome(),
                "a fresh instance starts with the declared 2 elements");
    }

    @Test
    void aModuleWhoseTableStartsAboveTheCapIsRefused() {
        var big = ENGINE.load(Fixtures.wasm("table_big"));
        var e = assertThrows(
                RunException.class, () -> Runs.invoke(big, Limits.none().withMaxTableElements(999), "nothing"));
        assertTrue(
                e.getMessage()
                        .endsWith("table_big.wasm: table 0 needs 1000 elements at start, above "
                                + "-W max-table-elements=999 (raise the cap to at least 1000)"),
                e.getMessage());
        assertEquals(
                new RunOutcome.Returned(List.of()),
                Runs.invoke(big, Limits.none().withMaxTableElements(1000), "nothing")
                        .outcome());
    }
}
