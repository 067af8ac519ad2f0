package dev.wharf.wasi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The guest's stdin. Reads go straight to the stream until the guest first polls stdin; an InputStream cannot say
 * "readable within 10 ms" (available() is 0 at EOF and on pipes alike), so from then on a daemon thread pumps the
 * stream into a queue, as wasmtime's worker-thread stdin does, and both reads and polls are served from it.
 */
final class StdinStream {
    private static final byte[] EOF = new byte[0];

    private final InputStream in;
    private LinkedBlockingQueue<Object> queue;
    private byte[] current;
    private int currentPos;
    private boolean eof;

    StdinStream(InputStream in) {
        this.in = in;
    }

    /** Blocking read of at least one byte; 0 at end of stream. */
    int read(byte[] buf, int off, int len) throws IOException, InterruptedException {
        if (len == 0) {
            return 0;
        }
        if (queue == null) {
            int n = in.read(buf, off, len);
            return Math.max(n, 0);
        }
        if (!fill(Long.MAX_VALUE)) {
            return 0;
        }
        if (current == EOF) {
            return 0;
        }
        int n = Math.min(len, current.length - currentPos);
        System.arraycopy(current, currentPos, buf, off, n);
        currentPos += n;
        if (currentPos == current.length) {
            current = null;
        }
        return n;
    }

    /**
     * Waits until a read would not block, or until the deadline (System.nanoTime based; Long.MAX_VALUE waits
     * forever). Returns -1 when not readable in time, else the bytes ready now (0 meaning end of stream).
     */
    long awaitReadable(long deadlineNanos) throws IOException, InterruptedException {
        startPump();
        if (!fill(deadlineNanos)) {
            return -1;
        }
        return current == EOF ? 0 : current.length - currentPos;
    }

    private boolean fill(long deadlineNanos) throws IOException, InterruptedException {
        if (current != null) {
            return true;
        }
        if (eof) {
            current = EOF;
            return true;
        }
        Object next;
        if (deadlineNanos == Long.MAX_VALUE) {
            next = queue.take();
        } else {
            next = queue.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (next == null) {
            return false;
        }
        if (next instanceof IOException e) {
            eof = true;
            throw e;
        }
        current = (byte[]) next;
        currentPos = 0;
        if (current == EOF) {
            eof = true;
        }
        return true;
    }

    private void startPump() {
        if (queue != null) {
            return;
        }
        queue = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Object> q = queue;
        Thread pump = new Thread(
                () -> {
                    byte[] buf = new byte[16384];
                    try {
                        while (true) {
                            int n = in.read(buf);
                            if (n < 0) {
                                q.add(EOF);
                                return;
                            }
                            if (n > 0) {
                                q.add(Arrays.copyOf(buf, n));
                            }
                        }
                    } catch (IOException e) {
                        q.add(e);
                    }
                },
                "wharf-wasi-stdin");
        pump.setDaemon(true);
        pump.start();
    }
}
