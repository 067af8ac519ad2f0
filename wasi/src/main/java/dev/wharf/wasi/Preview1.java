package dev.wharf.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import dev.wharf.host.Args;
import dev.wharf.host.GuestBytes;
import dev.wharf.host.HostCallListener;
import dev.wharf.host.HostFn;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How the 46 functions of wasi_snapshot_preview1 work; {@link WasiFunctions} declares them (names, parameters, trace,
 * capability) and binds each to a method here, which receives its arguments named and typed. Errno choices follow
 * wasmtime's preview1 (crates/wasi/src/p1.rs, implemented over its preview2 filesystem host and cap-std); where
 * this differs, a comment says so.
 */
final class Preview1 {
    static final String MODULE = "wasi_snapshot_preview1";

    // oflags, fdflags, lookupflags, fstflags
    static final int O_CREAT = 1;
    static final int O_DIRECTORY = 2;
    static final int O_EXCL = 4;
    static final int O_TRUNC = 8;
    static final int FDFLAG_APPEND = 1;
    static final int FDFLAG_DSYNC = 2;
    static final int FDFLAG_NONBLOCK = 4;
    static final int FDFLAG_RSYNC = 8;
    static final int FDFLAG_SYNC = 16;
    static final int SYMLINK_FOLLOW = 1;
    static final int FST_ATIM = 1;
    static final int FST_ATIM_NOW = 2;
    static final int FST_MTIM = 4;
    static final int FST_MTIM_NOW = 8;

    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int CLOCK_PROCESS_CPUTIME = 2;
    static final int CLOCK_THREAD_CPUTIME = 3;

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final List<String> args;
    private final List<String> env;
    private final FdTable fds;
    private final Sandbox sandbox;
    private final Clock clock;
    private final RandomGenerator random;
    private final HostCallListener calls;
    private final boolean stdioIsTerminal;
    private final long monotonicOrigin = System.nanoTime();

    Preview1(
            List<String> args,
            List<String> env,
            FdTable fds,
            Sandbox sandbox,
            Clock clock,
            RandomGenerator random,
            HostCallListener calls,
            boolean stdioIsTerminal) {
        this.args = args;
        this.env = env;
        this.fds = fds;
        this.sandbox = sandbox;
        this.clock = clock;
        this.random = random;
        this.calls = calls;
        this.stdioIsTerminal = stdioIsTerminal;
    }

    /**
     * A declared function's implementation: it reads its arguments from {@code a} by the parameters its declaration
     * made, and fails by throwing; the binding turns that into the errno the guest gets.
     */
    @FunctionalInterface
    interface Impl {
        void call(Preview1 p, Args a) throws WasiError, IOException, InterruptedException, GuestBytes.InvalidUtf8;
    }

    HostFunction[] functions() {
        var out = new HostFunction[WasiFunctions.ALL.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bind(WasiFunctions.ALL.get(i));
        }
        return out;
    }

    /** Only the functions {@code wanted} names, in that order; names that are not preview1 functions are ignored. */
    HostFunction[] functions(Collection<String> wanted) {
        var out = new ArrayList<HostFunction>(wanted.size());
        for (String name : wanted) {
            var fn = WasiFunctions.BY_NAME.get(name);
            if (fn != null) {
                out.add(bind(fn));
            }
        }
        return out.toArray(new HostFunction[0]);
    }

    /** Binding is one closure per function and instance; the declaration, its type included, is shared. */
    private HostFunction bind(HostFn<Impl> fn) {
        Impl impl = fn.impl();
        if (fn.returns() == HostFn.Returns.NEVER) {
            return new HostFunction(MODULE, fn.name(), fn.type(), (Instance instance, long... raw) -> {
                Args a = new Args(instance.memory(), raw);
                if (calls != null) {
                    calls.onCall(fn.call(a, 0, null)); // traced first: the call unwinds the guest
                }
                call(fn, impl, a);
                return new long[0];
            });
        }
        return new HostFunction(MODULE, fn.name(), fn.type(), (Instance instance, long... raw) -> {
            Args a = new Args(instance.memory(), raw);
            int errno = call(fn, impl, a);
            if (calls != null) {
                calls.onCall(fn.call(a, errno, Errno.nameOf(errno)));
            }
            return new long[] {errno};
        });
    }

    private int call(HostFn<Impl> fn, Impl impl, Args a) {
        try {
            impl.call(this, a);
            return 0;
        } catch (WasiError e) {
            return e.errno.code();
        } catch (GuestBytes.InvalidUtf8 e) {
            return Errno.EILSEQ.code();
        } catch (IOException e) {
            return IoErrors.errno(e).code();
        } catch (UncheckedIOException e) {
            return IoErrors.errno(e.getCause()).code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("interrupted in " + fn.name(), e);
        }
    }

    void procExit(int code) {
        flushOutputs();
        // wasmtime refuses statuses a shell cannot tell from signals: a trap, not an exit
        if (code < 0 || code >= 126) {
            throw new TrapException("exit with invalid exit status outside of [0..126)");
        }
        throw new WasiExitException(code);
    }

