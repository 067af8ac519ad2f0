package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Escape attempts from a preopened directory, each run by wasi_escape.c. Every test checks the errno the guest saw
 * (wasmtime's: EPERM for anything that leaves the capability, as cap-std reports escapes) and that nothing outside
 * the preopen was read, created, changed or deleted: a snapshot of everything beside the preopen (names, types,
 * contents, link targets, mtimes) must be identical afterwards.
 */
class SandboxEscapeTest {
    static final int EPERM = 63;
    static final int ELOOP = 32;
    static final int ENOENT = 44;

    @TempDir
    Path root;

    Path sandbox;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        sandbox = Files.createDirectory(root.resolve("sandbox"));
        outside = Files.createDirectory(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "SECRET");
        Files.writeString(outside.resolve("victim.txt"), "VICTIM");
        Files.createSymbolicLink(outside.resolve("link"), Path.of("secret.txt"));
        Files.writeString(sandbox.resolve("inside.txt"), "inside");
        Files.createDirectory(sandbox.resolve("sub"));
        Files.createDirectory(sandbox.resolve("d"));
        // symlinks a host (or an earlier guest) left inside the preopen
        Files.createSymbolicLink(
                sandbox.resolve("abs"), outside.resolve("secret.txt").toAbsolutePath());
        Files.createSymbolicLink(sandbox.resolve("rel"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(sandbox.resolve("chain1"), Path.of("chain2"));
        Files.createSymbolicLink(sandbox.resolve("chain2"), Path.of("sub/../chain3"));
        Files.createSymbolicLink(sandbox.resolve("chain3"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(sandbox.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(sandbox.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(sandbox.resolve("outdir"), Path.of("../outside"));
        Files.createSymbolicLink(sandbox.resolve("victimlink"), Path.of("../outside/victim.txt"));
        Files.createSymbolicLink(sandbox.resolve("proc"), Path.of("/proc/self/root"));
    }

    /** Everything under root except the preopen itself, and the preopen directory's own entry. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> snap = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.startsWith(sandbox) && !p.equals(sandbox)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what;
                if (a.isSymbolicLink()) {
                    what = "link->" + Files.readSymbolicLink(p);
                } else if (a.isRegularFile()) {
                    what = "file:" + Files.readString(p) + "@"
                            + a.lastModifiedTime().toInstant();
                } else {
                    what = "dir@"
                            + (p.equals(sandbox) ? "" : a.lastModifiedTime().toInstant());
                }
                snap.put(root.relativize(p).toString(), what);
            }
        }
        return snap;
    }

    private Guest.Result attack(String name, boolean readOnly) throws IOException {
        Map<String, String> before = snapshot();
        Guest.Result r = Guest.run("wasi_escape", List.of(name), b -> b.preopen(sandbox, "/data", readOnly));
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals(before, snapshot(), "nothing outside the preopen may change");
        assertFalse(r.stdout().contains("SECRET") || r.stdout().contains("VICTIM"), r.stdout());
        assertFalse(r.stdout().contains("root:"), "/etc/passwd must stay unread: " + r.stdout());
        return r;
    }

    private static int errno(Guest.Result r, String step) {
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith(step + " errno=")) {
                return Integer.parseInt(line.substring(line.indexOf('=') + 1).split(" ")[0]);
            }
        }
        throw new AssertionError("no '" + step + "' line in:\n" + r.stdout());
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
        "dotdot, open, 63",
        "dotdot_deep, open, 63",
        "dotdot_many, open, 63",
        "absolute, open, 63",
        "proc_self, open, 63",
        "symlink_proc, open, 63",
        "symlink_abs, open, 63",
        "symlink_rel, open, 63",
        "symlink_chain, open, 63",
        "symlink_loop, open, 32",
        "symlink_dir, open, 63",
        "symlink_nofollow_final, open, 32",
        "symlink_write, open, 63",
        "symlink_create_through, open, 63",
        "stat_out, stat, 63",
        "stat_via_symlink, stat, 63",
        "guest_symlink_abs, symlink, 63",
        "hardlink_out, link, 63",
        "hardlink_to_out, link, 63",
        "hardlink_via_symlink, link, 63",
        "rename_out, rename, 63",
        "rename_in, rename, 63",
        "rename_via_symlink, rename, 63",
        "mkdir_out, mkdir, 63",
        "mkdir_via_symlink, mkdir, 63",
        "unlink_out, unlink, 63",
        "unlink_via_symlink, unlink, 63",
        "rmdir_out, rmdir, 63",
        "set_times_out, utimes, 63",
        "readlink_out, readlink, 63",
        "long_name, open, 37",
        "nul_byte, open, 28",
        "bad_utf8, open, 25",
    })
    void escapeIsRefused(String attack, String step, int expectedErrno) throws IOException {
        Guest.Result r = attack(attack, false);
        assertEquals(expectedErrno, errno(r, step), r.stdout());
        if (expectedErrno == EPERM) {
            assertFalse(r.denials().isEmpty(), "an EPERM from the sandbox is explained to the user");
        }
    }

    @Test
    void absolutePathOutsideEveryPreopenNamesTheGrantThatWouldAllowIt() throws IOException {
        Guest.Result r = attack("absolute", false);
        assertEquals(
                List.of(new Denial(
                        "path_open", "/etc/passwd", "not inside any preopened directory", "--dir /etc::/etc")),
                r.denials());
    }

    @Test
    void climbingOutIsExplained() throws IOException {
        Guest.Result r = attack("dotdot", false);
        Denial d = r.denials().get(0);
        assertEquals("path_open", d.function());
        assertEquals("../outside/secret.txt", d.guestPath());
        assertEquals("resolves outside the preopened directory /data", d.reason());
        assertEquals("--dir HOST::/outside to grant /outside as well", d.remedy());
    }

    @Test
    void symlinkPointingOutIsExplained() throws IOException {
        Denial abs = attack("symlink_abs", false).denials().get(0);
        assertTrue(abs.reason().startsWith("symlink /data/abs points to the absolute path "), abs.reason());
        Denial rel = attack("symlink_chain", false).denials().get(0);
        assertTrue(rel.reason().contains("chain3 -> ../outside/secret.txt resolves outside /data"), rel.reason());
    }

    @Test
    void libcRefusesAbsolutePathsOutsidePreopensBeforeTheHostSeesThem() throws IOException {
        Guest.Result r = attack("absolute_libc", false);
        assertEquals(76, errno(r, "open")); // ENOTCAPABLE from wasi-libc's preopen lookup
        assertTrue(r.denials().isEmpty());
    }

    @Test
    void guestMayCreateRelativeSymlinkOutwardButNeverFollowIt() throws IOException {
        Guest.Result r = attack("guest_symlink_rel", false);
        assertEquals(0, errno(r, "symlink"), "creation is allowed, as cap-std allows relative targets");
        assertEquals(EPERM, errno(r, "open"));
        assertTrue(r.stdout().contains("readlink errno=0 target=../outside/secret.txt"), r.stdout());
        assertEquals(0, errno(r, "unlink"));
        assertFalse(Files.exists(sandbox.resolve("evil"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void writingThroughAGuestSymlinkCannotTruncateAnOutsideFile() throws IOException {
        Guest.Result r = attack("guest_symlink_write", false);
        assertEquals(0, errno(r, "symlink"));
        assertEquals(EPERM, errno(r, "open"));
        assertEquals("VICTIM", Files.readString(outside.resolve("victim.txt")));
    }

    @Test
    void directoryFdDoesNotFollowASymlinkSwappedInAfterOpening() throws IOException {
        Guest.Result r = attack("dirfd_swap", false);
        assertEquals(0, errno(r, "open_dir"));
        assertEquals(0, errno(r, "rename"));
        assertEquals(0, errno(r, "symlink"));
        assertEquals(ENOENT, errno(r, "open_via_old_fd"));
    }

    @Test
    void readOnlyPreopenRefusesEveryMutationWithEpermAndSaysWhy() throws IOException {
        Map<String, String> inside = new TreeMap<>();
        try (Stream<Path> all = Files.walk(sandbox)) {
            all.forEach(p -> inside.put(p.toString(), p.toFile().lastModified() + ""));
        }
        Guest.Result r = attack("readonly", true);
        assertEquals(0, errno(r, "read"));
        assertTrue(r.stdout().contains("content=inside"), r.stdout());
        for (String step : List.of(
                "create",
                "write",
                "truncate",
                "mkdir",
                "unlink",
                "rmdir",
                "rename",
                "symlink",
                "link",
                "utimes",
                "futimes_dir",
                "create_in_sub")) {
            assertEquals(EPERM, errno(r, step), step + " in " + r.stdout());
        }
        assertEquals(0, errno(r, "open_sub"));
        assertEquals(0, errno(r, "stat"));
        Map<String, String> after = new TreeMap<>();
        try (Stream<Path> all = Files.walk(sandbox)) {
            all.forEach(p -> after.put(p.toString(), p.toFile().lastModified() + ""));
        }
        assertEquals(inside, after, "nothing inside a read-only preopen changes either");
        assertEquals("inside", Files.readString(sandbox.resolve("inside.txt")));
        Denial d = r.denials().get(0);
        assertEquals(
                new Denial(
                        "path_open",
                        "new.txt",
                        "the directory /data is read-only",
                        "--dir " + sandbox + "::/data without the read-only form"),
                d);
        assertEquals(12, r.denials().size(), r.denials().toString());
    }
}
