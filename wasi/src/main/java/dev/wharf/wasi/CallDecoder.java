package dev.wharf.wasi;

import static dev.wharf.wasi.GuestMemory.u32;

import com.dylibso.chicory.runtime.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a call's arguments for a trace, strace style: fds as numbers, paths as strings, flags by their WASI names,
 * buffers by length. Rights are left out (noise). Only runs when a call listener is set.
 */
final class CallDecoder {
    private static final String[] OFLAGS = {"O_CREAT", "O_DIRECTORY", "O_EXCL", "O_TRUNC"};
    private static final String[] FDFLAGS = {"FDFLAG_APPEND", "FDFLAG_DSYNC", "FDFLAG_NONBLOCK", "FDFLAG_RSYNC",
        "FDFLAG_SYNC"};
    private static final String[] LOOKUP = {"SYMLINK_FOLLOW"};
    private static final String[] FSTFLAGS = {"ATIM", "ATIM_NOW", "MTIM", "MTIM_NOW"};
    private static final String[] CLOCKS = {"REALTIME", "MONOTONIC", "PROCESS_CPUTIME_ID", "THREAD_CPUTIME_ID"};
    private static final String[] WHENCE = {"SEEK_SET", "SEEK_CUR", "SEEK_END"};

    private CallDecoder() {}

    static List<String> decode(String fn, long[] a, Memory m) {
        List<String> out = new ArrayList<>();
        switch (fn) {
            case "clock_res_get" -> out.add(named(CLOCKS, a[0]));
            case "clock_time_get" -> {
                out.add(named(CLOCKS, a[0]));
                out.add(Long.toUnsignedString(a[1]));
            }
            case "fd_advise", "fd_allocate" -> {
                out.add(fd(a[0]));
                out.add(Long.toUnsignedString(a[1]));
                out.add(Long.toUnsignedString(a[2]));
            }
            case "fd_close", "fd_datasync", "fd_sync", "fd_fdstat_get", "fd_filestat_get", "fd_prestat_get",
                    "fd_tell", "fd_fdstat_set_rights", "sock_accept", "sock_shutdown" -> out.add(fd(a[0]));
            case "fd_fdstat_set_flags" -> {
                out.add(fd(a[0]));
                out.add(flags(FDFLAGS, a[1]));
            }
            case "fd_filestat_set_size" -> {
                out.add(fd(a[0]));
                out.add(Long.toUnsignedString(a[1]));
            }
            case "fd_filestat_set_times" -> {
                out.add(fd(a[0]));
                out.add(Long.toUnsignedString(a[1]));
                out.add(Long.toUnsignedString(a[2]));
                out.add(flags(FSTFLAGS, a[3]));
            }
            case "fd_read", "fd_write", "sock_recv", "sock_send" -> {
                out.add(fd(a[0]));
                out.add(iovLength(m, a[1], a[2]) + " bytes");
            }
            case "fd_pread", "fd_pwrite" -> {
                out.add(fd(a[0]));
                out.add(iovLength(m, a[1], a[2]) + " bytes");
                out.add("@" + Long.toUnsignedString(a[3]));
            }
            case "fd_prestat_dir_name" -> {
                out.add(fd(a[0]));
                out.add(Integer.toUnsignedString(u32(a[2])));
            }
            case "fd_readdir" -> {
                out.add(fd(a[0]));
                out.add(Integer.toUnsignedString(u32(a[2])) + " bytes");
                out.add("cookie " + Long.toUnsignedString(a[3]));
            }
            case "fd_renumber" -> {
                out.add(fd(a[0]));
                out.add(fd(a[1]));
            }
            case "fd_seek" -> {
                out.add(fd(a[0]));
                out.add(Long.toString(a[1]));
                out.add(named(WHENCE, a[2]));
            }
            case "path_create_directory", "path_remove_directory", "path_unlink_file", "path_readlink" -> {
                out.add(fd(a[0]));
                out.add(path(m, a[1], a[2]));
            }
            case "path_filestat_get" -> {
                out.add(fd(a[0]));
                out.add(flags(LOOKUP, a[1]));
                out.add(path(m, a[2], a[3]));
            }
            case "path_filestat_set_times" -> {
                out.add(fd(a[0]));
                out.add(flags(LOOKUP, a[1]));
                out.add(path(m, a[2], a[3]));
                out.add(flags(FSTFLAGS, a[6]));
            }
            case "path_link" -> {
                out.add(fd(a[0]));
                out.add(flags(LOOKUP, a[1]));
                out.add(path(m, a[2], a[3]));
                out.add(fd(a[4]));
                out.add(path(m, a[5], a[6]));
            }
            case "path_open" -> {
                out.add(fd(a[0]));
                out.add(flags(LOOKUP, a[1]));
                out.add(path(m, a[2], a[3]));
                out.add(flags(OFLAGS, a[4]));
                out.add(flags(FDFLAGS, a[7]));
            }
            case "path_rename" -> {
                out.add(fd(a[0]));
                out.add(path(m, a[1], a[2]));
                out.add(fd(a[3]));
                out.add(path(m, a[4], a[5]));
            }
            case "path_symlink" -> {
                out.add(path(m, a[0], a[1]));
                out.add(fd(a[2]));
                out.add(path(m, a[3], a[4]));
            }
            case "poll_oneoff" -> out.add(Integer.toUnsignedString(u32(a[2])) + " subscriptions");
            case "proc_raise" -> out.add("signal " + u32(a[0]));
            case "random_get" -> out.add(Integer.toUnsignedString(u32(a[1])) + " bytes");
            default -> {
                // args_*, environ_*, sched_yield: pointers only, nothing worth showing
            }
        }
        return List.copyOf(out);
    }

    private static String fd(long v) {
        return Integer.toString(u32(v));
    }

    private static String path(Memory m, long ptr, long len) {
        return "\"" + GuestMemory.readStringLenient(m, ptr, len) + "\"";
    }

    private static String named(String[] names, long v) {
        int i = u32(v);
        return i >= 0 && i < names.length ? names[i] : Integer.toString(i);
    }

    /** "O_CREAT|O_TRUNC", or "0" for no flags; unknown bits are shown in hex. */
    static String flags(String[] names, long v) {
        int bits = u32(v);
        if (bits == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
                bits &= ~(1 << i);
            }
        }
        if (bits != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("0x").append(Integer.toHexString(bits));
        }
        return sb.toString();
    }

    private static long iovLength(Memory m, long ptr, long count) {
        try {
            return GuestMemory.total(GuestMemory.iovecs(m, ptr, count));
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