    void flushOutputs() {
        for (int fd = 0; fd < 3; fd++) {
            try {
                if (fds.get(fd) instanceof Descriptor.Output o) {
                    o.stream().flush();
                }
            } catch (WasiError | IOException ignored) {
                // closed or renumbered away: nothing to flush
            }
        }
    }

    // ---- args, environ -----------------------------------------------------------------------------------------

    void argsGet(Memory m, int argv, int argvBuf) {
        writeStrings(m, args, argv, argvBuf);
    }

    void argsSizesGet(Memory m, int countOut, int sizeOut) {
        writeSizes(m, args, countOut, sizeOut);
    }

    void environGet(Memory m, int environ, int environBuf) {
        writeStrings(m, env, environ, environBuf);
    }

    void environSizesGet(Memory m, int countOut, int sizeOut) {
        writeSizes(m, env, countOut, sizeOut);
    }

    private static void writeStrings(Memory m, List<String> strings, int ptrs, int buf) {
        int at = buf;
        for (int i = 0; i < strings.size(); i++) {
            byte[] b = strings.get(i).getBytes(StandardCharsets.UTF_8);
            GuestMemory.writeU32(m, ptrs + i * 4, at);
            GuestMemory.write(m, at, b, 0, b.length);
            GuestMemory.write(m, at + b.length, new byte[1], 0, 1);
            at += b.length + 1;
        }
    }

