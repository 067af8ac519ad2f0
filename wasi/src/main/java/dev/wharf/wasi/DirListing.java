package dev.wharf.wasi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * fd_readdir's view of a directory: "." and ".." first (as wasmtime synthesizes them), then the entries sorted by
 * name so that cookies (an entry's index + 1) mean the same thing on every call. Entry types come from lstat: a
 * symlink is reported as SYMBOLIC_LINK, like the d_type the OS gives.
 */
final class DirListing {
    record Entry(byte[] name, long inode, int filetype) {}

    private DirListing() {}

    static List<Entry> read(Path dir) throws WasiError {
        List<Entry> entries = new ArrayList<>();
        long selfInode = FileStat.inode(dir);
        entries.add(new Entry(".".getBytes(StandardCharsets.UTF_8), selfInode, FileStat.DIRECTORY));
        // wasmtime reports the directory's own inode for ".." too (it cannot see the parent through a capability)
        entries.add(new Entry("..".getBytes(StandardCharsets.UTF_8), selfInode, FileStat.DIRECTORY));
        List<Entry> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                Map<String, Object> a;
                try {
                    a = Files.readAttributes(child, "unix:ino,mode", LinkOption.NOFOLLOW_LINKS);
                } catch (IOException gone) {
                    continue; // removed while listing
                }
                children.add(new Entry(
                        name.getBytes(StandardCharsets.UTF_8), (Long) a.get("ino"), FileStat.filetype((Integer)
                                a.get("mode"))));
            }
        } catch (IOException e) {
            throw IoErrors.wrap(e);
        }
        children.sort((x, y) -> Arrays.compareUnsigned(x.name(), y.name()));
        entries.addAll(children);
        return entries;
    }
}
