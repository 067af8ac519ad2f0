package dev.wharf.wasi;

/** Internal: a call fails with this errno. No stack trace: it is the ordinary way a WASI call returns an error. */
final class WasiError extends Exception {
    final Errno errno;

    WasiError(Errno errno) {
        super(errno.name(), null, false, false);
        this.errno = errno;
    }
}
