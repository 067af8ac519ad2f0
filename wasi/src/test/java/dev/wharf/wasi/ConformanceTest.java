package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview1 behaviours WebAssembly/wasi-testsuite checks (fd_fdstat_set_rights, truncation_rights, path_link,
 * renumber, path_symlink_trailing_slashes), through wasi_conformance.c. Errnos are the ones Linux gives and wasmtime
 * passes on; where Wharf goes further than wasmtime (rights really shrink), package-info says so.
 */
class ConformanceTest {
    private static final String ENOENT = "44";
    private static final String EEXIST = "20";
    private static final String ENOTDIR = "54";
    private static final String EBADF = "8";
    private static final String EINVAL = "28";
    private static final String EPERM = "63";
    private static final String ENOTCAPABLE = "76";

    @TempDir
    Path data;

    private Map<String, String> out;

    @BeforeEach
    void run() {
        Guest.Result r = Guest.run("wasi_conformance", List.of(), b -> b.preopen(data, "/data", false));
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals("", r.stderr());
        out = Arrays.stream(r.stdout().split("\n"))
                .filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    @Test
    void droppedRightsAreGoneFromFdstatAndReadsAndWritesFailWithEnotcapable() {
        assertEquals("0 write=0", out.get("rights_open"));
        assertEquals("0", out.get("rights_read"));
        assertEquals("66", out.get("rights_before"), "FD_READ|FD_WRITE");
        assertEquals("0", out.get("rights_same"), "handing back the rights it has changes nothing");
        assertEquals("0", out.get("rights_drop"));
        assertEquals("0 seek=1", out.get("rights_after"), "FD_READ and FD_WRITE are gone, FD_SEEK stays");
        assertEquals(ENOTCAPABLE + " write_dropped=" + ENOTCAPABLE, out.get("rights_read_dropped"));
        assertEquals(ENOTCAPABLE, out.get("rights_regrant"), "rights only shrink");
        assertEquals("0", out.get("rights_seek_kept"));
        assertEquals("0 read=0", out.get("rights_reopened"), "rights belong to the fd, not the file");
    }

    @Test
    void anFdOpenedBelowADirectoryStartsWithoutWhatItsInheritingRightsDropped() {
        assertEquals("0", out.get("inherit_drop"));
        assertEquals("0 fd_write=0 write=" + ENOTCAPABLE, out.get("inherit_open"));
    }

    @Test
    void truncationNeedsThePathRightAndAWritableFdToSetASize() {
        assertEquals("1 fd_set_size=0", out.get("trunc_dir_rights path_set_size"));
        assertEquals("0 size=0", out.get("trunc_no_rights"), "O_TRUNC without any rights truncates");
        assertEquals(
                "0 write=" + EBADF + " set_size=" + EINVAL,
                out.get("trunc_fd_write"),
                "and leaves a read-only fd, as open(2) with O_RDONLY|O_TRUNC does");
        assertEquals("0 size=3", out.get("set_size_writable"));
        assertEquals("0", out.get("trunc_drop"));
        assertEquals("0", out.get("trunc_dir_rights_after"));
        assertEquals(ENOTCAPABLE + " size=3", out.get("trunc_dropped"));
        assertEquals("0", out.get("open_without_trunc"));
        assertEquals(ENOTCAPABLE, out.get("set_size_dropped"));
    }

    @Test
    void aFileOpenedThroughAHardLinkReportsTheRightsOfTheFileItLinksTo() {
        assertEquals("0", out.get("link"));
        assertEquals("1073741759 link_same=1", out.get("link_base"), "every right but FD_WRITE, for both");
        assertEquals(ENOENT, out.get("link_trailing_slash"));
        assertEquals(EEXIST, out.get("link_onto_itself"));
        assertEquals(EPERM, out.get("link_a_directory"));
        assertEquals(EEXIST, out.get("link_onto_directory"));
    }

    @Test
    void renumberNeedsBothFdsOpenAndMovesTheDescriptorWithItsRights() throws IOException {
        assertEquals("0", out.get("renumber"));
        assertEquals("1", out.get("renumber_moved"));
        assertEquals(EBADF, out.get("renumber_source_closed"));
        assertEquals(EBADF, out.get("renumber_onto_closed"));
        assertEquals(EBADF, out.get("renumber_from_closed"));
        assertEquals("0", out.get("renumber_onto_itself"));
        assertEquals("0", out.get("renumber_kept_writes"));
        assertEquals("7", out.get("renumber_file_a"), "the write through the new number reached file a");
    }

    @Test
    void aTrailingSlashNamesADirectory() {
        assertEquals(ENOENT, out.get("symlink_slash_missing"), "symlinkat(2): \"target/\" is not there");
        assertEquals("0", out.get("symlink_missing"));
        assertEquals(EEXIST, out.get("symlink_slash_dir"));
        assertEquals(EEXIST, out.get("symlink_dir"));
        assertEquals(ENOTDIR, out.get("symlink_slash_file"));
        assertEquals(EEXIST, out.get("symlink_file"));
        assertEquals(ENOTDIR, out.get("open_slash_file"));
        assertEquals(ENOTDIR, out.get("stat_slash_file"));
        assertEquals(ENOTDIR, out.get("rename_slash_new"));
        assertEquals(ENOTDIR, out.get("rename_slash_dir"));
        assertEquals(ENOTDIR, out.get("rename_from_slash"));
        assertEquals("0", out.get("target_kept"));
    }

    @Test
    void libcOpenatThroughADirectoryFdCanWrite() throws IOException {
        assertEquals("1 write=4", out.get("libc_openat"));
        assertEquals("1 write=2", out.get("libc_openat_existing"));
        assertEquals("4", out.get("libc_openat_size"));
        try (var left = Files.list(data)) {
            assertEquals(0, left.count(), "the program cleaned up after itself");
        }
    }
}
