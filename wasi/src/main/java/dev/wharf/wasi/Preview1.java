package dev.wharf.wasi;

import static dev.wharf.wasi.GuestMemory.u32;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The 46 functions of wasi_snapshot_preview1. Errno choices follow wasmtime's preview1 (crates/wasi/src/preview1.rs,
 * implemented over its preview2 filesystem host and cap-std); where this differs, a comment says so.
 */
final class Preview1 {
    static final String MODULE = "wasi_snapshot_preview1";

    // rights bits
    static final long FD_DATASYNC = 1L;
    static final long FD_READ = 1L << 1;
    static final long FD_SEEK = 1L << 2;
    static final long FD_FDSTAT_SET_FLAGS = 1L << 3;
    static final long FD_SYNC = 1L << 4;
    static final long FD_TELL = 1L << 5;
    static final long FD_WRITE = 1L << 6;
    static final long FD_ADVISE = 1L << 7;
    static final long FD_ALLOCATE = 1L << 8;
    static final long PATH_CREATE_DIRECTORY = 1L << 9;
    static final long PATH_CREATE_FILE = 1L << 10;
    static final long PATH_LINK_SOURCE = 1L << 11;
    static final long PATH_LINK_TARGET = 1L << 12;
    static final long PATH_OPEN = 1L << 13;
    static final long FD_READDIR = 1L << 14;
    static final long PATH_READLINK = 1L << 15;
    static final long PATH_RENAME_SOURCE = 1L << 16;
    static final long PATH_RENAME_TARGET = 1L << 17;
    static final long PATH_FILESTAT_GET = 1L << 18;
    static final long PATH_FILESTAT_SET_TIMES = 1L << 20;
    static final long FD_FILESTAT_GET = 1L << 21;
    static final long FD_FILESTAT_SET_SIZE = 1L << 22;
    static final long FD_FILESTAT_SET_TIMES = 1L << 23;
    static final long PATH_SYMLINK = 1L << 24;
    static final long PATH_REMOVE_DIRECTORY = 1L << 25;
    static final long PATH_UNLINK_FILE = 1L << 26;
    static final long POLL_FD_READWRITE = 1L << 27;
    static final long ALL_RIGHTS = (1L << 30) - 1;

    /** What wasmtime hard-codes for a preopened directory ("expected by many userlands"). */
    static final long PREOPEN_RIGHTS = PATH_CREATE_DIRECTORY
            | PATH_CREATE_FILE
            | PATH_LINK_SOURCE
            | PATH_LINK_TARGET
            | PATH_OPEN
            | FD_READDIR
            | PATH_READLINK
            | PATH_RENAME_SOURCE
            | PATH_RENAME_TARGET
            | PATH_SYMLINK
            | PATH_REMOVE_DIRECTORY
            | PATH_UNLINK_FILE
            | PATH_FILESTAT_GET
            | PATH_FILESTAT_SET_TIMES
            | FD_FILESTAT_GET
            | FD_FILESTAT_SET_TIMES;

    static final long PREOPEN_INHERITING = PREOPEN_RIGHTS
            | FD_DATASYNC
            | FD_READ
            | FD_SEEK
            | FD_FDSTAT_SET_FLAGS
            | FD_SYNC
            | FD_TELL
            | FD_WRITE
            | FD_ADVISE
            | FD_ALLOCATE
            | FD_FILESTAT_GET
            | FD_FILESTAT_SET_SIZE
            | FD_FILESTAT_SET_TIMES
            | POLL_FD_READWRITE;

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
    private final WasiCallListener calls;
    private final boolean stdioIsTerminal;
    private final long monotonicOrigin = System.nanoTime();

