package dev.wharf.wasi;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * fd numbers to descriptors. Numbering follows wasmtime's preview1 adapter: a closed number is reused (the highest
 * freed one first), otherwise one past the highest in use.
 */
final class FdTable {
    private final TreeMap<Integer, Descriptor> used = new TreeMap<>();
    private final TreeSet<Integer> free = new TreeSet<>();

    Descriptor get(int fd) throws WasiError {
        Descriptor d = used.get(fd);
        if (d == null) {
            throw new WasiError(Errno.EBADF);
        }
        return d;
    }

    int push(Descriptor d) throws WasiError {
        Integer fd = free.pollLast();
        if (fd == null) {
            if (used.isEmpty()) {
                fd = 0;
            } else if (used.lastKey() == Integer.MAX_VALUE) {
                throw new WasiError(Errno.EMFILE);
            } else {
                fd = used.lastKey() + 1;
            }
        }
        used.put(fd, d);
        return fd;
    }

    Descriptor remove(int fd) throws WasiError {
        Descriptor d = used.remove(fd);
        if (d == null) {
            throw new WasiError(Errno.EBADF);
        }
        free.add(fd);
        return d;
    }

    /**
     * The descriptor at {@code fd}, which must still hold {@code right}: EBADF when nothing is open there, ENOTCAPABLE
     * when the guest dropped the right.
     */
    Descriptor get(int fd, long right) throws WasiError {
        Descriptor d = get(fd);
        Rights.require(d, right);
        return d;
    }

    /**
     * Moves {@code from} onto {@code to} and returns what {@code to} held, for the caller to close. Like wasmtime,
     * both must be open (EBADF otherwise): fd_renumber replaces a descriptor, it does not pick free numbers.
     */
    Descriptor renumber(int from, int to) throws WasiError {
        Descriptor d = get(from);
        Descriptor old = get(to);
        if (from == to) {
            return null;
        }
        used.remove(from);
        free.add(from);
        used.put(to, d);
        return old;
    }

    void closeAll() {
        for (Map.Entry<Integer, Descriptor> e : used.entrySet()) {
            close(e.getValue());
        }
        used.clear();
        free.clear();
    }

    /** Closes what we opened; stdio streams belong to whoever passed them in and stay open. */
    static void close(Descriptor d) {
        if (d instanceof FileDescriptor f) {
            try {
                f.channel.close();
            } catch (IOException ignored) {
                // nothing useful to tell the guest after the fact
            }
        }
    }
}
