package dev.wharf.wasi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.Map;

/** The filestat record (64 bytes) and filetype codes, read through java.nio's "unix" attribute view. */
final class FileStat {
    static final int UNKNOWN = 0;
    static final int BLOCK_DEVICE = 1;
    static final int CHARACTER_DEVICE = 2;
    static final int DIRECTORY = 3;
    static final int REGULAR_FILE = 4;
    static final int SYMBOLIC_LINK = 7;
    static final int SIZE = 64;

    final long dev;
    final long ino;
    final int filetype;
    final long nlink;
    final long size;
    final long atim;
    final long mtim;
    final long ctim;

    FileStat(long dev, long ino, int filetype, long nlink, long size, long atim, long mtim, long ctim) {
        this.dev = dev;
        this.ino = ino;
        this.filetype = filetype;
        this.nlink = nlink;
        this.size = size;
        this.atim = atim;
        this.mtim = mtim;
        this.ctim = ctim;
    }

    static FileStat of(Path p, boolean follow) throws IOException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Map<String, Object> a = Files.readAttributes(
                p,
                "unix:dev,ino,nlink,size,lastAccessTime,lastModifiedTime,"
                        + "ctime,isDirectory,isRegularFile,isSymbolicLink,isOther,mode",
                opts);
        int mode = (Integer) a.get("mode");
        return new FileStat(
                (Long) a.get("dev"),
                (Long) a.get("ino"),
                filetype(mode),
                ((Number) a.get("nlink")).longValue(),
                (Long) a.get("size"),
                nanos((FileTime) a.get("lastAccessTime")),
                nanos((FileTime) a.get("lastModifiedTime")),
                nanos((FileTime) a.get("ctime")));
    }

    static long inode(Path p) throws WasiError {
        try {
            return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw IoErrors.wrap(e);
        }
    }

    static int filetype(PosixFileAttributes a) {
        if (a.isSymbolicLink()) {
            return SYMBOLIC_LINK;
        }
        if (a.isDirectory()) {
            return DIRECTORY;
        }
        if (a.isRegularFile()) {
            return REGULAR_FILE;
        }
        return UNKNOWN; // devices are told apart by mode below when it is available
    }

    static int filetype(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> DIRECTORY;
            case 0100000 -> REGULAR_FILE;
            case 0120000 -> SYMBOLIC_LINK;
            case 0020000 -> CHARACTER_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            default -> UNKNOWN; // preview1 has no FIFO code; sockets are not exposed (wasmtime: Unknown)
        };
    }

    private static long nanos(FileTime t) {
        if (t == null) {
            return 0;
        }
        Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
