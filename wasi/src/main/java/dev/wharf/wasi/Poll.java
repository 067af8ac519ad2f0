package dev.wharf.wasi;

import com.dylibso.chicory.runtime.Memory;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * poll_oneoff, shaped like wasmtime's: clock subscriptions (realtime or monotonic, relative or absolute), fd_read
 * on stdin (really waits) or a file (always ready), fd_write on stdout/stderr or a file (always ready). Anything
 * else fails the whole call with EBADF, the CPU-time clocks with EINVAL, zero subscriptions with EINVAL.
 */
final class Poll {
    private static final int EVENT_CLOCK = 0;
    private static final int EVENT_FD_READ = 1;
    private static final int EVENT_FD_WRITE = 2;
    private static final int ABSTIME = 1;
    private static final int HANGUP = 1;

    private final FdTable fds;
    private final Clock clock;
    private final long monotonicOrigin;

    Poll(FdTable fds, Clock clock, long monotonicOrigin) {
        this.fds = fds;
        this.clock = clock;
        this.monotonicOrigin = monotonicOrigin;
    }

    private record Sub(long userdata, int type, long deadline, Descriptor fd) {}

    void pollOneoff(Memory m, int in, int out, int n, int neventsOut)
            throws WasiError, IOException, InterruptedException {
        if (n == 0) {
            throw new WasiError(Errno.EINVAL); // "indefinite sleeping is not supported in preview1"
        }
        GuestMemory.check(m, in, Integer.toUnsignedLong(n) * 48);
        GuestMemory.check(m, out, Integer.toUnsignedLong(n) * 32);
        Sub[] subs = new Sub[n];
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE;
        StdinStream stdin = null;
        boolean anyReadyFd = false;
        for (int i = 0; i < n; i++) {
            int at = in + i * 48;
            long userdata = m.readLong(at);
            int tag = m.read(at + 8) & 0xFF;
            switch (tag) {
                case EVENT_CLOCK -> {
                    long deadline = deadline(m.readInt(at + 16), m.readLong(at + 24), m.readShort(at + 40), now);
                    earliest = Math.min(earliest, deadline);
                    subs[i] = new Sub(userdata, tag, deadline, null);
                }
                case EVENT_FD_READ -> {
                    Descriptor d = fds.get(m.readInt(at + 16));
                    switch (d) {
                        case Descriptor.Stdin s -> stdin = s.stream();
                        case FileDescriptor f -> anyReadyFd = true;
                        default -> throw new WasiError(Errno.EBADF);
                    }
                    subs[i] = new Sub(userdata, tag, 0, d);
                }
                case EVENT_FD_WRITE -> {
                    Descriptor d = fds.get(m.readInt(at + 16));
                    if (!(d instanceof Descriptor.Output || d instanceof FileDescriptor)) {
                        throw new WasiError(Errno.EBADF);
                    }
                    anyReadyFd = true;
                    subs[i] = new Sub(userdata, tag, 0, d);
                }
                default -> throw new WasiError(Errno.EINVAL);
            }
        }

        long stdinReady = -1;
        if (stdin != null) {
            stdinReady = stdin.awaitReadable(anyReadyFd ? System.nanoTime() : earliest);
        } else if (!anyReadyFd && earliest != Long.MAX_VALUE) {
            sleepUntil(earliest);
        }

        long after = System.nanoTime();
        int count = 0;
        for (Sub s : subs) {
            long nbytes = 0;
            int flags = 0;
            switch (s.type) {
                case EVENT_CLOCK -> {
                    if (after - s.deadline < 0) {
                        continue;
                    }
                }
                case EVENT_FD_READ -> {
                    if (s.fd instanceof FileDescriptor f) {
                        nbytes = Math.max(0, f.channel.size() - f.position);
                        flags = nbytes == 0 ? HANGUP : 0;
                    } else {
                        if (stdinReady < 0) {
                            continue;
                        }
                        nbytes = stdinReady;
                        flags = stdinReady == 0 ? HANGUP : 0;
                    }
                }
                default -> nbytes = 1;
            }
            int at = out + count * 32;
            m.writeLong(at, s.userdata);
            m.writeShort(at + 8, (short) 0);
            m.writeByte(at + 10, (byte) s.type);
            m.write(at + 11, new byte[5], 0, 5);
            m.writeLong(at + 16, nbytes);
            m.writeShort(at + 24, (short) flags);
            m.write(at + 26, new byte[6], 0, 6);
            count++;
        }
        GuestMemory.writeU32(m, neventsOut, count);
    }

    /** A clock subscription's deadline on the System.nanoTime scale. */
    private long deadline(int clockId, long timeout, short flags, long now) throws WasiError {
        boolean absolute = (flags & ABSTIME) != 0;
        long relative;
        switch (clockId) {
            case Preview1.CLOCK_MONOTONIC ->
                relative = absolute ? timeout - (now - monotonicOrigin) : unsigned(timeout);
            case Preview1.CLOCK_REALTIME -> {
                if (absolute) {
                    Instant wall = clock.instant();
                    relative = timeout - (wall.getEpochSecond() * 1_000_000_000L + wall.getNano());
                } else {
                    relative = unsigned(timeout);
                }
            }
            default -> throw new WasiError(Errno.EINVAL); // wasmtime: only realtime and monotonic can be awaited
        }
        if (relative <= 0) {
            return now;
        }
        // Unsigned u64 timeouts beyond ~292 years saturate rather than wrap
        return relative > Long.MAX_VALUE - now - 1 ? Long.MAX_VALUE - 1 : now + relative;
    }

    /** a u64 timeout past Long.MAX_VALUE ns (292 years) is as good as forever */
    private static long unsigned(long timeout) {
        return timeout < 0 ? Long.MAX_VALUE : timeout;
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
