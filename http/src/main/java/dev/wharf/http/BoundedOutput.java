package dev.wharf.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A guest's stdout or stderr held in memory up to a cap. Past the cap a write fails (the guest sees EIO) and
 * {@link #overflowed()} says so, so a handler printing without end costs at most the cap.
 */
final class BoundedOutput extends OutputStream {
    private final long cap;
    private byte[] buf = new byte[512];
    private int size;
    private boolean overflowed;

    BoundedOutput(long cap) {
        this.cap = Math.min(cap, Integer.MAX_VALUE - 16);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (overflowed || size + (long) len > cap) {
            overflowed = true;
            throw new IOException("output larger than " + cap + " bytes");
        }
        if (size + len > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(buf.length * 2L, size + (long) len)));
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    synchronized byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    synchronized int size() {
        return size;
    }
}
