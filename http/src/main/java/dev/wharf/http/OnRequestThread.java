package dev.wharf.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the app host's guests run: on the thread already handling the request (GuestRunner.runOn(this)), not on a
 * guest thread the request thread hands the run to and then waits for. That hand-off, a thread wake-up each way,
 * cost more than instantiating the guest (bench/http).
 *
 * <p>GuestRunner's own timeout waits for a run that, run inline, has already ended; so the timeout is enforced
 * here: every {@value #CHECK_EVERY_MS} ms the server's timer thread interrupts the request threads whose runs are
 * past their timeout, and the guest's interruption poll (or a host call's wait) turns that into a timeout trap. A
 * run only joins and leaves a set: scheduling and cancelling a timer task per run cost about 2% of a request (JFR).
 * An interrupt never outlives the run it was meant for: a run that ends disarms its alarm under the alarm's lock and
 * clears the flag.
 */
final class OnRequestThread implements Executor {
    /** How late past its timeout a run may be interrupted. */
    static final long CHECK_EVERY_MS = 5;

    private final long timeoutNanos;
    private final Set<Alarm> running = ConcurrentHashMap.newKeySet();

    /** @param timer the server's timer thread, which the caller shuts down */
    OnRequestThread(Duration timeout, ScheduledExecutorService timer) {
        this.timeoutNanos = timeout.toNanos();
        timer.scheduleWithFixedDelay(this::interruptOverdue, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** One daemon thread for alarms and other small timed jobs of a server. */
    static ScheduledThreadPoolExecutor newTimer() {
        return new ScheduledThreadPoolExecutor(1, r -> {
            var t = new Thread(r, "wharf-timer");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable run) {
        var alarm = new Alarm(Thread.currentThread(), System.nanoTime() + timeoutNanos);
        running.add(alarm);
        try {
            run.run();
        } finally {
            running.remove(alarm);
            alarm.disarm();
        }
    }

    /** Runs going on right now (the test checks that finished ones leave). */
    int running() {
        return running.size();
    }

    private void interruptOverdue() {
        long now = System.nanoTime();
        for (Alarm a : running) {
            if (now - a.deadline >= 0) {
                a.ring();
            }
        }
    }

    private static final class Alarm {
        private final Thread runner;
        private final long deadline;
        private boolean disarmed;

        Alarm(Thread runner, long deadline) {
            this.runner = runner;
            this.deadline = deadline;
        }

        synchronized void ring() {
            if (!disarmed) {
                runner.interrupt();
            }
        }

        /** Called on the runner's thread when its run has ended: no interrupt reaches it after this. */
        synchronized void disarm() {
            disarmed = true;
            Thread.interrupted();
        }
    }
}
