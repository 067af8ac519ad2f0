package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every fd_* and path_* function through a real C program (wasi_fs.c) and Rust std (wasi_std.rs). */
class FilesystemTest {
    @TempDir
    Path data;

    @BeforeEach
    void populate() throws IOException {
        Files.writeString(data.resolve("input.txt"), "hello world\n");
        Files.createDirectory(data.resolve("sub"));
    }

    private Map<String, String> runTour() {
        Guest.Result r = Guest.run("wasi_fs", List.of(), b -> b.preopen(data, "/data", false));
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals("", r.stderr());
        assertTrue(
                r.denials().stream().allMatch(d -> d.guestPath().equals("../input.txt")),
                r.denials().toString());
        return Arrays.stream(r.stdout().split("\n"))
                .filter(l -> l.contains("="))
                .collect(Collectors.toMap(
                        l -> l.substring(0, l.indexOf('=')),
                        l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> a + "|" + b));
    }

    @Test
    void fileDescriptorFunctions() throws IOException {
        Map<String, String> out = runTour();
        assertEquals("hello world", out.get("libc_read"));
        assertEquals("0 tag=0 len=5", out.get("prestat"));
        assertEquals("0:/data", out.get("prestat_name"));
        assertEquals("37", out.get("prestat_name_short")); // ENAMETOOLONG
        assertEquals("0 type=3 path_open=1", out.get("dir_fdstat"));
        assertEquals("0", out.get("create"));
        assertEquals("6", out.get("write"));
        assertEquals("0:6", out.get("tell"));
        assertEquals("0:0", out.get("seek"));
        assertEquals("0:abc", out.get("read3"));
        assertEquals("0:ef", out.get("pread"));
        assertEquals("0:2", out.get("pwrite"));
        assertEquals("3", out.get("tell_after_p"), "pread/pwrite leave the offset alone");
        assertEquals("0:4", out.get("seek_end"));
        assertEquals("28", out.get("seek_negative")); // EINVAL
        assertEquals("0 type=4 size=6", out.get("fstat"));
        assertEquals("10", out.get("size_after_grow"));
        assertEquals("4", out.get("size_after_shrink"));
        assertEquals("0", out.get("set_times"));
        assertEquals("1000000000123456789", out.get("mtim"));
        assertEquals("28", out.get("set_times_both"));
        assertEquals("0 type=4 read=1 write=1", out.get("fdstat"));
        assertEquals("0", out.get("set_append"));
        assertEquals("28", out.get("set_sync")); // wasmtime only changes APPEND/NONBLOCK
        assertEquals("1", out.get("append_write"));
        assertEquals("1", out.get("append_flag"));
        assertEquals("0", out.get("set_rights"));
        assertEquals("0 sync=0 advise=0 allocate=58", out.get("datasync")); // fd_allocate: ENOTSUP like wasmtime
        assertEquals("0", out.get("renumber"));
        assertEquals("8", out.get("old_fd_after_renumber"));
        assertEquals("0:5", out.get("renumbered_tell"), "the renumbered fd is the file, at its offset");
        assertEquals("0", out.get("close"));
        assertEquals("8", out.get("close_again"));
        assertEquals("0:aXYdZ", out.get("reopen_read"));
        assertEquals("-8", out.get("write_readonly_fd"));
        // ftruncate(2) on an fd not open for writing, which wasmtime passes on (EPERM is for --dir-ro)
        assertEquals("28", out.get("truncate_readonly_fd"));
        assertEquals("0 write=2", out.get("open_append"));
        assertEquals("aXYdZ+1", Files.readString(data.resolve("out.txt")));
        // out.txt shares its inode with the hard link whose times path_filestat_set_times set to 7 s later on
        assertEquals(
                7_000_000_000L,
                Files.getLastModifiedTime(data.resolve("out.txt")).to(TimeUnit.NANOSECONDS));
    }

