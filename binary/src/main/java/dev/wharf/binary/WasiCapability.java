package dev.wharf.binary;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The families of WASI preview1 calls a module can ask for, and what in `wharf run` grants each one,
 * so an operator knows before running a module what it will want. A family is asked for when the
 * module imports any of its functions from `wasi_snapshot_preview1` (or the older `wasi_unstable`).
 * Keep {@link #grantedBy} in step with the `run` command's flags.
 */
public enum WasiCapability {
    STDIO(
            "stdio",
            "always: the guest gets stdin, stdout and stderr",
            Set.of("fd_read", "fd_write", "fd_close", "fd_seek", "fd_tell", "fd_fdstat_get", "fd_fdstat_set_flags")),
    FILES("files", "--dir HOST[::GUEST] (read-write) or --dir-ro HOST[::GUEST]; none are open otherwise", Set.of()),
    ENV(
            "env",
            "--env NAME=VAL, or --env NAME to pass the host's value; the guest sees no other variable",
            Set.of("environ_get", "environ_sizes_get")),
    ARGS("args", "the arguments after the module: wharf run MODULE ARG...", Set.of("args_get", "args_sizes_get")),
    CLOCKS("clocks", "always granted", Set.of("clock_time_get", "clock_res_get")),
    RANDOM("random", "always granted", Set.of("random_get")),
    POLL("poll", "always granted (sleeping and waiting on stdin)", Set.of("poll_oneoff", "sched_yield")),
    EXIT("exit", "always granted: the exit code becomes wharf's", Set.of("proc_exit", "proc_raise")),
    SOCKETS(
            "sockets",
            "not granted: Wharf gives guests no network (sock_* calls fail)",
            Set.of(
                    "sock_accept",
                    "sock_recv",
                    "sock_send",
                    "sock_shutdown",
                    "sock_open",
                    "sock_bind",
                    "sock_listen",
                    "sock_connect"));

    /** The import module names WASI preview1 uses. */
    public static final List<String> MODULES = List.of("wasi_snapshot_preview1", "wasi_unstable");

    private final String family;
    private final String grantedBy;
    private final Set<String> functions;

    WasiCapability(String family, String grantedBy, Set<String> functions) {
        this.family = family;
        this.grantedBy = grantedBy;
        this.functions = functions;
    }

    /** Short name: "files", "env", ... */
    public String family() {
        return family;
    }

    /** What grants it in `wharf run`. */
    public String grantedBy() {
        return grantedBy;
    }

    /**
     * The family of one WASI function. Every `path_*` call and every `fd_*` call that stdio does not
     * need is about files; anything unknown is empty.
     */
    public static Optional<WasiCapability> of(String function) {
        for (var c : values()) {
            if (c.functions.contains(function)) {
                return Optional.of(c);
            }
        }
        if (function.startsWith("path_") || function.startsWith("fd_")) {
            return Optional.of(FILES);
        }
        return Optional.empty();
    }
}
