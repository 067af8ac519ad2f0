package dev.wharf.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The thread one guest run happens on: a new thread per run, or one borrowed from an executor whose threads are
 * reused (an app host serving many short requests cannot afford a thread start per request). Either way the
 * waiting side can join with a timeout and interrupt the run, and only that run: an interrupt never reaches a
 * later task on a reused thread, and a run interrupted before it started does not start.
 */
public final class GuestThread {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Object lock = new Object();
    private Thread running;
    private boolean cancelled;

    private GuestThread() {}

    /** Runs {@code body} on a new thread of {@code stackBytes}, or on one of {@code pool}'s threads when given. */
    public static GuestThread start(Runnable body, Executor pool, long stackBytes) {
        var g = new GuestThread();
        Runnable task = () -> {
            synchronized (g.lock) {
                if (g.cancelled) {
                    g.done.countDown();
                    return;
                }
                g.running = Thread.currentThread();
            }
            try {
                body.run();
            } finally {
                synchronized (g.lock) {
                    g.running = null;
                    Thread.interrupted(); // an interrupt meant for this run stays with this run
                }
                g.done.countDown();
            }
        };
        if (pool == null) {
            var thread = new Thread(null, task, "wharf-guest", stackBytes);
            thread.setDaemon(true);
            thread.start();
        } else {
            pool.execute(task);
        }
        return g;
    }

    public void join() throws InterruptedException {
        done.await();
    }

    /** True when the run finished within the wait. */
    public boolean join(Duration wait) throws InterruptedException {
        return done.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Interrupts this run only (a timeout): a run not yet started never starts. */
    public void interrupt() {
        synchronized (lock) {
            cancelled = true;
            if (running != null) {
                running.interrupt();
            }
        }
    }
}
