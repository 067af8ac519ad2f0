package dev.wharf.wasi;

import static dev.wharf.host.Capability.ARGS;
import static dev.wharf.host.Capability.CLOCKS;
import static dev.wharf.host.Capability.ENV;
import static dev.wharf.host.Capability.EXIT;
import static dev.wharf.host.Capability.FILES;
import static dev.wharf.host.Capability.POLL;
import static dev.wharf.host.Capability.RANDOM;
import static dev.wharf.host.Capability.SOCKETS;
import static dev.wharf.host.Capability.STDIO;

import dev.wharf.host.Args;
import dev.wharf.host.Capability;
import dev.wharf.host.HostFn;
import dev.wharf.host.Param;
import dev.wharf.host.Show;
import dev.wharf.host.ShowRegion;
import dev.wharf.host.Signature;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 46 functions of wasi_snapshot_preview1, each declared once: its parameters in witx order with the name a trace
 * labels them by and how it shows them, what it hands back, the capability it touches and which {@link Preview1}
 * method does the work. The wasm types, the binding, the trace line and `wharf inspect`'s capability listing all
 * come from here. Built once per JVM (see {@link HostFn}).
 */
public final class WasiFunctions {
    /** The import module names WASI preview1 uses (the second is its older name, same functions). */
    public static final List<String> MODULES = List.of(Preview1.MODULE, "wasi_unstable");

    private static final Show FD = Show.U32;
    private static final Show POINTER = Show.HIDDEN;
    private static final Show RIGHTS = Show.HIDDEN;
    private static final Show LOOKUP = Show.last(Show.flags("SYMLINK_FOLLOW"));
    private static final Show OFLAGS = Show.flags("O_CREAT", "O_DIRECTORY", "O_EXCL", "O_TRUNC");
    private static final Show FDFLAGS =
            Show.flags("FDFLAG_APPEND", "FDFLAG_DSYNC", "FDFLAG_NONBLOCK", "FDFLAG_RSYNC", "FDFLAG_SYNC");
    private static final Show FSTFLAGS = Show.flags("ATIM", "ATIM_NOW", "MTIM", "MTIM_NOW");
    private static final Show CLOCK = Show.choice("REALTIME", "MONOTONIC", "PROCESS_CPUTIME_ID", "THREAD_CPUTIME_ID");
    private static final Show WHENCE = Show.choice("SEEK_SET", "SEEK_CUR", "SEEK_END");
    /** an iovec/ciovec array, shown by the bytes it covers */
    private static final ShowRegion IOVECS = (name, memory, ptr, count) -> {
        try {
            return GuestMemory.total(GuestMemory.iovecs(memory, ptr, count)) + " bytes";
        } catch (RuntimeException e) {
            return "-1 bytes";
        }
    };

    private WasiFunctions() {}

    private static HostFn<Preview1.Impl> fn(
            String name, Capability capability, Function<Signature, Preview1.Impl> body) {
        return HostFn.declare(Preview1.MODULE, name, capability, body);
    }

    private static String bytes(long n) {
        return n + " bytes";
    }

