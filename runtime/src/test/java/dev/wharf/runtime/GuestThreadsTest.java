package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** GuestRunner.runOn: guests on reused threads, with timeouts that stop only the run they belong to. */
class GuestThreadsTest {
    @Test
    void aTimedOutRunDoesNotLeaveItsInterruptForTheNextRunOnTheSameThread() throws Exception {
        var created = new AtomicInteger();
        var pool = Executors.newSingleThreadExecutor(r -> {
            created.incrementAndGet();
            var t = new Thread(null, r, "pooled-guest", Limits.DEFAULT_STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
        try {
            var engine = Engine.uncached(WharfLog.off());
            var looping = engine.load(Fixtures.wasm("app_fail"));
            var counter = engine.load(Fixtures.wasm("app_counter"));
            var runner = new GuestRunner(WharfLog.off()).runOn(pool);
            var limits = Limits.none().withTimeout(Duration.ofMillis(300));

            var timedOut =
                    runner.run(looping, spec(List.of("app_fail", "loop"), limits, OutputStream.nullOutputStream()));
            assertEquals(
                    TrapKind.TIMEOUT,
                    assertInstanceOf(RunOutcome.Trapped.class, timedOut)
                            .report()
                            .kind());

            for (int i = 0; i < 3; i++) {
                var out = new ByteArrayOutputStream();
                var ok = runner.run(
                        counter, spec(List.of("app_counter"), limits.withTimeout(Duration.ofSeconds(30)), out));
                assertEquals(new RunOutcome.Exited(0), ok);
                assertEquals(
                        "Content-Type: text/plain\n\n1\n",
                        out.toString(StandardCharsets.UTF_8),
                        "a fresh instance each run, even on a reused thread");
            }
            assertEquals(1, created.get(), "every run used the one pooled thread");
        } finally {
            pool.shutdownNow();
        }
    }

    private static RunSpec spec(List<String> argv, Limits limits, OutputStream out) {
        return new RunSpec(
                argv,
                List.of(),
                List.of(),
                Optional.empty(),
                limits,
                new ByteArrayInputStream(new byte[0]),
                out,
                OutputStream.nullOutputStream());
    }
}
