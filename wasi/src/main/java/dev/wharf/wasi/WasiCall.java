package dev.wharf.wasi;

import java.util.List;

/**
 * One completed WASI call for an strace-like trace: paths as strings, fds as numbers, flags by their WASI
 * names ({@code O_CREAT|O_TRUNC}); rights are omitted. {@code errnoName} is e.g. {@code ENOENT} or {@code SUCCESS}.
 * {@code result} is what a successful call handed back through its result pointers ({@code "fd 5"},
 * {@code "12 bytes"}), or null when there is nothing beyond success to report.
 */
public record WasiCall(String function, List<String> decodedArgs, int errno, String errnoName, String result) {

    public WasiCall {
        decodedArgs = List.copyOf(decodedArgs);
    }

    /** A call with no result to report (every failed call, and successes like fd_close). */
    public WasiCall(String function, List<String> decodedArgs, int errno, String errnoName) {
        this(function, decodedArgs, errno, errnoName, null);
    }

    /**
     * The call as one trace line, e.g. {@code path_open(fd=3, "config/app.toml", oflags=O_CREAT) = ENOENT} or
     * {@code fd_read(fd=4, 1024 bytes) = 12 bytes}.
     */
    public String line() {
        return CallDecoder.line(this);
    }
}