    static final List<HostFn<Preview1.Impl>> ALL = List.of(
            fn("args_get", ARGS, f -> {
                var argv = f.i32("argv", POINTER);
                var buf = f.i32("argv_buf", POINTER);
                return (p, a) -> p.argsGet(a.memory(), a.get(argv), a.get(buf));
            }),
            fn("args_sizes_get", ARGS, f -> {
                var count = f.outU32("argc", n -> n + " args");
                var size = f.outU32("argv_buf_size", WasiFunctions::bytes);
                return (p, a) -> p.argsSizesGet(a.memory(), a.get(count), a.get(size));
            }),
            fn("environ_get", ENV, f -> {
                var environ = f.i32("environ", POINTER);
                var buf = f.i32("environ_buf", POINTER);
                return (p, a) -> p.environGet(a.memory(), a.get(environ), a.get(buf));
            }),
            fn("environ_sizes_get", ENV, f -> {
                var count = f.outU32("environc", n -> n + " variables");
                var size = f.outU32("environ_buf_size", WasiFunctions::bytes);
                return (p, a) -> p.environSizesGet(a.memory(), a.get(count), a.get(size));
            }),
            fn("clock_res_get", CLOCKS, f -> {
                var id = f.i32("id", CLOCK);
                var resolution = f.outU64("resolution", n -> Long.toUnsignedString(n) + " ns");
                return (p, a) -> p.clockResGet(a.memory(), a.get(id), a.get(resolution));
            }),
            fn("clock_time_get", CLOCKS, f -> {
                var id = f.i32("id", CLOCK);
                f.i64("precision", Show.U64);
                var time = f.outU64("time", n -> Long.toUnsignedString(n) + " ns");
                return (p, a) -> p.clockTimeGet(a.memory(), a.get(id), a.get(time));
            }),
            fn("fd_advise", FILES, f -> {
                var fd = f.i32("fd", FD);
                f.i64("offset", Show.U64);
                f.i64("len", Show.U64);
                var advice = f.i32("advice", Show.HIDDEN);
                return (p, a) -> p.fdAdvise(a.get(fd), a.get(advice));
            }),
            fn("fd_allocate", FILES, f -> {
                var fd = f.i32("fd", FD);
                f.i64("offset", Show.U64);
                f.i64("len", Show.U64);
                return (p, a) -> p.fdAllocate(a.get(fd));
            }),
            fn("fd_close", STDIO, f -> {
                var fd = f.i32("fd", FD);
                return (p, a) -> p.fdClose(a.get(fd));
            }),
            fn("fd_datasync", FILES, f -> {
                var fd = f.i32("fd", FD);
                return (p, a) -> p.fdSync(a.get(fd), false);
            }),
            fn("fd_fdstat_get", STDIO, f -> {
                var fd = f.i32("fd", FD);
                var stat = f.i32("stat", POINTER);
                return (p, a) -> p.fdFdstatGet(a.memory(), a.get(fd), a.get(stat));
            }),
            fn("fd_fdstat_set_flags", STDIO, f -> {
                var fd = f.i32("fd", FD);
                var flags = f.i32("flags", FDFLAGS);
                return (p, a) -> p.fdFdstatSetFlags(a.get(fd), a.get(flags));
            }),
            fn("fd_fdstat_set_rights", FILES, f -> {
                var fd = f.i32("fd", FD);
                var base = f.i64("fs_rights_base", RIGHTS);
                var inheriting = f.i64("fs_rights_inheriting", RIGHTS);
                return (p, a) -> p.fdFdstatSetRights(a.get(fd), a.get(base), a.get(inheriting));
            }),
            fn("fd_filestat_get", FILES, f -> {
                var fd = f.i32("fd", FD);
                var stat = f.i32("stat", POINTER);
                return (p, a) -> p.fdFilestatGet(a.memory(), a.get(fd), a.get(stat));
            }),
            fn("fd_filestat_set_size", FILES, f -> {
                var fd = f.i32("fd", FD);
                var size = f.i64("size", Show.U64);
                return (p, a) -> p.fdFilestatSetSize(a.get(fd), a.get(size));
            }),
            fn("fd_filestat_set_times", FILES, f -> {
                var fd = f.i32("fd", FD);
                var atim = f.i64("atim", Show.U64);
                var mtim = f.i64("mtim", Show.U64);
                var fstflags = f.i32("fstflags", FSTFLAGS);
                return (p, a) -> p.fdFilestatSetTimes(a.get(fd), a.get(atim), a.get(mtim), a.get(fstflags));
            }),
            fn("fd_pread", FILES, f -> {
                var fd = f.i32("fd", FD);
                var iovs = f.region("iovs", IOVECS);
                var offset = f.i64("offset", Show.U64);
                var nread = f.outU32("nread", WasiFunctions::bytes);
                return (p, a) -> p.fdPread(a.memory(), a.get(fd), iovecs(a, iovs), a.get(offset), a.get(nread));
            }),
            fn("fd_prestat_get", FILES, f -> {
                var fd = f.i32("fd", FD);
                var prestat = f.i32("prestat", POINTER);
                return (p, a) -> p.fdPrestatGet(a.memory(), a.get(fd), a.get(prestat));
            }),
            fn("fd_prestat_dir_name", FILES, f -> {
                var fd = f.i32("fd", FD);
                var path = f.i32("path", POINTER);
                var len = f.i32("len", Show.U32);
                f.result(a -> a.quoted(a.get(path), Integer.toUnsignedLong(a.get(len))));
                return (p, a) -> p.fdPrestatDirName(a.memory(), a.get(fd), a.get(path), a.get(len));
            }),
            fn("fd_pwrite", FILES, f -> {
                var fd = f.i32("fd", FD);
                var iovs = f.region("iovs", IOVECS);
                var offset = f.i64("offset", Show.U64);
                var nwritten = f.outU32("nwritten", WasiFunctions::bytes);
                return (p, a) -> p.fdPwrite(a.memory(), a.get(fd), iovecs(a, iovs), a.get(offset), a.get(nwritten));
            }),
            fn("fd_read", STDIO, f -> {
                var fd = f.i32("fd", FD);
                var iovs = f.region("iovs", IOVECS);
                var nread = f.outU32("nread", WasiFunctions::bytes);
                return (p, a) -> p.fdRead(a.memory(), a.get(fd), iovecs(a, iovs), a.get(nread));
            }),
            fn("fd_readdir", FILES, f -> {
                var fd = f.i32("fd", FD);
                var buf = f.region("buf", ShowRegion.LENGTH);
                var cookie = f.i64("cookie", Show.U64);
                var used = f.outU32("bufused", WasiFunctions::bytes);
                return (p, a) -> p.fdReaddir(a.memory(), a.get(fd), a.ptr(buf), a.len(buf), a.get(cookie), a.get(used));
            }),
            fn("fd_renumber", FILES, f -> {
                var fd = f.i32("fd", FD);
                var to = f.i32("to", FD);
                return (p, a) -> p.fdRenumber(a.get(fd), a.get(to));
            }),
            fn("fd_seek", STDIO, f -> {
                var fd = f.i32("fd", FD);
                var offset = f.i64("offset", Show.S64);
                var whence = f.i32("whence", WHENCE);
                var newOffset = f.outU64("newoffset", n -> "offset " + Long.toUnsignedString(n));
                return (p, a) -> p.fdSeek(a.memory(), a.get(fd), a.get(offset), a.get(whence), a.get(newOffset));
            }),
            fn("fd_sync", FILES, f -> {
                var fd = f.i32("fd", FD);
                return (p, a) -> p.fdSync(a.get(fd), true);
            }),
            fn("fd_tell", STDIO, f -> {
                var fd = f.i32("fd", FD);
                var offset = f.outU64("offset", n -> "offset " + Long.toUnsignedString(n));
                return (p, a) -> p.fdTell(a.memory(), a.get(fd), a.get(offset));
            }),
            fn("fd_write", STDIO, f -> {
                var fd = f.i32("fd", FD);
                var iovs = f.region("iovs", IOVECS);
                var nwritten = f.outU32("nwritten", WasiFunctions::bytes);
                return (p, a) -> p.fdWrite(a.memory(), a.get(fd), iovecs(a, iovs), a.get(nwritten));
            }),
            fn("path_create_directory", FILES, f -> {
                var fd = f.i32("fd", FD);
                var path = f.region("path", ShowRegion.QUOTED);
                return (p, a) -> p.pathCreateDirectory(a.get(fd), a.utf8(path));
            }),
            fn("path_filestat_get", FILES, f -> {
                var fd = f.i32("fd", FD);
                var lookup = f.i32("lookup", LOOKUP);
                var path = f.region("path", ShowRegion.QUOTED);
                var stat = f.i32("stat", POINTER);
                return (p, a) -> p.pathFilestatGet(a.memory(), a.get(fd), a.get(lookup), a.utf8(path), a.get(stat));
            }),
            fn("path_filestat_set_times", FILES, f -> {
                var fd = f.i32("fd", FD);
                var lookup = f.i32("lookup", LOOKUP);
                var path = f.region("path", ShowRegion.QUOTED);
                var atim = f.i64("atim", Show.HIDDEN);
                var mtim = f.i64("mtim", Show.HIDDEN);
                var fstflags = f.i32("fstflags", FSTFLAGS);
                return (p, a) -> p.pathFilestatSetTimes(
                        a.get(fd), a.get(lookup), a.utf8(path), a.get(atim), a.get(mtim), a.get(fstflags));
            }),
            fn("path_link", FILES, f -> {
                var fd = f.i32("fd", FD);
                var lookup = f.i32("lookup", LOOKUP);
                var path = f.region("old_path", ShowRegion.QUOTED);
                var newFd = f.i32("new_fd", FD);
                var newPath = f.region("new_path", ShowRegion.QUOTED);
                return (p, a) -> p.pathLink(a.get(fd), a.get(lookup), a.utf8(path), a.get(newFd), a.utf8(newPath));
            }),
            fn("path_open", FILES, f -> {
                var fd = f.i32("fd", FD);
                var lookup = f.i32("lookup", LOOKUP);
                var path = f.region("path", ShowRegion.QUOTED);
                var oflags = f.i32("oflags", OFLAGS);
                var base = f.i64("fs_rights_base", RIGHTS);
                f.i64("fs_rights_inheriting", RIGHTS);
                var fdflags = f.i32("fdflags", FDFLAGS);
                var opened = f.outU32("opened_fd", n -> "fd " + n);
                return (p, a) -> p.pathOpen(
                        a.memory(),
                        a.get(fd),
                        a.get(lookup),
                        a.utf8(path),
                        a.get(oflags),
                        a.get(base),
                        a.get(fdflags),
                        a.get(opened));
            }),
            fn("path_readlink", FILES, f -> {
                var fd = f.i32("fd", FD);
                var path = f.region("path", ShowRegion.QUOTED);
                var buf = f.region("buf", ShowRegion.HIDDEN);
                var used = f.i32("bufused", POINTER);
                f.result(a -> a.quoted(a.ptr(buf), a.pointedU32(used)));
                return (p, a) ->
                        p.pathReadlink(a.memory(), a.get(fd), a.utf8(path), a.ptr(buf), a.len(buf), a.get(used));
            }),
            fn("path_remove_directory", FILES, f -> {
                var fd = f.i32("fd", FD);
                var path = f.region("path", ShowRegion.QUOTED);
                return (p, a) -> p.pathRemoveDirectory(a.get(fd), a.utf8(path));
            }),
            fn("path_rename", FILES, f -> {
                var fd = f.i32("fd", FD);
                var path = f.region("old_path", ShowRegion.QUOTED);
                var newFd = f.i32("new_fd", FD);
                var newPath = f.region("new_path", ShowRegion.QUOTED);
                return (p, a) -> p.pathRename(a.get(fd), a.utf8(path), a.get(newFd), a.utf8(newPath));
            }),
            fn("path_symlink", FILES, f -> {
                var target = f.region("old_path", ShowRegion.QUOTED);
                var fd = f.i32("fd", FD);
                var path = f.region("new_path", ShowRegion.QUOTED);
                return (p, a) -> p.pathSymlink(a.utf8(target), a.get(fd), a.utf8(path));
            }),
            fn("path_unlink_file", FILES, f -> {
                var fd = f.i32("fd", FD);
                var path = f.region("path", ShowRegion.QUOTED);
                return (p, a) -> p.pathUnlinkFile(a.get(fd), a.utf8(path));
            }),
            fn("poll_oneoff", POLL, f -> {
                var in = f.i32("in", POINTER);
                var out = f.i32("out", POINTER);
                var count = f.i32("nsubscriptions", Show.u32(n -> n + " subscriptions"));
                var events = f.outU32("nevents", n -> n + " events");
                return (p, a) -> p.pollOneoff(a.memory(), a.get(in), a.get(out), a.get(count), a.get(events));
            }),
            fn("proc_exit", EXIT, f -> {
                var code = f.i32("rval", (name, value) -> Integer.toString((int) value));
                f.neverReturns();
                return (p, a) -> p.procExit(a.get(code));
            }),
            fn("proc_raise", EXIT, f -> {
                f.i32("sig", (name, value) -> "signal " + (int) value);
                return (p, a) -> {
                    throw new WasiError(Errno.ENOTSUP); // wasmtime: Errno::Notsup
                };
            }),
            fn("sched_yield", POLL, f -> (p, a) -> Thread.yield()),
            fn("random_get", RANDOM, f -> {
                var buf = f.region("buf", ShowRegion.LENGTH);
                return (p, a) -> p.randomGet(a.memory(), a.ptr(buf), a.len(buf));
            }),
            fn("sock_accept", SOCKETS, f -> {
                var fd = f.i32("fd", FD);
                f.i32("flags", Show.HIDDEN);
                f.outU32("ro_fd", n -> "fd " + n);
                return (p, a) -> p.noSocket(a.get(fd));
            }),
            fn("sock_recv", SOCKETS, f -> {
                var fd = f.i32("fd", FD);
                f.region("ri_data", IOVECS);
                f.i32("ri_flags", Show.HIDDEN);
                f.outU32("ro_datalen", WasiFunctions::bytes);
                f.i32("ro_flags", POINTER);
                return (p, a) -> p.noSocket(a.get(fd));
            }),
            fn("sock_send", SOCKETS, f -> {
                var fd = f.i32("fd", FD);
                f.region("si_data", IOVECS);
                f.i32("si_flags", Show.HIDDEN);
                f.outU32("so_datalen", WasiFunctions::bytes);
                return (p, a) -> p.noSocket(a.get(fd));
            }),
            fn("sock_shutdown", SOCKETS, f -> {
                var fd = f.i32("fd", FD);
                f.i32("how", Show.HIDDEN);
                return (p, a) -> p.noSocket(a.get(fd));
            }));

    /** by name; a name declared twice fails here, at class initialisation */
    static final Map<String, HostFn<Preview1.Impl>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(HostFn::name, fn -> fn));

    /** What a preview1 function touches, or empty when Wharf does not provide a function of that name. */
    public static Optional<Capability> capabilityOf(String function) {
        return Optional.ofNullable(BY_NAME.get(function)).map(HostFn::capability);
    }

    private static int[][] iovecs(Args a, Param.Region iovs) {
        return GuestMemory.iovecs(a.memory(), a.ptr(iovs), a.len(iovs));
    }
}
