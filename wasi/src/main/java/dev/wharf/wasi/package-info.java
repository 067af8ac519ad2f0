/**
 * Wharf's WASI preview1 host ({@code wasi_snapshot_preview1}) on Chicory's runtime API.
 *
 * <p>Public surface: {@link dev.wharf.wasi.WasiHost} (builder, {@code hostFunctions()}, {@code close()}),
 * {@link dev.wharf.wasi.WasiExitException}, {@link dev.wharf.wasi.Denial}, {@link dev.wharf.wasi.WasiCallListener}
 * and {@link dev.wharf.wasi.WasiCall}. Everything else is package-private.
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
 * </ul>
 */
package dev.wharf.wasi;