    Preview1(
            List<String> args,
            List<String> env,
            FdTable fds,
            Sandbox sandbox,
            Clock clock,
            RandomGenerator random,
            WasiCallListener calls,
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

    @FunctionalInterface
    private interface Impl {
        void call(Memory m, long[] a) throws WasiError, IOException, InterruptedException;
    }

    private static final ValType I32 = ValType.I32;
    private static final ValType I64 = ValType.I64;

    /**
     * One function of the table: its name, its type, and how it is bound to one guest's host (null for proc_exit,
     * which is not errno-returning). Built once per JVM, not per instance: an app host instantiates a guest per
     * request, and building every function's type and closure each time was a measurable part of a request.
     */
    private record Entry(String name, FunctionType type, Function<Preview1, Impl> bind) {}

    private static Entry entry(String name, List<ValType> params, Function<Preview1, Impl> bind) {
        return new Entry(name, FunctionType.of(params, List.of(I32)), bind);
    }

    private static final Entry[] TABLE = {
        entry("args_get", List.of(I32, I32), p -> p::argsGet),
        entry("args_sizes_get", List.of(I32, I32), p -> p::argsSizesGet),
        entry("environ_get", List.of(I32, I32), p -> p::environGet),
        entry("environ_sizes_get", List.of(I32, I32), p -> p::environSizesGet),
        entry("clock_res_get", List.of(I32, I32), p -> p::clockResGet),
        entry("clock_time_get", List.of(I32, I64, I32), p -> p::clockTimeGet),
        entry("fd_advise", List.of(I32, I64, I64, I32), p -> p::fdAdvise),
        entry("fd_allocate", List.of(I32, I64, I64), p -> p::fdAllocate),
        entry("fd_close", List.of(I32), p -> p::fdClose),
        entry("fd_datasync", List.of(I32), p -> (m, a) -> p.fdSync(a, false)),
        entry("fd_fdstat_get", List.of(I32, I32), p -> p::fdFdstatGet),
        entry("fd_fdstat_set_flags", List.of(I32, I32), p -> p::fdFdstatSetFlags),
        entry("fd_fdstat_set_rights", List.of(I32, I64, I64), p -> p::fdFdstatSetRights),
        entry("fd_filestat_get", List.of(I32, I32), p -> p::fdFilestatGet),
        entry("fd_filestat_set_size", List.of(I32, I64), p -> p::fdFilestatSetSize),
        entry("fd_filestat_set_times", List.of(I32, I64, I64, I32), p -> p::fdFilestatSetTimes),
        entry("fd_pread", List.of(I32, I32, I32, I64, I32), p -> p::fdPread),
        entry("fd_prestat_get", List.of(I32, I32), p -> p::fdPrestatGet),
        entry("fd_prestat_dir_name", List.of(I32, I32, I32), p -> p::fdPrestatDirName),
        entry("fd_pwrite", List.of(I32, I32, I32, I64, I32), p -> p::fdPwrite),
        entry("fd_read", List.of(I32, I32, I32, I32), p -> p::fdRead),
        entry("fd_readdir", List.of(I32, I32, I32, I64, I32), p -> p::fdReaddir),
        entry("fd_renumber", List.of(I32, I32), p -> (m, a) -> p.fds.renumber(u32(a[0]), u32(a[1]))),
        entry("fd_seek", List.of(I32, I64, I32, I32), p -> p::fdSeek),
        entry("fd_sync", List.of(I32), p -> (m, a) -> p.fdSync(a, true)),
        entry("fd_tell", List.of(I32, I32), p -> p::fdTell),
        entry("fd_write", List.of(I32, I32, I32, I32), p -> p::fdWrite),
        entry("path_create_directory", List.of(I32, I32, I32), p -> p::pathCreateDirectory),
        entry("path_filestat_get", List.of(I32, I32, I32, I32, I32), p -> p::pathFilestatGet),
        entry("path_filestat_set_times", List.of(I32, I32, I32, I32, I64, I64, I32), p -> p::pathFilestatSetTimes),
        entry("path_link", List.of(I32, I32, I32, I32, I32, I32, I32), p -> p::pathLink),
        entry("path_open", List.of(I32, I32, I32, I32, I32, I64, I64, I32, I32), p -> p::pathOpen),
        entry("path_readlink", List.of(I32, I32, I32, I32, I32, I32), p -> p::pathReadlink),
        entry("path_remove_directory", List.of(I32, I32, I32), p -> p::pathRemoveDirectory),
        entry("path_rename", List.of(I32, I32, I32, I32, I32, I32), p -> p::pathRename),
        entry("path_symlink", List.of(I32, I32, I32, I32, I32), p -> p::pathSymlink),
        entry("path_unlink_file", List.of(I32, I32, I32), p -> p::pathUnlinkFile),
        entry(
                "poll_oneoff",
                List.of(I32, I32, I32, I32),
                p -> (m, a) -> new Poll(p.fds, p.clock, p.monotonicOrigin).pollOneoff(m, a)),
        new Entry("proc_exit", FunctionType.of(List.of(I32), List.of()), null),
        entry("proc_raise", List.of(I32), p -> (m, a) -> {
            throw new WasiError(Errno.ENOTSUP); // wasmtime: Errno::Notsup
        }),
        entry("sched_yield", List.of(), p -> (m, a) -> Thread.yield()),
        entry("random_get", List.of(I32, I32), p -> p::randomGet),
        entry("sock_accept", List.of(I32, I32, I32), p -> p::noSocket),
        entry("sock_recv", List.of(I32, I32, I32, I32, I32, I32), p -> p::noSocket),
        entry("sock_send", List.of(I32, I32, I32, I32, I32), p -> p::noSocket),
        entry("sock_shutdown", List.of(I32, I32), p -> p::noSocket),
    };

    HostFunction[] functions() {
        var out = new HostFunction[TABLE.length];
        for (int i = 0; i < TABLE.length; i++) {
            out[i] = bind(TABLE[i]);
        }
        return out;
    }

    private static final Map<String, Entry> BY_NAME =
            Arrays.stream(TABLE).collect(Collectors.toUnmodifiableMap(Entry::name, e -> e));

    /** Only the functions {@code wanted} names, in that order; names that are not preview1 functions are ignored. */
    HostFunction[] functions(Collection<String> wanted) {
        var out = new ArrayList<HostFunction>(wanted.size());
        for (String name : wanted) {
            Entry e = BY_NAME.get(name);
            if (e != null) {
                out.add(bind(e));
            }
        }
        return out.toArray(new HostFunction[0]);
    }

    private HostFunction bind(Entry e) {
        return e.bind() == null
                ? procExit(e.type())
                : fn(e.name(), e.type(), e.bind().apply(this));
    }

    private HostFunction fn(String name, FunctionType type, Impl impl) {
        return new HostFunction(MODULE, name, type, (Instance instance, long... a) -> {
            Memory m = instance.memory();
            int errno;
            try {
                impl.call(m, a);
                errno = 0;
            } catch (WasiError e) {
                errno = e.errno.code();
            } catch (IOException e) {
                errno = IoErrors.errno(e).code();
            } catch (UncheckedIOException e) {
                errno = IoErrors.errno(e.getCause()).code();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChicoryInterruptedException("interrupted in " + name, e);
            }
            if (calls != null) {
                calls.onCall(new WasiCall(
                        name,
                        CallDecoder.decode(name, a, m),
                        errno,
                        Errno.nameOf(errno),
                        errno == 0 ? CallDecoder.result(name, a, m) : null));
            }
            return new long[] {errno};
        });
    }

    private HostFunction procExit(FunctionType type) {
        return new HostFunction(MODULE, "proc_exit", type, (Instance instance, long... a) -> {
            int code = (int) a[0];
            if (calls != null) {
                calls.onCall(new WasiCall("proc_exit", List.of(Integer.toString(code)), 0, "SUCCESS"));
            }
            flushOutputs();
            // wasmtime refuses statuses a shell cannot tell from signals: a trap, not an exit
            if (code < 0 || code >= 126) {
                throw new TrapException("exit with invalid exit status outside of [0..126)");
            }
            throw new WasiExitException(code);
        });
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

    private void argsGet(Memory m, long[] a) {
        writeStrings(m, args, u32(a[0]), u32(a[1]));
    }

    private void argsSizesGet(Memory m, long[] a) {
        writeSizes(m, args, u32(a[0]), u32(a[1]));
    }

    private void environGet(Memory m, long[] a) {
        writeStrings(m, env, u32(a[0]), u32(a[1]));
    }

    private void environSizesGet(Memory m, long[] a) {
        writeSizes(m, env, u32(a[0]), u32(a[1]));
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

    private void clockResGet(Memory m, long[] a) throws WasiError {
        long res = switch (u32(a[0])) {
            case CLOCK_REALTIME -> 1_000L; // java.time's system clock ticks in microseconds on Linux
            case CLOCK_MONOTONIC -> 1L;
            // wasmtime answers EBADF for the CPU-time clocks; Wharf measures them (see clockNow)
            case CLOCK_PROCESS_CPUTIME, CLOCK_THREAD_CPUTIME -> 1_000L;
            default -> throw new WasiError(Errno.EINVAL);
        };
        GuestMemory.writeU64(m, u32(a[1]), res);
    }

    private void clockTimeGet(Memory m, long[] a) throws WasiError {
        GuestMemory.writeU64(m, u32(a[2]), clockNow(u32(a[0])));
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

    private void randomGet(Memory m, long[] a) {
        int ptr = u32(a[0]);
        long len = Integer.toUnsignedLong(u32(a[1]));
        GuestMemory.check(m, ptr, len);
        byte[] chunk = new byte[(int) Math.min(len, GuestMemory.CHUNK)];
        for (long done = 0; done < len; done += chunk.length) {
            int n = (int) Math.min(chunk.length, len - done);
            random.nextBytes(chunk);
            m.write(ptr + (int) done, chunk, 0, n);
        }
    }

    // ---- fd_* ------------------------------------------------------------------------------------------------------

    private FileDescriptor file(int fd) throws WasiError {
        if (fds.get(fd) instanceof FileDescriptor f) {
            return f;
        }
        throw new WasiError(Errno.EBADF);
    }

    private DirDescriptor dir(int fd) throws WasiError {
        if (fds.get(fd) instanceof DirDescriptor d) {
            return d;
        }
        throw new WasiError(Errno.EBADF);
    }

    /** wasmtime's get_seekable: stdio is ESPIPE, anything else that is not a file EBADF. */
    private FileDescriptor seekable(int fd) throws WasiError {
        return switch (fds.get(fd)) {
            case FileDescriptor f -> f;
            case Descriptor.Stdin s -> throw new WasiError(Errno.ESPIPE);
            case Descriptor.Output o -> throw new WasiError(Errno.ESPIPE);
            default -> throw new WasiError(Errno.EBADF);
        };
    }

    private void fdAdvise(Memory m, long[] a) throws WasiError {
        file(u32(a[0]));
        if (u32(a[3]) < 0 || u32(a[3]) > 5) {
            throw new WasiError(Errno.EINVAL); // not an advice enum value
        }
        // advice is only a hint; java.nio has no posix_fadvise and ignoring it is always correct
    }

    private void fdAllocate(Memory m, long[] a) throws WasiError {
        file(u32(a[0]));
        throw new WasiError(Errno.ENOTSUP); // wasmtime: fd_allocate is Errno::Notsup for every file
    }

    private void fdClose(Memory m, long[] a) throws WasiError, IOException {
        Descriptor d = fds.remove(u32(a[0]));
        if (d instanceof Descriptor.Output o) {
            o.stream().flush();
        }
        FdTable.close(d);
    }

    private void fdSync(long[] a, boolean metadata) throws WasiError, IOException {
        file(u32(a[0])).channel.force(metadata);
    }

    private void fdFdstatGet(Memory m, long[] a) throws WasiError {
        int ptr = u32(a[1]);
        int filetype;
        int flags = 0;
        long base;
        long inheriting;
        switch (fds.get(u32(a[0]))) {
            case Descriptor.Stdin s -> {
                filetype = stdioFiletype();
                base = inheriting = FD_READ;
            }
            case Descriptor.Output o -> {
                filetype = stdioFiletype();
                base = inheriting = FD_WRITE;
            }
            case DirDescriptor d
            when d.prestatName != null -> {
                filetype = FileStat.DIRECTORY;
                base = PREOPEN_RIGHTS;
                inheriting = PREOPEN_INHERITING;
            }
            case DirDescriptor d -> {
                filetype = FileStat.DIRECTORY;
                base = inheriting = ALL_RIGHTS & ~FD_SEEK & ~FD_FILESTAT_SET_SIZE & ~FD_WRITE;
            }
            case FileDescriptor f -> {
                filetype = fileType(f);
                long r = ALL_RIGHTS;
                if (!f.readable) {
                    r &= ~(FD_READ | FD_READDIR);
                }
                if (!f.writable) {
                    r &= ~FD_WRITE;
                }
                base = inheriting = r;
                flags = (f.append ? FDFLAG_APPEND : 0) | (f.nonBlocking ? FDFLAG_NONBLOCK : 0);
            }
        }
        GuestMemory.check(m, ptr, 24);
        m.writeByte(ptr, (byte) filetype);
        m.writeByte(ptr + 1, (byte) 0);
        m.writeShort(ptr + 2, (short) flags);
        m.writeI32(ptr + 4, 0);
        m.writeLong(ptr + 8, base);
        m.writeLong(ptr + 16, inheriting);
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

    private void fdFdstatSetFlags(Memory m, long[] a) throws WasiError {
        FileDescriptor f = file(u32(a[0]));
        int flags = u32(a[1]);
        if ((flags & ~0x1F) != 0 || (flags & (FDFLAG_DSYNC | FDFLAG_SYNC | FDFLAG_RSYNC)) != 0) {
            throw new WasiError(Errno.EINVAL); // wasmtime only changes APPEND and NONBLOCK
        }
        f.append = (flags & FDFLAG_APPEND) != 0;
        f.nonBlocking = (flags & FDFLAG_NONBLOCK) != 0;
    }

    private void fdFdstatSetRights(Memory m, long[] a) throws WasiError {
        Descriptor d = fds.get(u32(a[0]));
        if (!(d instanceof FileDescriptor || d instanceof DirDescriptor)) {
            throw new WasiError(Errno.EBADF);
        }
        // wasmtime accepts and ignores: rights are not a security boundary in preview1 hosts any more
    }

    private void fdFilestatGet(Memory m, long[] a) throws WasiError, IOException {
        int ptr = u32(a[1]);
        FileStat st = switch (fds.get(u32(a[0]))) {
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
        writeFilestat(m, ptr, st);
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

    private void fdFilestatSetSize(Memory m, long[] a) throws WasiError, IOException {
        FileDescriptor f = file(u32(a[0]));
        long size = a[1];
        if (!f.writable) {
            throw new WasiError(Errno.EPERM); // wasmtime: set_size without FilePerms::WRITE is NotPermitted
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

    private void fdFilestatSetTimes(Memory m, long[] a) throws WasiError, IOException {
        int fstFlags = u32(a[3]);
        FileTime atim = newTime(fstFlags, FST_ATIM, FST_ATIM_NOW, a[1]);
        FileTime mtim = newTime(fstFlags, FST_MTIM, FST_MTIM_NOW, a[2]);
        Path target;
        switch (fds.get(u32(a[0]))) {
            case FileDescriptor f -> {
                if (!f.writable) {
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

    private void fdPrestatGet(Memory m, long[] a) throws WasiError {
        if (fds.get(u32(a[0])) instanceof DirDescriptor d && d.prestatName != null) {
            int ptr = u32(a[1]);
            GuestMemory.check(m, ptr, 8);
            m.writeI32(ptr, 0); // tag 0: dir
            m.writeI32(ptr + 4, d.prestatName.getBytes(StandardCharsets.UTF_8).length);
            return;
        }
        throw new WasiError(Errno.EBADF);
    }

    private void fdPrestatDirName(Memory m, long[] a) throws WasiError {
        if (fds.get(u32(a[0])) instanceof DirDescriptor d && d.prestatName != null) {
            byte[] name = d.prestatName.getBytes(StandardCharsets.UTF_8);
            if (name.length > Integer.toUnsignedLong(u32(a[2]))) {
                throw new WasiError(Errno.ENAMETOOLONG);
            }
            GuestMemory.write(m, u32(a[1]), name, 0, name.length);
            return;
        }
        throw new WasiError(Errno.ENOTDIR); // wasmtime keeps the legacy ENOTDIR here
    }

    private void fdRead(Memory m, long[] a) throws WasiError, IOException, InterruptedException {
        int[][] iovs = GuestMemory.iovecs(m, a[1], a[2]);
        int outPtr = u32(a[3]);
        long n = switch (fds.get(u32(a[0]))) {
            case FileDescriptor f -> {
                long read = readFile(m, f, iovs, f.position);
                f.position += read;
                yield read;
            }
            case Descriptor.Stdin s -> readStdin(m, s.stream(), iovs);
            default -> throw new WasiError(Errno.EBADF);
        };
        GuestMemory.writeU32(m, outPtr, (int) n);
    }

    private void fdPread(Memory m, long[] a) throws WasiError, IOException {
        int[][] iovs = GuestMemory.iovecs(m, a[1], a[2]);
        long offset = a[3];
        long n = switch (fds.get(u32(a[0]))) {
            case FileDescriptor f -> readFile(m, f, iovs, offset);
            case Descriptor.Stdin s -> throw new WasiError(Errno.ESPIPE);
            default -> throw new WasiError(Errno.EBADF);
        };
        GuestMemory.writeU32(m, u32(a[4]), (int) n);
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

    private void fdWrite(Memory m, long[] a) throws WasiError, IOException {
        int[][] iovs = GuestMemory.iovecs(m, a[1], a[2]);
        long n = switch (fds.get(u32(a[0]))) {
            case FileDescriptor f -> {
                long pos = f.append ? f.channel.size() : f.position;
                long written = writeFile(m, f, iovs, pos);
                f.position = f.append ? f.channel.size() : pos + written;
                yield written;
            }
            case Descriptor.Output o -> writeStream(m, o.stream(), iovs);
            default -> throw new WasiError(Errno.EBADF);
        };
        GuestMemory.writeU32(m, u32(a[3]), (int) n);
    }

    private void fdPwrite(Memory m, long[] a) throws WasiError, IOException {
        int[][] iovs = GuestMemory.iovecs(m, a[1], a[2]);
        long n = switch (fds.get(u32(a[0]))) {
            // Linux pwrite semantics, as wasmtime implements them: in append mode the offset is ignored
            case FileDescriptor f -> writeFile(m, f, iovs, f.append ? f.channel.size() : a[3]);
            case Descriptor.Output o -> throw new WasiError(Errno.ESPIPE);
            default -> throw new WasiError(Errno.EBADF);
        };
        GuestMemory.writeU32(m, u32(a[4]), (int) n);
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

    private void fdReaddir(Memory m, long[] a) throws WasiError {
        DirDescriptor d = dir(u32(a[0]));
        int buf = u32(a[1]);
        long bufLen = Integer.toUnsignedLong(u32(a[2]));
        long cookie = a[3];
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
        GuestMemory.writeU32(m, u32(a[4]), (int) (bufLen - cap));
    }

    private void fdSeek(Memory m, long[] a) throws WasiError, IOException {
        FileDescriptor f = seekable(u32(a[0]));
        long offset = a[1];
        long pos = switch (u32(a[2])) {
            case 0 -> offset;
            case 1 -> f.position + offset;
            case 2 -> f.channel.size() + offset;
            default -> throw new WasiError(Errno.EINVAL);
        };
        if (pos < 0) {
            throw new WasiError(Errno.EINVAL);
        }
        f.position = pos;
        GuestMemory.writeU64(m, u32(a[3]), pos);
    }

    private void fdTell(Memory m, long[] a) throws WasiError {
        GuestMemory.writeU64(m, u32(a[1]), seekable(u32(a[0])).position);
    }

    // ---- path_* ----------------------------------------------------------------------------------------------------

    private void pathCreateDirectory(Memory m, long[] a) throws WasiError, IOException {
        DirDescriptor d = dir(u32(a[0]));
        String path = GuestMemory.readString(m, a[1], a[2]);
        sandbox.requireWritable("path_create_directory", d, path);
        Resolved r = sandbox.resolve("path_create_directory", d, path, false);
        if (r.name() == null || r.exists()) {
            throw new WasiError(Errno.EEXIST);
        }
        sandbox.verifyParent("path_create_directory", r);
        Files.createDirectory(r.host());
    }

    private void pathFilestatGet(Memory m, long[] a) throws WasiError, IOException {
        DirDescriptor d = dir(u32(a[0]));
        int lookup = lookupFlags(a[1]);
        String path = GuestMemory.readString(m, a[2], a[3]);
        Resolved r = sandbox.resolve("path_filestat_get", d, path, (lookup & SYMLINK_FOLLOW) != 0);
        if (!r.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        sandbox.verifyParent("path_filestat_get", r);
        writeFilestat(m, u32(a[4]), FileStat.of(r.host(), false));
    }

    private void pathFilestatSetTimes(Memory m, long[] a) throws WasiError, IOException {
        DirDescriptor d = dir(u32(a[0]));
        int lookup = lookupFlags(a[1]);
        String path = GuestMemory.readString(m, a[2], a[3]);
        int fstFlags = u32(a[6]);
        FileTime atim = newTime(fstFlags, FST_ATIM, FST_ATIM_NOW, a[4]);
        FileTime mtim = newTime(fstFlags, FST_MTIM, FST_MTIM_NOW, a[5]);
        sandbox.requireWritable("path_filestat_set_times", d, path);
        Resolved r = sandbox.resolve("path_filestat_set_times", d, path, (lookup & SYMLINK_FOLLOW) != 0);
        if (!r.exists()) {
            throw new WasiError(Errno.ENOENT);
        }
        sandbox.verifyParent("path_filestat_set_times", r);
        setTimes(r.host(), atim, mtim);
    }

    private void pathLink(Memory m, long[] a) throws WasiError, IOException {
        DirDescriptor from = dir(u32(a[0]));
        int lookup = lookupFlags(a[1]);
        String oldPath = GuestMemory.readString(m, a[2], a[3]);
        DirDescriptor to = dir(u32(a[4]));
        String newPath = GuestMemory.readString(m, a[5], a[6]);
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
        sandbox.verifyParent("path_link", source);
        sandbox.verifyParent("path_link", target);
        Files.createLink(target.host(), source.host());
    }

    private void pathOpen(Memory m, long[] a) throws WasiError, IOException {
        int lookup = lookupFlags(a[1]);
        String path = GuestMemory.readString(m, a[2], a[3]);
        int oflags = u32(a[4]);
        long rights = a[5];
        int fdflags = u32(a[7]);
        if ((oflags & ~0xF) != 0 || (fdflags & ~0x1F) != 0) {
            throw new WasiError(Errno.EINVAL); // wiggle rejects unknown flag bits
        }
        DirDescriptor d = switch (fds.get(u32(a[0]))) {
            case DirDescriptor dd -> dd;
            case FileDescriptor f -> throw new WasiError(Errno.ENOTDIR);
            default -> throw new WasiError(Errno.EBADF);
        };
        boolean read = (rights & FD_READ) != 0;
        boolean write = (rights & FD_WRITE) != 0;
        boolean creat = (oflags & O_CREAT) != 0;
        boolean excl = (oflags & O_EXCL) != 0;
        boolean trunc = (oflags & O_TRUNC) != 0;
        boolean directory = (oflags & O_DIRECTORY) != 0;
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
            int fd = fds.push(new DirDescriptor(d.preopen, components, null));
            GuestMemory.writeU32(m, u32(a[8]), fd);
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
        if (trunc && !write && !creat) {
            throw new WasiError(Errno.EINVAL); // Rust std: truncate without write is InvalidInput
        }
        boolean chWrite = write || creat;
        boolean chRead = read || !write;
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (chRead) {
            opts.add(StandardOpenOption.READ);
        }
        if (chWrite) {
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
        FileDescriptor f = new FileDescriptor(
                ch,
                r.host(),
                d.preopen,
                chRead,
                chWrite,
                (fdflags & FDFLAG_APPEND) != 0,
                (fdflags & FDFLAG_NONBLOCK) != 0);
        int fd;
        try {
            fd = fds.push(f);
        } catch (WasiError e) {
            ch.close();
            throw e;
        }
        GuestMemory.writeU32(m, u32(a[8]), fd);
    }

    private void pathReadlink(Memory m, long[] a) throws WasiError, IOException {
        DirDescriptor d = dir(u32(a[0]));
        String path = GuestMemory.readString(m, a[1], a[2]);
        int buf = u32(a[3]);
        long bufLen = Integer.toUnsignedLong(u32(a[4]));
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
        GuestMemory.writeU32(m, u32(a[5]), n);
    }

    private void pathRemoveDirectory(Memory m, long[] a) throws WasiError, IOException {
        DirDescriptor d = dir(u32(a[0]));
        String path = GuestMemory.readString(m, a[1], a[2]);
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

    private void pathRename(Memory m, long[] a) throws WasiError, IOException {
        DirDescriptor from = dir(u32(a[0]));
        String oldPath = GuestMemory.readString(m, a[1], a[2]);
        DirDescriptor to = dir(u32(a[3]));
        String newPath = GuestMemory.readString(m, a[4], a[5]);
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
        sandbox.verifyParent("path_rename", source);
        sandbox.verifyParent("path_rename", target);
        Files.move(source.host(), target.host(), StandardCopyOption.ATOMIC_MOVE); // rename(2), replaces the target
    }

    private void pathSymlink(Memory m, long[] a) throws WasiError, IOException {
        String linkTarget = GuestMemory.readString(m, a[0], a[1]);
        DirDescriptor d = dir(u32(a[2]));
        String newPath = GuestMemory.readString(m, a[3], a[4]);
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
        sandbox.verifyParent("path_symlink", r);
        // A relative target that climbs out (e.g. "../../etc") may be created, as cap-std allows: it is only text,
        // and every lookup through it is confined by Sandbox.resolve.
        Files.createSymbolicLink(r.host(), r.parent().getFileSystem().getPath(linkTarget));
    }

    private void pathUnlinkFile(Memory m, long[] a) throws WasiError, IOException {
        DirDescriptor d = dir(u32(a[0]));
        String path = GuestMemory.readString(m, a[1], a[2]);
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

    private static int lookupFlags(long v) throws WasiError {
        int flags = u32(v);
        if ((flags & ~SYMLINK_FOLLOW) != 0) {
            throw new WasiError(Errno.EINVAL);
        }
        return flags;
    }

    // ---- sockets -------------------------------------------------------------------------------------------------

    /** wasmtime grants no preview1 sockets: EBADF for an unknown fd, ENOTSOCK for any other. */
    private void noSocket(Memory m, long[] a) throws WasiError {
        fds.get(u32(a[0]));
        throw new WasiError(Errno.ENOTSOCK);
    }
}
