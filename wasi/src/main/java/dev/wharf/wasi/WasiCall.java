package dev.wharf.wasi;

import java.util.List;

/**
 * One completed WASI call for an strace-like trace: paths as strings, fds as numbers, flags by their WASI
 * names ({@code O_CREAT|O_TRUNC}); rights are omitted. {@code errnoName} is e.g. {@code ENOENT} or {@code SUCCESS}.
 */
public record WasiCall(String function, List<String> decodedArgs, int errno, String errnoName) {}
