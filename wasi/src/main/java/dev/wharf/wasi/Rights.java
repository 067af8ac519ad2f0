package dev.wharf.wasi;

/**
 * Preview1 rights: the bits, and what each kind of descriptor naturally has (what fd_fdstat_get reports before the
 * guest drops any). Which rights a descriptor reports follows wasmtime; which it enforces is narrower: only the ones
 * the guest itself dropped with fd_fdstat_set_rights (and what fds opened below a directory inherit of that), as the
 * preview1 rights model asks. Rights requested at path_open are not enforced, as in wasmtime: wasi-libc and Rust std
 * ask for less than they later use.
 */
final class Rights {
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
    static final long PATH_FILESTAT_SET_SIZE = 1L << 19;
    static final long PATH_FILESTAT_SET_TIMES = 1L << 20;
    static final long FD_FILESTAT_GET = 1L << 21;
    static final long FD_FILESTAT_SET_SIZE = 1L << 22;
    static final long FD_FILESTAT_SET_TIMES = 1L << 23;
    static final long PATH_SYMLINK = 1L << 24;
    static final long PATH_REMOVE_DIRECTORY = 1L << 25;
    static final long PATH_UNLINK_FILE = 1L << 26;
    static final long POLL_FD_READWRITE = 1L << 27;
    static final long ALL = (1L << 30) - 1;

    /** What wasmtime hard-codes for a preopened directory ("expected by many userlands"). */
    static final long PREOPEN = PATH_CREATE_DIRECTORY
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

    static final long PREOPEN_INHERITING = PREOPEN
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

    private Rights() {}

    /**
     * The base rights a descriptor has before the guest drops any. (instanceof rather than a pattern switch: each
     * switch over types is a class the JVM spins at start-up, on every run.)
     */
    static long natural(Descriptor d) {
        if (d instanceof FileDescriptor f) {
            long r = ALL;
            if (!f.readable) {
                r &= ~(FD_READ | FD_READDIR);
            }
            if (!f.writable) {
                r &= ~FD_WRITE;
            }
            return r;
        }
        if (d instanceof DirDescriptor dir) {
            // wasmtime takes FD_SEEK, FD_FILESTAT_SET_SIZE and PATH_FILESTAT_SET_SIZE from directories; Wharf keeps
            // the last, since path_open with O_TRUNC does set sizes through a directory
            return dir.prestatName != null ? PREOPEN : ALL & ~FD_SEEK & ~FD_FILESTAT_SET_SIZE & ~FD_WRITE;
        }
        return d instanceof Descriptor.Stdin ? FD_READ : FD_WRITE;
    }

    /**
     * The inheriting rights a descriptor has before the guest drops any. A directory opened below a preopen passes on
     * every right (wasmtime: its own base rights, so without FD_WRITE), because wasi-libc's openat asks for what a
     * directory fd lists here: without FD_WRITE, a file opened for writing through it could not be written.
     */
    static long naturalInheriting(Descriptor d) {
        if (d instanceof DirDescriptor dir) {
            return dir.prestatName != null ? PREOPEN_INHERITING : ALL;
        }
        return natural(d);
    }

    /** What fd_fdstat_get reports. */
    static long base(Descriptor d) {
        return natural(d) & ~d.droppedBase;
    }

    static long inheriting(Descriptor d) {
        return naturalInheriting(d) & ~d.droppedInheriting;
    }

    /**
     * fd_fdstat_set_rights: rights can only shrink (asking for one the descriptor does not have is ENOTCAPABLE). A
     * right the descriptor does not report cannot be dropped: a guest handing back what it read must change nothing.
     */
    static void drop(Descriptor d, long base, long inheriting) throws WasiError {
        long haveBase = base(d);
        long haveInheriting = inheriting(d);
        if ((base & ~haveBase) != 0 || (inheriting & ~haveInheriting) != 0) {
            throw new WasiError(Errno.ENOTCAPABLE);
        }
        d.droppedBase |= haveBase & ~base;
        d.droppedInheriting |= haveInheriting & ~inheriting;
    }

    /** ENOTCAPABLE when the guest dropped {@code right} from this descriptor. */
    static void require(Descriptor d, long right) throws WasiError {
        if ((d.droppedBase & right) != 0) {
            throw new WasiError(Errno.ENOTCAPABLE);
        }
    }

    /** A descriptor opened below {@code dir} starts without what the guest dropped from dir's inheriting rights. */
    static <D extends Descriptor> D inherit(DirDescriptor dir, D opened) {
        opened.droppedBase = dir.droppedInheriting;
        opened.droppedInheriting = dir.droppedInheriting;
        return opened;
    }
}