    @Test
    void pathFunctions() throws IOException {
        Map<String, String> out = runTour();
        assertEquals("0", out.get("mkdir"));
        assertEquals("20", out.get("mkdir_again")); // EEXIST
        assertEquals("0 type=3 size=4096 nlink=2", out.get("stat_newdir").replaceAll("size=\\d+", "size=4096"));
        assertEquals("0", out.get("symlink"));
        assertEquals("0:out.txt", out.get("readlink"));
        assertEquals("0:3", out.get("readlink_short"));
        assertEquals("28", out.get("readlink_file"));
        assertTrue(out.get("lstat_link").startsWith("0 type=7"), out.get("lstat_link"));
        assertTrue(out.get("stat_link").startsWith("0 type=4"), out.get("stat_link"));
        assertEquals("0", out.get("open_link_follow"));
        assertEquals("0:aXYdZ+1", out.get("via_link"));
        assertEquals("32", out.get("open_link_nofollow")); // ELOOP, the kernel's O_NOFOLLOW answer
        assertEquals("0", out.get("link"));
        assertEquals("28", out.get("link_follow_flag")); // wasmtime's link_at refuses SYMLINK_FOLLOW
        assertEquals("20", out.get("link_exists"));
        assertTrue(out.get("stat_out").endsWith("nlink=2"), out.get("stat_out"));
        assertEquals("0", out.get("rename"));
        assertEquals("44", out.get("stat_hard_gone"));
        assertEquals("0", out.get("set_path_times"));
        assertEquals("5000000000,7000000000", out.get("path_times"));
        assertEquals("0", out.get("unlink_link"));
        assertEquals("31", out.get("unlink_dir")); // EISDIR
        assertEquals("55", out.get("rmdir_nonempty")); // ENOTEMPTY
        assertEquals("0", out.get("unlink_moved"));
        assertEquals("0", out.get("rmdir"));
        assertEquals("54", out.get("rmdir_file")); // ENOTDIR
        assertEquals("44", out.get("unlink_missing"));
        assertEquals("54", out.get("unlink_trailing_slash"));
        assertEquals("54", out.get("open_file_as_dir"));
        assertEquals("44", out.get("open_missing"));
        assertEquals("31", out.get("open_dir_for_write"));
        assertEquals("28", out.get("open_creat_directory"));
        assertEquals("20", out.get("open_excl_existing"));
        assertEquals("58", out.get("open_sync")); // ENOTSUP: "not yet supported in cap-std"
        assertEquals("0", out.get("open_sub"));
        assertEquals("0 write=4", out.get("create_in_sub"));
        assertEquals("63", out.get("sub_dotdot"), "an opened directory is its own sandbox root, as in cap-std");
        assertEquals("8", out.get("open_from_closed"));
        assertEquals("54", out.get("open_from_file"));
        assertEquals("8", out.get("read_dir"));
        assertEquals("8", out.get("seek_dir"));
        assertEquals("8", out.get("readdir_file"));
        assertEquals("57", out.get("sock_on_file")); // ENOTSOCK, as wasmtime
        assertEquals("8", out.get("sock_on_bad"));
        assertEquals("57", out.get("accept_on_dir"));
        // on disk
        assertEquals("made", Files.readString(data.resolve("sub/made.txt")));
        assertFalse(Files.exists(data.resolve("newdir")));
        assertFalse(Files.exists(data.resolve("link"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("hello world\n", Files.readString(data.resolve("input.txt")));
    }

    @Test
    void readdirListsDotEntriesThenSortedNamesWithCookies() {
        Map<String, String> out = runTour();
        // at listing time /data holds: input.txt, link (symlink), newdir, out.txt, sub
        assertEquals(
                "0: ./3/next1 ../3/next2 input.txt/4/next3 link/7/next4 newdir/3/next5 out.txt/4/next6 sub/3/next7",
                out.get("readdir"));
        assertEquals("0: link/7/next4 newdir/3/next5 out.txt/4/next6 sub/3/next7", out.get("readdir_from_3"));
        assertEquals("0:30", out.get("readdir_tiny"), "a full buffer reports buf_len so the guest grows it");
        assertEquals(
                ". .. input.txt link newdir out.txt sub (7)",
                out.get("libc_readdir").replace(",", " ").replace("  ", " ").trim());
        assertEquals("0: ./3/next1 ../3/next2 made.txt/4/next3", out.get("readdir_sub"));
    }

    @Test
    void closingTheHostClosesFilesTheGuestLeftOpen() throws IOException {
        // wasi_fs exits with input.txt still open (its "open_from_file" step); the host's close() must release it
        long before = openFds();
        Guest.run("wasi_fs", List.of(), b -> b.preopen(data, "/data", false));
        assertEquals(before, openFds(), "no OS file descriptor outlives WasiHost.close()");
    }

    private static long openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void rustStdFilesystemEnvAndTime() throws IOException {
        // outside=-1: wasi-libc itself refuses /etc/passwd (ENOTCAPABLE) since no preopen matches; the host never
        // sees it. climb=63: "/data/../../etc/passwd" reaches the host as "../../etc/passwd" and gets EPERM.
        Guest.Result r = Guest.run(
                "wasi_std",
                List.of("/data"),
                b -> b.preopen(data, "/data", false).env("ZED", "last").env("ALPHA", "first"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("""
                env ALPHA=first
                env ZED=last
                missing_var=None
                after_2020=true
                slept_30ms=true
                read="from rust\\nappended\\n"
                from_5="rust\\nappended\\n"
                len=19 is_file=true is_dir=false
                modified_recent=true
                list=b:dir,renamed.txt:file
                outside=-1
                climb=63
                done
                """, r.stdout());
        assertEquals("from rust\nappended\n", Files.readString(data.resolve("rust/copy.txt"), StandardCharsets.UTF_8));
        assertFalse(Files.exists(data.resolve("rust/a/b")));
        assertTrue(Files.isDirectory(data.resolve("rust/a")));
    }
}
