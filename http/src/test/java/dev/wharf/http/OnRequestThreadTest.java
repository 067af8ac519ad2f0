package dev.wharf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OnRequestThreadTest {
    private final ScheduledThreadPoolExecutor timer = OnRequestThread.newTimer();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void runsOnTheCallingThread() {
        var runs = new OnRequestThread(Duration.ofSeconds(30), timer);
        var ranOn = new AtomicReference<Thread>();
        runs.execute(() -> ranOn.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), ranOn.get());
        assertEquals(0, runs.running(), "the finished run left the set the timer checks");
    }

    @Test
    void aRunStillGoingAtTheTimeoutIsInterrupted() {
        var runs = new OnRequestThread(Duration.ofMillis(50), timer);
        var interrupted = new AtomicBoolean();
        long start = System.nanoTime();
        runs.execute(() -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(interrupted.get(), "the sleeping run was interrupted");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "well before the sleep's end");
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt ends with the run");
    }

    @Test
    void anInterruptNeverOutlivesItsRun() throws InterruptedException {
        var runs = new OnRequestThread(Duration.ofMillis(30), timer);
        // the run ends before its timeout, and again right at it (the alarm may be firing as it ends)
        runs.execute(() -> {});
        runs.execute(() -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
            while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        });
        // what the thread does next (here: the next request) is not interrupted by either alarm
        Thread.sleep(150);
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
