package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.ModuleSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FuelRunTest {
    static final Engine ENGINE = Engine.uncached(WharfLog.off());

    private record Metered(RunOutcome outcome, String stdout, long consumed) {}

    private static Metered run(String fixture, long fuel, List<String> argv, Optional<RunSpec.Invocation> invocation) {
        var module = ENGINE.load(
                ModuleSource.read(Fixtures.wasm(fixture)),
                LoadOptions.defaults().withMetered(true));
        var out = new ByteArrayOutputStream();
        var consumed = new AtomicLong(-1);
        var spec = new RunSpec(
                argv,
                List.of(),
                List.of(),
                invocation,
                Limits.none().withFuel(fuel),
                new ByteArrayInputStream(new byte[0]),
                out,
                new ByteArrayOutputStream());
        var outcome =
                new GuestRunner(WharfLog.off()).onFuelConsumed(consumed::set).run(module, spec);
        return new Metered(outcome, out.toString(), consumed.get());
    }

    @Test
    @Timeout(30)
    void anEndlessLoopRunsOutOfFuel() {
        var r = run("traps", 50_000, List.of("traps"), Optional.of(new RunSpec.Invocation("spin", List.of())));
        var trapped = assertInstanceOf(RunOutcome.Trapped.class, r.outcome());
        assertEquals(
                TrapKind.OUT_OF_FUEL, trapped.report().kind(), trapped.report().render());
        assertEquals(134, trapped.exitCode());
        assertEquals(50_000, r.consumed());
        assertEquals("spin", trapped.report().frames().get(0).name(), "an unnamed export is shown by its export name");
    }

    @Test
    void meteringChangesNothingAGuestCanSeeAndCountsTheSameEveryRun() {
        var plain = Runs.command(ENGINE.load(Fixtures.wasm("hello_rust")), "r", "a");
        var first = run("hello_rust", 100_000_000, List.of("r", "a"), Optional.empty());
        var second = run("hello_rust", 100_000_000, List.of("r", "a"), Optional.empty());
        assertEquals(plain.outcome(), first.outcome());
        assertEquals(plain.stdout(), first.stdout());
        assertTrue(first.consumed() > 1000, "a Rust start-up runs thousands of instructions: " + first.consumed());
        assertEquals(first.consumed(), second.consumed(), "fuel is deterministic");
    }

    @Test
    void aBudgetJustBelowWhatARunNeedsStopsItAndExactlyEnoughLetsItFinish() {
        long needed =
                run("hello", 100_000_000, List.of("hello"), Optional.empty()).consumed();
        var exact = run("hello", needed, List.of("hello"), Optional.empty());
        assertEquals(new RunOutcome.Exited(0), exact.outcome());
        var short1 = run("hello", needed - 1, List.of("hello"), Optional.empty());
        var trapped = assertInstanceOf(RunOutcome.Trapped.class, short1.outcome());
        assertEquals(TrapKind.OUT_OF_FUEL, trapped.report().kind());
    }

    @Test
    void invokeUnderFuelReturnsTheSameResults() {
        var r = run(
                "reactor_calc",
                1_000_000,
                List.of("calc"),
                Optional.of(new RunSpec.Invocation("offset", List.of("5"))));
        assertEquals(new RunOutcome.Returned(List.of("1005")), r.outcome());
    }
}
