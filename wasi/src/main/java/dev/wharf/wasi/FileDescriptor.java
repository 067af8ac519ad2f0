package dev.wharf.wasi;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * An open regular file (or other non-directory). The guest-visible offset is kept here, not in the channel, so that
 * reads and writes are positional like wasmtime's (which keeps its own position too).
 */
final class FileDescriptor extends Descriptor {
    final FileChannel channel;
    /** where it was opened; used for stat (Java has no fstat) and timestamps */
    final Path host;

    final Preopen preopen;
    final boolean readable;
    final boolean writable;
    long position;
    boolean append;
    boolean nonBlocking;

    FileDescriptor(
            FileChannel channel,
            Path host,
            Preopen preopen,
            boolean readable,
            boolean writable,
            boolean append,
            boolean nonBlocking) {
        this.channel = channel;
        this.host = host;
        this.preopen = preopen;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
        this.nonBlocking = nonBlocking;
    }
}
