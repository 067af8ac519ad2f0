package dev.wharf.http;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the app host's guests run: on the thread already handling the request (GuestRunner.runOn(this)), not on a
 * guest thread the request thread hands the run to and then waits for. That hand-off, a thread wake-up each way,
 * cost more than instantiating the guest (bench/http).
 *
 * <p>GuestRunner's own timeout waits for a run that, run inline, has already ended; so the timeout is enforced
 * here: one timer thread interrupts the request thread when its run is still going at the timeout, and the guest's
 * interruption poll (or a host call's wait) turns that into a timeout trap. An interrupt never outlives the run it
 * was meant for: a run that ends first disarms its alarm under the alarm's lock and clears the flag.
 */
final class OnRequestThread implements Executor {
    private final long timeoutNanos;
    private final ScheduledThreadPoolExecutor timer;

    /** @param timer the server's timer thread, which the caller shuts down */
    OnRequestThread(Duration timeout, ScheduledThreadPoolExecutor timer) {
        this.timeoutNanos = timeout.toNanos();
        this.timer = timer;
        // a finished run's alarm leaves the queue at once: at thousands of requests a second, alarms left to expire
        // would pile up for a whole timeout
        timer.setRemoveOnCancelPolicy(true);
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
        var alarm = new Alarm(Thread.currentThread());
        ScheduledFuture<?> armed = timer.schedule(alarm, timeoutNanos, TimeUnit.NANOSECONDS);
        try {
            run.run();
        } finally {
            armed.cancel(false);
            alarm.disarm();
        }
    }

    private static final class Alarm implements Runnable {
        private final Thread runner;
        private boolean disarmed;

        Alarm(Thread runner) {
            this.runner = runner;
        }

        @Override
        public synchronized void run() {
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