    private static void writeSizes(Memory m, List<String> strings, int countPtr, int sizePtr) {
        long size = 0;
        for (String s : strings) {
            size += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        GuestMemory.writeU32(m, countPtr, strings.size());
        GuestMemory.writeU32(m, sizePtr, (int) size);
    }

    // ---- clocks, random ------------------------------------------------------------------------------------------

    void clockResGet(Memory m, int id, int resolutionOut) throws WasiError {
        long res = switch (id) {
            case CLOCK_REALTIME -> 1_000L; // java.time's system clock ticks in microseconds on Linux
            case CLOCK_MONOTONIC -> 1L;
            // wasmtime answers EBADF for the CPU-time clocks; Wharf measures them (see clockNow)
            case CLOCK_PROCESS_CPUTIME, CLOCK_THREAD_CPUTIME -> 1_000L;
            default -> throw new WasiError(Errno.EINVAL);
        };
        GuestMemory.writeU64(m, resolutionOut, res);
    }

    void clockTimeGet(Memory m, int id, int timeOut) throws WasiError {
        GuestMemory.writeU64(m, timeOut, clockNow(id));
    }

    long clockNow(int id) throws WasiError {
        return switch (id) {
            case CLOCK_REALTIME -> {
                Instant now = clock.instant();
                yield now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case CLOCK_MONOTONIC -> System.nanoTime() - monotonicOrigin;
            // Deviation: wasmtime 14+ returns EBADF for both CPU-time clocks. wasi-libc's clock() and
            // CLOCK_PROCESS_CPUTIME_ID users get a real answer here instead of a failure.
            case CLOCK_PROCESS_CPUTIME -> processCpuNanos();
            case CLOCK_THREAD_CPUTIME -> ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            default -> throw new WasiError(Errno.EINVAL);
        };
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    void randomGet(Memory m, int buf, int bufLen) {
        long len = Integer.toUnsignedLong(bufLen);
        GuestMemory.check(m, buf, len);
        byte[] chunk = new byte[(int) Math.min(len, GuestMemory.CHUNK)];
        for (long done = 0; done < len; done += chunk.length) {
            int n = (int) Math.min(chunk.length, len - done);
            random.nextBytes(chunk);
            m.write(buf + (int) done, chunk, 0, n);
        }
    }

    void pollOneoff(Memory m, int in, int out, int count, int eventsOut)
            throws WasiError, IOException, InterruptedException {
        new Poll(fds, clock, monotonicOrigin).pollOneoff(m, in, out, count, eventsOut);
    }

    // ---- fd_* ------------------------------------------------------------------------------------------------------

    /** The file at {@code fd}, still holding {@code right}; EBADF for anything else. */
    private FileDescriptor file(int fd, long right) throws WasiError {
        if (fds.get(fd, right) instanceof FileDescriptor f) {
            return f;
        }
        throw new WasiError(Errno.EBADF);
    }

    /** The directory at {@code fd}, still holding {@code right}; EBADF for anything else. */
    private DirDescriptor dir(int fd, long right) throws WasiError {
        if (fds.get(fd, right) instanceof DirDescriptor d) {
            return d;
        }
        throw new WasiError(Errno.EBADF);
    }

    /** wasmtime's get_seekable: stdio is ESPIPE, anything else that is not a file EBADF. */
    private FileDescriptor seekable(int fd, long right) throws WasiError {
        return switch (fds.get(fd, right)) {
            case FileDescriptor f -> f;
            case Descriptor.Stdin s -> throw new WasiError(Errno.ESPIPE);
            case Descriptor.Output o -> throw new WasiError(Errno.ESPIPE);
            default -> throw new WasiError(Errno.EBADF);
        };
    }

    void fdAdvise(int fd, int advice) throws WasiError {
        file(fd, Rights.FD_ADVISE);
        if (advice < 0 || advice > 5) {
            throw new WasiError(Errno.EINVAL); // not an advice enum value
        }
        // advice is only a hint; java.nio has no posix_fadvise and ignoring it is always correct
    }

    void fdAllocate(int fd) throws WasiError {
        file(fd, Rights.FD_ALLOCATE);
        throw new WasiError(Errno.ENOTSUP); // wasmtime: fd_allocate is Errno::Notsup for every file
    }

    void fdClose(int fd) throws WasiError, IOException {
        close(fds.remove(fd));
    }

    private static void close(Descriptor d) throws IOException {
        if (d instanceof Descriptor.Output o) {
            o.stream().flush();
        }
        FdTable.close(d);
    }

    void fdRenumber(int from, int to) throws WasiError, IOException {
        Descriptor replaced = fds.renumber(from, to);
        if (replaced != null) {
            close(replaced);
        }
    }

    void fdSync(int fd, boolean metadata) throws WasiError, IOException {
        file(fd, metadata ? Rights.FD_SYNC : Rights.FD_DATASYNC).channel.force(metadata);
    }

    void fdFdstatGet(Memory m, int fd, int statOut) throws WasiError {
        Descriptor d = fds.get(fd);
        int filetype = switch (d) {
            case Descriptor.Stdin s -> stdioFiletype();
            case Descriptor.Output o -> stdioFiletype();
            case DirDescriptor dir -> FileStat.DIRECTORY;
            case FileDescriptor f -> fileType(f);
        };
        int flags = d instanceof FileDescriptor f
                ? (f.append ? FDFLAG_APPEND : 0) | (f.nonBlocking ? FDFLAG_NONBLOCK : 0)
                : 0;
        GuestMemory.check(m, statOut, 24);
        m.writeByte(statOut, (byte) filetype);
        m.writeByte(statOut + 1, (byte) 0);
        m.writeShort(statOut + 2, (short) flags);
        m.writeI32(statOut + 4, 0);
        m.writeLong(statOut + 8, Rights.base(d));
        m.writeLong(statOut + 16, Rights.inheriting(d));
    }

    /** wasmtime: CHARACTER_DEVICE when the stream is a terminal, UNKNOWN when it is a pipe or file. */
    private int stdioFiletype() {
        return stdioIsTerminal ? FileStat.CHARACTER_DEVICE : FileStat.UNKNOWN;
    }

    private static int fileType(FileDescriptor f) {
        try {
            return FileStat.of(f.host, false).filetype;
        } catch (IOException e) {
            return FileStat.REGULAR_FILE; // unlinked while open: still the file it was
        }
    }

    void fdFdstatSetFlags(int fd, int flags) throws WasiError {
        FileDescriptor f = file(fd, Rights.FD_FDSTAT_SET_FLAGS);
        if ((flags & ~0x1F) != 0 || (flags & (FDFLAG_DSYNC | FDFLAG_SYNC | FDFLAG_RSYNC)) != 0) {
            throw new WasiError(Errno.EINVAL); // wasmtime only changes APPEND and NONBLOCK
        }
        f.append = (flags & FDFLAG_APPEND) != 0;
        f.nonBlocking = (flags & FDFLAG_NONBLOCK) != 0;
    }

    /**
     * Deviation: wasmtime 14+ answers ENOTSUP here (so rights-aware programs skip their checks). Wharf keeps
     * preview1's rights model: the rights really shrink, fd_fdstat_get reports what is left, and calls needing a
     * dropped right fail with ENOTCAPABLE; asking for more than the fd has is ENOTCAPABLE.
     */
    void fdFdstatSetRights(int fd, long base, long inheriting) throws WasiError {
        Rights.drop(fds.get(fd), base, inheriting);
    }

    void fdFilestatGet(Memory m, int fd, int statOut) throws WasiError, IOException {
        FileStat st = switch (fds.get(fd, Rights.FD_FILESTAT_GET)) {
            case Descriptor.Stdin s -> new FileStat(0, 0, stdioFiletype(), 0, 0, 0, 0, 0);
            case Descriptor.Output o -> new FileStat(0, 0, stdioFiletype(), 0, 0, 0, 0, 0);
            case DirDescriptor d -> FileStat.of(sandboxedDir(d), false);
            case FileDescriptor f -> {
                try {
                    yield FileStat.of(f.host, false);
                } catch (NoSuchFileException e) {
                    // unlinked while open: Java has no fstat, report what the channel still knows
                    yield new FileStat(0, 0, FileStat.REGULAR_FILE, 0, f.channel.size(), 0, 0, 0);
                }
            }
        };
        writeFilestat(m, statOut, st);
    }

    private Path sandboxedDir(DirDescriptor d) throws WasiError {
        return sandbox.resolve("fd_filestat_get", d, ".", false).host();
    }

    static void writeFilestat(Memory m, int ptr, FileStat st) {
        GuestMemory.check(m, ptr, FileStat.SIZE);
        m.writeLong(ptr, st.dev);
        m.writeLong(ptr + 8, st.ino);
        m.writeByte(ptr + 16, (byte) st.filetype);
        m.write(ptr + 17, new byte[7], 0, 7);
        m.writeLong(ptr + 24, st.nlink);
        m.writeLong(ptr + 32, st.size);
        m.writeLong(ptr + 40, st.atim);
        m.writeLong(ptr + 48, st.mtim);
        m.writeLong(ptr + 56, st.ctim);
    }

    void fdFilestatSetSize(int fd, long size) throws WasiError, IOException {
        FileDescriptor f = file(fd, Rights.FD_FILESTAT_SET_SIZE);
        if (f.preopen.readOnly()) {
            throw new WasiError(Errno.EPERM); // wasmtime: set_size without FilePerms::WRITE is NotPermitted
        }
        if (!f.writable) {
            throw new WasiError(Errno.EINVAL); // ftruncate(2) on an fd not open for writing, what wasmtime passes on
        }
        if (size < 0) {
            throw new WasiError(Errno.EINVAL);
        }
        long current = f.channel.size();
        if (size < current) {
            f.channel.truncate(size);
        } else if (size > current) {
            // FileChannel can only shrink; writing the last byte grows the file with zeros (a sparse hole)
            f.channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    void fdFilestatSetTimes(int fd, long atimNanos, long mtimNanos, int fstFlags) throws WasiError, IOException {
        FileTime atim = newTime(fstFlags, FST_ATIM, FST_ATIM_NOW, atimNanos);
        FileTime mtim = newTime(fstFlags, FST_MTIM, FST_MTIM_NOW, mtimNanos);
        Path target;
        switch (fds.get(fd, Rights.FD_FILESTAT_SET_TIMES)) {
            case FileDescriptor f -> {
                if (f.preopen.readOnly()) {
                    throw new WasiError(Errno.EPERM); // wasmtime: set_times on a file needs FilePerms::WRITE
                }
                target = f.host;
            }
            case DirDescriptor d -> {
                sandbox.requireWritable("fd_filestat_set_times", d, d.guestPath());
                target = sandboxedDir(d);
            }
            default -> throw new WasiError(Errno.EBADF);
        }
        setTimes(target, atim, mtim);
    }

    /** fstflags to a new time, null for "leave it"; SET together with NOW is EINVAL (wasmtime's systimespec). */
    private FileTime newTime(int flags, int set, int now, long nanos) throws WasiError {
        if ((flags & ~0xF) != 0) {
            throw new WasiError(Errno.EINVAL);
        }
        boolean isSet = (flags & set) != 0;
        boolean isNow = (flags & now) != 0;
        if (isSet && isNow) {
            throw new WasiError(Errno.EINVAL);
        }
        if (isSet) {
            return FileTime.from(Instant.ofEpochSecond(
                    Long.divideUnsigned(nanos, 1_000_000_000L), Long.remainderUnsigned(nanos, 1_000_000_000L)));
        }
        return isNow ? FileTime.from(clock.instant()) : null;
    }

    private static void setTimes(Path p, FileTime atim, FileTime mtim) throws IOException {
        if (atim == null && mtim == null) {
            return;
        }
        Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtim, atim, null);
    }

    void fdPrestatGet(Memory m, int fd, int prestatOut) throws WasiError {
        if (fds.get(fd) instanceof DirDescriptor d && d.prestatName != null) {
            GuestMemory.check(m, prestatOut, 8);
            m.writeI32(prestatOut, 0); // tag 0: dir
            m.writeI32(prestatOut + 4, d.prestatName.getBytes(StandardCharsets.UTF_8).length);
            return;
        }
        throw new WasiError(Errno.EBADF);
    }

    void fdPrestatDirName(Memory m, int fd, int path, int pathLen) throws WasiError {
        if (fds.get(fd) instanceof DirDescriptor d && d.prestatName != null) {
            byte[] name = d.prestatName.getBytes(StandardCharsets.UTF_8);
            if (name.length > Integer.toUnsignedLong(pathLen)) {
                throw new WasiError(Errno.ENAMETOOLONG);
            }
            GuestMemory.write(m, path, name, 0, name.length);
            return;
        }
        throw new WasiError(Errno.ENOTDIR); // wasmtime keeps the legacy ENOTDIR here
    }

    void fdRead(Memory m, int fd, int[][] iovs, int nreadOut) throws WasiError, IOException, InterruptedException {
        long n = switch (fds.get(fd, Rights.FD_READ)) {
            case FileDescriptor f -> {
                long read = readFile(m, f, iovs, f.position);
                f.position += read;
                yield read;
            }
            case Descriptor.Stdin s -> readStdin(m, s.stream(), iovs);
            default -> throw new WasiError(Errno.EBADF);
        };
        GuestMemory.writeU32(m, nreadOut, (int) n);
    }

    void fdPread(Memory m, int fd, int[][] iovs, long offset, int nreadOut) throws WasiError, IOException {
        long n = switch (fds.get(fd, Rights.FD_READ)) {
            case FileDescriptor f -> readFile(m, f, iovs, offset);
            case Descriptor.Stdin s -> throw new WasiError(Errno.ESPIPE);
            default -> throw new WasiError(Errno.EBADF);
        };
        GuestMemory.writeU32(m, nreadOut, (int) n);
    }

    /** Fills the iovecs in order from {@code offset}; stops at end of file. */
    private static long readFile(Memory m, FileDescriptor f, int[][] iovs, long offset) throws WasiError, IOException {
        if (!f.readable) {
            throw new WasiError(Errno.EBADF); // the OS answer for a read on a write-only fd
        }
        if (offset < 0) {
            throw new WasiError(Errno.EINVAL);
        }
        long total = 0;
        byte[] chunk = new byte[(int) Math.min(GuestMemory.CHUNK, Math.max(1, GuestMemory.total(iovs)))];
        for (int[] iov : iovs) {
            long len = Integer.toUnsignedLong(iov[1]);
            long done = 0;
            while (done < len) {
                int want = (int) Math.min(chunk.length, len - done);
                int got = f.channel.read(ByteBuffer.wrap(chunk, 0, want), offset + total);
                if (got <= 0) {
                    return total;
                }
                m.write(iov[0] + (int) done, chunk, 0, got);
                done += got;
                total += got;
                if (got < want) {
                    return total;
                }
            }
        }
        return total;
    }

    /** Like wasmtime: one blocking read into the first non-empty buffer, so a short line returns at once. */
    private static long readStdin(Memory m, StdinStream in, int[][] iovs) throws IOException, InterruptedException {
        for (int[] iov : iovs) {
            if (iov[1] == 0) {
                continue;
            }
            byte[] buf = new byte[(int) Math.min(Integer.toUnsignedLong(iov[1]), GuestMemory.CHUNK)];
            int n = in.read(buf, 0, buf.length);
            m.write(iov[0], buf, 0, n);
            return n;
        }
        return 0;
    }

    void fdWrite(Memory m, int fd, int[][] iovs, int nwrittenOut) throws WasiError, IOException {
        long n = switch (fds.get(fd, Rights.FD_WRITE)) {
            case FileDescriptor f -> {
                long pos = f.append ? f.channel.size() : f.position;
                long written = writeFile(m, f, iovs, pos);
                f.position = f.append ? f.channel.size() : pos + written;
                yield written;
            }
            case Descriptor.Output o -> writeStream(m, o.stream(), iovs);
            default -> throw new WasiError(Errno.EBADF);
        };
        GuestMemory.writeU32(m, nwrittenOut, (int) n);
    }

    void fdPwrite(Memory m, int fd, int[][] iovs, long offset, int nwrittenOut) throws WasiError, IOException {
        long n = switch (fds.get(fd, Rights.FD_WRITE)) {
            // Linux pwrite semantics, as wasmtime implements them: in append mode the offset is ignored
            case FileDescriptor f -> writeFile(m, f, iovs, f.append ? f.channel.size() : offset);
            case Descriptor.Output o -> throw new WasiError(Errno.ESPIPE);
            default -> throw new WasiError(Errno.EBADF);
        };
        GuestMemory.writeU32(m, nwrittenOut, (int) n);
    }

    private static long writeFile(Memory m, FileDescriptor f, int[][] iovs, long offset) throws WasiError, IOException {
        if (!f.writable) {
            throw new WasiError(Errno.EBADF); // the OS answer for a write on a read-only fd
        }
        if (offset < 0) {
            throw new WasiError(Errno.EINVAL);
        }
        long total = 0;
        for (int[] iov : iovs) {
            long len = Integer.toUnsignedLong(iov[1]);
            for (long done = 0; done < len; ) {
                int n = (int) Math.min(GuestMemory.CHUNK, len - done);
                ByteBuffer buf = ByteBuffer.wrap(m.readBytes(iov[0] + (int) done, n));
                while (buf.hasRemaining()) {
                    total += f.channel.write(buf, offset + total);
                }
                done += n;
            }
        }
        return total;
    }

    /**
     * stdout/stderr: every fd_write is flushed, as wasmtime's blocking_write_and_flush does. wasi-libc and Rust
     * already buffer inside the guest, so this is one flush per guest buffer, and output is complete before any
     * trap or exit.
     */
    private static long writeStream(Memory m, OutputStream out, int[][] iovs) throws IOException {
        long total = 0;
        for (int[] iov : iovs) {
            long len = Integer.toUnsignedLong(iov[1]);
            for (long done = 0; done < len; ) {
                int n = (int) Math.min(GuestMemory.CHUNK, len - done);
                out.write(m.readBytes(iov[0] + (int) done, n));
                done += n;
            }
            total += len;
        }
        out.flush();
        return total;
    }

    void fdReaddir(Memory m, int fd, int buf, int bufLength, long cookie, int usedOut) throws WasiError {
        DirDescriptor d = dir(fd, Rights.FD_READDIR);
        long bufLen = Integer.toUnsignedLong(bufLength);
        GuestMemory.check(m, buf, bufLen);
        if (cookie == 0 || d.listing == null) {
            d.listing =
                    DirListing.read(sandbox.resolve("fd_readdir", d, ".", false).host());
        }
        List<DirListing.Entry> entries = d.listing;
        long cap = bufLen;
        int at = buf;
        // dirent: d_next u64, d_ino u64, d_namlen u32, d_type u8, 3 bytes padding = 24; the name follows unpadded.
        // When space runs out, the entry is written truncated and buf_len returned, which tells the guest to
        // grow its buffer and ask again from the same cookie (the witx contract, wasmtime's loop).
        for (long i = Long.compareUnsigned(cookie, entries.size()) >= 0 ? entries.size() : cookie;
                i < entries.size();
                i++) {
            DirListing.Entry e = entries.get((int) i);
            byte[] dirent = new byte[24];
            ByteBuffer bb = ByteBuffer.wrap(dirent).order(ByteOrder.LITTLE_ENDIAN);
            bb.putLong(0, i + 1)
                    .putLong(8, e.inode())
                    .putInt(16, e.name().length)
                    .put(20, (byte) e.filetype());
            int n = (int) Math.min(cap, 24);
            m.write(at, dirent, 0, n);
            at += n;
            cap -= n;
            if (cap == 0) {
                break;
            }
            n = (int) Math.min(cap, e.name().length);
            m.write(at, e.name(), 0, n);
            at += n;
            cap -= n;
            if (cap == 0) {
                break;
            }
        }
        GuestMemory.writeU32(m, usedOut, (int) (bufLen - cap));
    }

    void fdSeek(Memory m, int fd, long offset, int whence, int newOffsetOut) throws WasiError, IOException {
        FileDescriptor f = seekable(fd, Rights.FD_SEEK);
        long pos = switch (whence) {
            case 0 -> offset;
            case 1 -> f.position + offset;
            case 2 -> f.channel.size() + offset;
            default -> throw new WasiError(Errno.EINVAL);
        };
        if (pos < 0) {
            throw new WasiError(Errno.EINVAL);
        }
        f.position = pos;
        GuestMemory.writeU64(m, newOffsetOut, pos);
    }

    void fdTell(Memory m, int fd, int offsetOut) throws WasiError {
        GuestMemory.writeU64(m, offsetOut, seekable(fd, Rights.FD_TELL).position);
    }

    // ---- path_* ----------------------------------------------------------------------------------------------------

    void pathCreateDirectory(int fd, String path) throws WasiError, IOException {
        DirDescriptor d = dir(fd, Rights.PATH_CREATE_DIRECTORY);
        sandbox.requireWritable("path_create_directory", d, path);
        Resolved r = sandbox.resolve("path_create_directory", d, path, false);
        if (r.name() == null || r.exists()) {
            throw new WasiError(Errno.EEXIST);
        }
        sandbox.verifyParent("path_create_directory", r);
        Files.createDirectory(r.host());
    }

    void pathFilestatGet(Memory m, int fd, int lookupFlags, String path, int statOut) throws WasiError, IOException {
        DirDescriptor d = dir(fd, Rights.PATH_FILESTAT_GET);
        int lookup = lookupFlags(lookupFlags);
        Resolved r = sandbox.resolve("path_filestat_get", d, path, (lookup & SYMLINK_FOLLOW) != 0);
        if (!r.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        sandbox.verifyParent("path_filestat_get", r);
        writeFilestat(m, statOut, FileStat.of(r.host(), false));
    }

    void pathFilestatSetTimes(int fd, int lookupFlags, String path, long atimNanos, long mtimNanos, int fstFlags)
            throws WasiError, IOException {
        DirDescriptor d = dir(fd, Rights.PATH_FILESTAT_SET_TIMES);
        int lookup = lookupFlags(lookupFlags);
        FileTime atim = newTime(fstFlags, FST_ATIM, FST_ATIM_NOW, atimNanos);
        FileTime mtim = newTime(fstFlags, FST_MTIM, FST_MTIM_NOW, mtimNanos);
        sandbox.requireWritable("path_filestat_set_times", d, path);
        Resolved r = sandbox.resolve("path_filestat_set_times", d, path, (lookup & SYMLINK_FOLLOW) != 0);
        if (!r.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        sandbox.verifyParent("path_filestat_set_times", r);
        setTimes(r.host(), atim, mtim);
    }

    void pathLink(int fd, int lookupFlags, String oldPath, int newFd, String newPath) throws WasiError, IOException {
        DirDescriptor from = dir(fd, Rights.PATH_LINK_SOURCE);
        int lookup = lookupFlags(lookupFlags);
        DirDescriptor to = dir(newFd, Rights.PATH_LINK_TARGET);
        sandbox.requireWritable("path_link", from, oldPath);
        sandbox.requireWritable("path_link", to, newPath);
        if ((lookup & SYMLINK_FOLLOW) != 0) {
            throw new WasiError(Errno.EINVAL); // wasmtime's link_at refuses SYMLINK_FOLLOW
        }
        Resolved source = sandbox.resolve("path_link", from, oldPath, false);
        Resolved target = sandbox.resolve("path_link", to, newPath, false);
        if (!source.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        if (source.name() == null || source.attrs().isDirectory()) {
            throw new WasiError(Errno.EPERM); // link(2) on a directory
        }
        if (target.name() == null || target.exists()) {
            throw new WasiError(Errno.EEXIST);
        }
        if (target.trailingSlash()) {
            throw new WasiError(Errno.ENOENT); // linkat(2): a new name "link/" for a file does not exist
        }
        sandbox.verifyParent("path_link", source);
        sandbox.verifyParent("path_link", target);
        Files.createLink(target.host(), source.host());
    }

    void pathOpen(Memory m, int fd, int lookupFlags, String path, int oflags, long rights, int fdflags, int openedOut)
            throws WasiError, IOException {
        int lookup = lookupFlags(lookupFlags);
        if ((oflags & ~0xF) != 0 || (fdflags & ~0x1F) != 0) {
            throw new WasiError(Errno.EINVAL); // wiggle rejects unknown flag bits
        }
        DirDescriptor d = switch (fds.get(fd, Rights.PATH_OPEN)) {
            case DirDescriptor dd -> dd;
            case FileDescriptor f -> throw new WasiError(Errno.ENOTDIR);
            default -> throw new WasiError(Errno.EBADF);
        };
        boolean read = (rights & Rights.FD_READ) != 0;
        boolean write = (rights & Rights.FD_WRITE) != 0;
        boolean creat = (oflags & O_CREAT) != 0;
        boolean excl = (oflags & O_EXCL) != 0;
        boolean trunc = (oflags & O_TRUNC) != 0;
        boolean directory = (oflags & O_DIRECTORY) != 0;
        if (creat) {
            Rights.require(d, Rights.PATH_CREATE_FILE);
        }
        if (trunc) {
            Rights.require(d, Rights.PATH_FILESTAT_SET_SIZE);
        }
        // wasmtime's open_at order: permissions first, then flag combinations, then the lookup
        if (creat || trunc || write) {
            sandbox.requireWritable("path_open", d, path);
        }
        if ((fdflags & (FDFLAG_DSYNC | FDFLAG_RSYNC | FDFLAG_SYNC)) != 0) {
            throw new WasiError(Errno.ENOTSUP); // "not yet supported in cap-std"
        }
        if (directory && (creat || excl || trunc)) {
            throw new WasiError(Errno.EINVAL);
        }
        Resolved r = sandbox.resolve("path_open", d, path, (lookup & SYMLINK_FOLLOW) != 0);
        if (r.name() == null || (r.exists() && r.attrs().isDirectory())) {
            if (creat && excl) {
                throw new WasiError(Errno.EEXIST);
            }
            if (write || trunc) {
                throw new WasiError(Errno.EISDIR);
            }
            sandbox.verifyParent("path_open", r);
            List<String> components = new ArrayList<>(r.parentComponents());
            if (r.name() != null) {
                components.add(r.name());
            }
            int opened = fds.push(Rights.inherit(d, new DirDescriptor(d.preopen, components, null)));
            GuestMemory.writeU32(m, openedOut, opened);
            return;
        }
        if (r.exists()) {
            if (creat && excl) {
                throw new WasiError(Errno.EEXIST);
            }
            if (r.attrs().isSymbolicLink()) {
                // the kernel's answer to O_NOFOLLOW on a symlink: ENOTDIR with O_DIRECTORY, ELOOP otherwise
                throw new WasiError(directory ? Errno.ENOTDIR : Errno.ELOOP);
            }
            if (directory) {
                throw new WasiError(Errno.ENOTDIR);
            }
        } else {
            if (!creat) {
                throw new WasiError(Errno.ENOENT);
            }
            if (r.trailingSlash()) {
                throw new WasiError(Errno.EISDIR); // open("new/", O_CREAT)
            }
        }
        // What the fd may do is what its rights asked for, as open(2) with O_RDONLY|O_CREAT or O_RDONLY|O_TRUNC gives
        // a read-only fd. Creating and truncating still need the channel open for writing: java.nio ignores CREATE
        // and TRUNCATE_EXISTING on a channel opened only to read. (wasmtime makes such an fd writable.)
        boolean readable = read || !write;
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (readable) {
            opts.add(StandardOpenOption.READ);
        }
        if (write || creat || trunc) {
            opts.add(StandardOpenOption.WRITE);
        }
        if (creat) {
            opts.add(excl ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if (trunc) {
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        sandbox.verifyParent("path_open", r);
        FileChannel ch = FileChannel.open(r.host(), opts);
        FileDescriptor f = Rights.inherit(
                d,
                new FileDescriptor(
                        ch,
                        r.host(),
                        d.preopen,
                        readable,
                        write,
                        (fdflags & FDFLAG_APPEND) != 0,
                        (fdflags & FDFLAG_NONBLOCK) != 0));
        int opened;
        try {
            opened = fds.push(f);
        } catch (WasiError e) {
            ch.close();
            throw e;
        }
        GuestMemory.writeU32(m, openedOut, opened);
    }

    void pathReadlink(Memory m, int fd, String path, int buf, int bufLength, int usedOut)
            throws WasiError, IOException {
        DirDescriptor d = dir(fd, Rights.PATH_READLINK);
        long bufLen = Integer.toUnsignedLong(bufLength);
        Resolved r = sandbox.resolve("path_readlink", d, path, false);
        if (!r.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        if (r.name() == null || !r.attrs().isSymbolicLink()) {
            throw new WasiError(Errno.EINVAL); // readlink(2) on something that is not a symlink
        }
        sandbox.verifyParent("path_readlink", r);
        byte[] target = Files.readSymbolicLink(r.host()).toString().getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(target.length, bufLen); // truncated silently, as readlink(2) and wasmtime do
        GuestMemory.write(m, buf, target, 0, n);
        GuestMemory.writeU32(m, usedOut, n);
    }

    void pathRemoveDirectory(int fd, String path) throws WasiError, IOException {
        DirDescriptor d = dir(fd, Rights.PATH_REMOVE_DIRECTORY);
        sandbox.requireWritable("path_remove_directory", d, path);
        Resolved r = sandbox.resolve("path_remove_directory", d, path, false);
        if (r.name() == null) {
            throw new WasiError(Errno.EINVAL); // rmdir(".")
        }
        if (!r.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        if (!r.attrs().isDirectory()) {
            throw new WasiError(Errno.ENOTDIR);
        }
        sandbox.verifyParent("path_remove_directory", r);
        Files.delete(r.host());
    }

    void pathRename(int fd, String oldPath, int newFd, String newPath) throws WasiError, IOException {
        DirDescriptor from = dir(fd, Rights.PATH_RENAME_SOURCE);
        DirDescriptor to = dir(newFd, Rights.PATH_RENAME_TARGET);
        sandbox.requireWritable("path_rename", from, oldPath);
        sandbox.requireWritable("path_rename", to, newPath);
        Resolved source = sandbox.resolve("path_rename", from, oldPath, false);
        Resolved target = sandbox.resolve("path_rename", to, newPath, false);
        if (!source.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        if (source.name() == null || target.name() == null) {
            throw new WasiError(Errno.EBUSY); // rename(2) of "." or onto it
        }
        if (target.trailingSlash() && !source.attrs().isDirectory()) {
            throw new WasiError(Errno.ENOTDIR); // rename(2): only a directory can be renamed to "name/"
        }
        sandbox.verifyParent("path_rename", source);
        sandbox.verifyParent("path_rename", target);
        Files.move(source.host(), target.host(), StandardCopyOption.ATOMIC_MOVE); // rename(2), replaces the target
    }

    void pathSymlink(String linkTarget, int fd, String newPath) throws WasiError, IOException {
        DirDescriptor d = dir(fd, Rights.PATH_SYMLINK);
        sandbox.requireWritable("path_symlink", d, newPath);
        if (linkTarget.indexOf('\0') >= 0) {
            throw new WasiError(Errno.EINVAL);
        }
        if (linkTarget.startsWith("/")) {
            // cap-std refuses to create absolute symlinks (so no other program is tricked into following one)
            sandbox.report(
                    "path_symlink",
                    linkTarget,
                    "symlinks to absolute paths are not allowed",
                    "use a relative target inside " + d.guestPath());
            throw new WasiError(Errno.EPERM);
        }
        Resolved r = sandbox.resolve("path_symlink", d, newPath, false);
        if (r.name() == null || r.exists()) {
            throw new WasiError(Errno.EEXIST);
        }
        if (r.trailingSlash()) {
            throw new WasiError(Errno.ENOENT); // symlinkat(2): a symlink is never a directory, so "new/" is not there
        }
        sandbox.verifyParent("path_symlink", r);
        // A relative target that climbs out (e.g. "../../etc") may be created, as cap-std allows: it is only text,
        // and every lookup through it is confined by Sandbox.resolve.
        Files.createSymbolicLink(r.host(), r.parent().getFileSystem().getPath(linkTarget));
    }

    void pathUnlinkFile(int fd, String path) throws WasiError, IOException {
        DirDescriptor d = dir(fd, Rights.PATH_UNLINK_FILE);
        sandbox.requireWritable("path_unlink_file", d, path);
        Resolved r = sandbox.resolve("path_unlink_file", d, path, false);
        if (r.name() == null) {
            throw new WasiError(Errno.EISDIR);
        }
        if (!r.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        if (r.attrs().isDirectory()) {
            throw new WasiError(Errno.EISDIR); // unlinkat(2) on Linux
        }
        sandbox.verifyParent("path_unlink_file", r);
        Files.delete(r.host());
    }

    private static int lookupFlags(int flags) throws WasiError {
        if ((flags & ~SYMLINK_FOLLOW) != 0) {
            throw new WasiError(Errno.EINVAL);
        }
        return flags;
    }

    // ---- sockets -------------------------------------------------------------------------------------------------

    /** wasmtime grants no preview1 sockets: EBADF for an unknown fd, ENOTSOCK for any other. */
    void noSocket(int fd) throws WasiError {
        fds.get(fd);
        throw new WasiError(Errno.ENOTSOCK);
    }
}
