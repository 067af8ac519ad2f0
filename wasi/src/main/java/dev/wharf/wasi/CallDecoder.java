package dev.wharf.wasi;

import static dev.wharf.wasi.GuestMemory.u32;

import com.dylibso.chicory.runtime.Memory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a call's arguments for a trace, strace style: fds as numbers, paths as strings, flags by their WASI names,
 * buffers by length. Rights are left out (noise). Only runs when a call listener is set.
 */
final class CallDecoder {
    private static final String[] OFLAGS = {"O_CREAT", "O_DIRECTORY", "O_EXCL", "O_TRUNC"};
    private static final String[] FDFLAGS = {
        "FDFLAG_APPEND", "FDFLAG_DSYNC", "FDFLAG_NONBLOCK", "FDFLAG_RSYNC", "FDFLAG_SYNC"
    };
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
            case "fd_close",
                    "fd_datasync",
                    "fd_sync",
                    "fd_fdstat_get",
                    "fd_filestat_get",
                    "fd_prestat_get",
                    "fd_tell",
                    "fd_fdstat_set_rights",
                    "sock_accept",
                    "sock_shutdown" -> out.add(fd(a[0]));
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
                out.add(Long.toUnsignedString(a[3]));
            }
            case "fd_prestat_dir_name" -> {
                out.add(fd(a[0]));
                out.add(Integer.toUnsignedString(u32(a[2])));
            }
            case "fd_readdir" -> {
                out.add(fd(a[0]));
                out.add(Integer.toUnsignedString(u32(a[2])) + " bytes");
                out.add(Long.toUnsignedString(a[3]));
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
            case "proc_exit" -> out.add(Integer.toString(u32(a[0])));
            case "random_get" -> out.add(Integer.toUnsignedString(u32(a[1])) + " bytes");
            default -> {
                // args_*, environ_*, sched_yield: pointers only, nothing worth showing
            }
        }
        return List.copyOf(out);
    }

    /**
     * What each decoded argument is called in a trace line, position by position ("" = the value speaks for itself:
     * a quoted path, "12 bytes", a clock name). Kept next to {@link #decode} and checked against it by a test.
     */
    private static final Map<String, List<String>> LABELS = labels();

    /** Flag arguments that are left out of a trace line when no flag is set. */
    private static final Set<String> FLAG_LABELS = Set.of("lookup", "oflags", "fdflags", "flags", "fstflags");

    private static Map<String, List<String>> labels() {
        Map<String, List<String>> m = new HashMap<>();
        m.put("clock_res_get", List.of(""));
        m.put("clock_time_get", List.of("", "precision"));
        for (String f : List.of("fd_advise", "fd_allocate")) {
            m.put(f, List.of("fd", "offset", "len"));
        }
        for (String f : List.of(
                "fd_close",
                "fd_datasync",
                "fd_sync",
                "fd_fdstat_get",
                "fd_filestat_get",
                "fd_prestat_get",
                "fd_tell",
                "fd_fdstat_set_rights",
                "sock_accept",
                "sock_shutdown")) {
            m.put(f, List.of("fd"));
        }
        m.put("fd_fdstat_set_flags", List.of("fd", "flags"));
        m.put("fd_filestat_set_size", List.of("fd", "size"));
        m.put("fd_filestat_set_times", List.of("fd", "atim", "mtim", "fstflags"));
        for (String f : List.of("fd_read", "fd_write", "sock_recv", "sock_send")) {
            m.put(f, List.of("fd", ""));
        }
        m.put("fd_pread", List.of("fd", "", "offset"));
        m.put("fd_pwrite", List.of("fd", "", "offset"));
        m.put("fd_prestat_dir_name", List.of("fd", "len"));
        m.put("fd_readdir", List.of("fd", "", "cookie"));
        m.put("fd_renumber", List.of("fd", "to"));
        m.put("fd_seek", List.of("fd", "offset", ""));
        for (String f :
                List.of("path_create_directory", "path_remove_directory", "path_unlink_file", "path_readlink")) {
            m.put(f, List.of("fd", ""));
        }
        m.put("path_filestat_get", List.of("fd", "lookup", ""));
        m.put("path_filestat_set_times", List.of("fd", "lookup", "", "fstflags"));
        m.put("path_link", List.of("fd", "lookup", "", "new_fd", ""));
        m.put("path_open", List.of("fd", "lookup", "", "oflags", "fdflags"));
        m.put("path_rename", List.of("fd", "", "new_fd", ""));
        m.put("path_symlink", List.of("", "fd", ""));
        m.put("poll_oneoff", List.of(""));
        m.put("proc_raise", List.of(""));
        m.put("proc_exit", List.of(""));
        m.put("random_get", List.of(""));
        return Map.copyOf(m);
    }

    static List<String> labels(String fn) {
        return LABELS.getOrDefault(fn, List.of());
    }

    /**
     * What a successful call handed back through its result pointers, for the trace ("fd 5", "12 bytes"); null when
     * there is nothing more to say than "ok". Read after the call, so it shows what the guest received.
     */
    static String result(String fn, long[] a, Memory m) {
        try {
            return switch (fn) {
                case "path_open" -> "fd " + Integer.toUnsignedString(readU32(m, a[8]));
                case "fd_read", "fd_write" -> Integer.toUnsignedString(readU32(m, a[3])) + " bytes";
                case "fd_pread", "fd_pwrite", "fd_readdir", "sock_recv", "sock_send" ->
                    Integer.toUnsignedString(readU32(m, a[4])) + " bytes";
                case "fd_seek" -> "offset " + Long.toUnsignedString(readU64(m, a[3]));
                case "fd_tell" -> "offset " + Long.toUnsignedString(readU64(m, a[1]));
                case "clock_res_get" -> Long.toUnsignedString(readU64(m, a[1])) + " ns";
                case "clock_time_get" -> Long.toUnsignedString(readU64(m, a[2])) + " ns";
                case "args_sizes_get" ->
                    Integer.toUnsignedString(readU32(m, a[0])) + " args, " + Integer.toUnsignedString(readU32(m, a[1]))
                            + " bytes";
                case "environ_sizes_get" ->
                    Integer.toUnsignedString(readU32(m, a[0])) + " variables, "
                            + Integer.toUnsignedString(readU32(m, a[1])) + " bytes";
                case "fd_prestat_dir_name" -> path(m, a[1], a[2]);
                case "path_readlink" -> path(m, a[3], readU32(m, a[5]));
                case "poll_oneoff" -> Integer.toUnsignedString(readU32(m, a[3])) + " events";
                default -> null;
            };
        } catch (RuntimeException e) {
            return null; // a trace must never be the reason a call fails
        }
    }

    /**
     * One strace-style line: {@code path_open(fd=3, "config/app.toml", oflags=O_CREAT, lookup=SYMLINK_FOLLOW) = ENOENT}.
     * Flags that are all clear are left out; lookup flags go last (they are on for nearly every call).
     */
    static String line(WasiCall c) {
        List<String> labels = labels(c.function());
        List<String> shown = new ArrayList<>();
        List<String> last = new ArrayList<>();
        for (int i = 0; i < c.decodedArgs().size(); i++) {
            String value = c.decodedArgs().get(i);
            String label = i < labels.size() ? labels.get(i) : "";
            if (FLAG_LABELS.contains(label) && value.equals("0")) {
                continue;
            }
            String arg = label.isEmpty() ? value : label + "=" + value;
            (label.equals("lookup") ? last : shown).add(arg);
        }
        shown.addAll(last);
        String call = c.function() + "(" + String.join(", ", shown) + ")";
        if (c.function().equals("proc_exit")) {
            return call; // it does not return
        }
        if (c.errno() != 0) {
            return call + " = " + c.errnoName();
        }
        return call + " = " + (c.result() == null ? "ok" : c.result());
    }

    private static int readU32(Memory m, long ptr) {
        GuestMemory.check(m, u32(ptr), 4);
        return m.readInt(u32(ptr));
    }

    private static long readU64(Memory m, long ptr) {
        GuestMemory.check(m, u32(ptr), 8);
        return m.readLong(u32(ptr));
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
