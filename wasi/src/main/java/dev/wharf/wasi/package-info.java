/**
 * Wharf's WASI preview1 host ({@code wasi_snapshot_preview1}) on Chicory's runtime API.
 *
 * <p>Public surface: {@link dev.wharf.wasi.WasiHost} (builder, {@code hostFunctions()}, {@code close()}),
 * {@link dev.wharf.wasi.WasiExitException}, {@link dev.wharf.wasi.Denial}, and {@link dev.wharf.wasi.WasiFunctions}
 * (the declarations: what each function touches, for `wharf inspect`). Calls are traced as
 * {@link dev.wharf.host.HostCall}s. Everything else is package-private.
 *
 * <p>Behaviour follows wasmtime 14+ (its preview1 over the preview2 host and cap-std). Deliberate differences:
 * <ul>
 *   <li>clock_res_get/clock_time_get answer the process and thread CPU-time clocks (wasmtime: EBADF).</li>
 *   <li>fd_read/fd_write on files fill/drain every iovec (wasmtime: only the first non-empty one); both are
 *       valid short-read/short-write behaviour.</li>
 *   <li>fd_readdir lists entries sorted by name (wasmtime: OS order), so cookies are stable and output repeatable.
 *       Inode numbers are the real st_ino/st_dev (wasmtime: a hash of them, dev=1).</li>
 *   <li>Directory descriptors are held as paths inside their preopen (java.nio has no openat): if an opened
 *       directory is renamed, the descriptor follows the name, not the inode.</li>
 *   <li>fd_fdstat_set_rights really drops rights (wasmtime: ENOTSUP): fd_fdstat_get reports what is left, a call that
 *       needs a dropped right fails with ENOTCAPABLE, and fds opened below a directory start without what was dropped
 *       from its inheriting rights. Rights asked for at path_open are reported, not enforced, as in wasmtime.</li>
 *   <li>path_open with O_CREAT or O_TRUNC but without FD_WRITE gives a read-only fd, as open(2) does (wasmtime:
 *       writable). Directories report PATH_FILESTAT_SET_SIZE, which O_TRUNC uses (wasmtime leaves it out).</li>
 *   <li>Diagnostics only ({@code WasiHost.Builder.diagnosticRoot}, which {@code wharf run} turns on with
 *       {@code WHARF_LOG=debug}, {@code WHARF_LOG=wasi=trace} or {@code -D wasi-trace}): one extra preopen named
 *       "/" is listed after the granted ones. It grants nothing; every path under it fails with ENOTCAPABLE, the errno
 *       wasi-libc gives by itself for a path outside every preopen, and the refusal is reported with the {@code --dir}
 *       that would grant it. Granted preopens keep their fd numbers. What a guest can notice: enumerating preopens
 *       (fd_prestat_get) finds "/" as well, and the fds it opens are numbered one higher.</li>
 * </ul>
 */
package dev.wharf.wasi;
