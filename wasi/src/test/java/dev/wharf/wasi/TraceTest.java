package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.host.HostCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strace-style lines every call is traced as, derived from each function's declaration. */
class TraceTest {
    @TempDir
    Path data;

    private List<String> traced(String fixture, List<String> args, Path preopen) {
        List<HostCall> calls = new ArrayList<>();
        Guest.Result r = Guest.run(fixture, args, b -> {
            if (preopen != null) {
                b.preopen(preopen, "/data", false);
            }
            b.callListener(calls::add);
        });
        assertTrue(r.exitCode() == 0 || fixture.equals("wasi_basics"), r.stdout() + r.stderr());
        return calls.stream().map(HostCall::line).toList();
    }

    @Test
    void pathOpenShowsItsPathFlagsAndTheFdItGaveOrTheErrnoName() throws IOException {
        Files.writeString(data.resolve("input.txt"), "hello world\n");
        Files.createDirectory(data.resolve("sub"));
        List<String> lines = traced("wasi_fs", List.of(), data);
        String all = String.join("\n", lines);

        // libc's fopen("/data/input.txt") becomes path_open on the preopen, path made relative; flags with no bit
        // set and rights are left out, lookup flags go last
        assertTrue(lines.contains("path_open(fd=3, \"input.txt\", lookup=SYMLINK_FOLLOW) = fd 4"), all);
        assertTrue(
                lines.contains("path_open(fd=3, \"out.txt\", oflags=O_CREAT|O_TRUNC, lookup=SYMLINK_FOLLOW) = fd 4"),
                all);
        assertTrue(lines.contains("path_open(fd=3, \"nothing\", lookup=SYMLINK_FOLLOW) = ENOENT"), all);
        assertTrue(
                lines.stream()
                        .anyMatch(
                                l -> l.matches(
                                        "path_open\\(fd=3, \"out.txt\", fdflags=FDFLAG_APPEND, lookup=SYMLINK_FOLLOW\\) = fd \\d+")),
                all);
        assertTrue(
                lines.stream()
                        .anyMatch(l ->
                                l.matches("path_open\\(fd=\\d+, \"../input.txt\", lookup=SYMLINK_FOLLOW\\) = EPERM")),
                all);
        assertTrue(lines.contains("path_unlink_file(fd=3, \"newdir\") = EISDIR"), all);
        assertTrue(lines.contains("fd_prestat_get(fd=4) = EBADF"), "libc probing for preopens ends at the first EBADF");
        assertTrue(lines.contains("fd_prestat_dir_name(fd=3, len=5) = \"/data\""), all);
        assertTrue(lines.stream().anyMatch(l -> l.matches("fd_write\\(fd=1, \\d+ bytes\\) = \\d+ bytes")), all);
    }

    @Test
    void everyKindOfArgumentIsShownTheWayItsDeclarationSays() throws IOException {
        Files.writeString(data.resolve("input.txt"), "hello world\n");
        Files.createDirectory(data.resolve("sub"));
        List<String> lines = traced("wasi_fs", List.of(), data);
        String all = String.join("\n", lines);
        // a signed offset and a whence by name; the new offset handed back
        assertTrue(lines.contains("fd_seek(fd=4, offset=-2, SEEK_END) = offset 4"), all);
        assertTrue(lines.contains("fd_seek(fd=4, offset=-100, SEEK_CUR) = EINVAL"), all);
        assertTrue(lines.contains("fd_tell(fd=4) = offset 6"), all);
        // u64 arguments by name; iovecs by the bytes they cover
        assertTrue(lines.contains("fd_pread(fd=4, 2 bytes, offset=4) = 2 bytes"), all);
        assertTrue(lines.contains("fd_filestat_set_size(fd=4, size=10) = ok"), all);
        assertTrue(
                lines.contains("fd_filestat_set_times(fd=4, atim=0, mtim=1000000000123456789, fstflags=MTIM) = ok"),
                all);
        assertTrue(lines.contains("fd_fdstat_set_flags(fd=4, flags=FDFLAG_SYNC) = EINVAL"), all);
        // two fds and two paths; the symlink's target comes first, as in witx
        assertTrue(lines.contains("path_link(fd=3, \"out.txt\", new_fd=3, \"hard\") = ok"), all);
        assertTrue(
                lines.contains("path_link(fd=3, \"out.txt\", new_fd=3, \"hard2\", lookup=SYMLINK_FOLLOW) = EINVAL"),
                all);
        assertTrue(lines.contains("path_symlink(\"out.txt\", fd=3, \"link\") = ok"), all);
        assertTrue(lines.contains("path_rename(fd=3, \"hard\", new_fd=3, \"newdir/moved\") = ok"), all);
        // a filled buffer is shown as what the guest received
        assertTrue(lines.contains("path_readlink(fd=3, \"link\") = \"out.txt\""), all);
        assertTrue(lines.contains("path_readlink(fd=3, \"link\") = \"out\""), all);
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("fd_readdir\\(fd=3, 4096 bytes, cookie=3\\) = \\d+ bytes")),
                all);
        assertTrue(lines.stream().anyMatch(l -> l.matches("fd_renumber\\(fd=4, to=\\d+\\) = ok")), all);
        assertTrue(lines.contains("sock_shutdown(fd=99) = EBADF"), all);
    }

    @Test
    void clocksArgsAndExitAreTracedToo() {
        List<String> lines = traced("wasi_basics", List.of("exit", "3"), null);
        String all = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.matches("args_sizes_get\\(\\) = 3 args, \\d+ bytes")), all);
        assertTrue(lines.contains("args_get() = ok"), all);
        assertEquals("proc_exit(3)", lines.get(lines.size() - 1), "traced before the guest unwinds, with no result");
    }
}
