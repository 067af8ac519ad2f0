package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.host.HostCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diagnostic root: a "/" preopen that grants nothing but makes refused paths visible to the host. */
class DiagnosticRootTest {
    @TempDir
    Path data;

    @Test
    void withoutItLibcRefusesAbsolutePathsAloneAndTheHostNeverSeesThem() throws IOException {
        Files.writeString(data.resolve("app.toml"), "port = 8080\n");
        List<HostCall> calls = new ArrayList<>();
        Guest.Result r = Guest.run(
                "trace_files",
                List.of("/data/app.toml", "/etc/config"),
                b -> b.preopen(data, "/data", false).callListener(calls::add));
        assertEquals(
                "/data/app.toml: read 12 bytes\n/etc/config: cannot open: errno 76 (Capabilities insufficient)\n",
                r.stdout());
        assertTrue(r.denials().isEmpty(), r.denials().toString());
        assertFalse(calls.stream().anyMatch(c -> c.args().contains("\"etc/config\"")), calls.toString());
    }

    @Test
    void withItTheGuestSeesTheSameErrnoAndTheDenialNamesTheGrant() throws IOException {
        Files.writeString(data.resolve("app.toml"), "port = 8080\n");
        List<HostCall> calls = new ArrayList<>();
        Guest.Result r = Guest.run(
                "trace_files",
                List.of("/data/app.toml", "/etc/config", "relative.txt"),
                b -> b.preopen(data, "/data", false).diagnosticRoot(true).callListener(calls::add));
        assertEquals(
                "/data/app.toml: read 12 bytes\n"
                        + "/etc/config: cannot open: errno 76 (Capabilities insufficient)\n"
                        + "relative.txt: cannot open: errno 76 (Capabilities insufficient)\n",
                r.stdout());
        assertEquals(
                List.of(
                        new Denial(
                                "path_open", "/etc/config", "not inside any preopened directory", "--dir /etc::/etc"),
                        new Denial(
                                "path_open",
                                "/relative.txt",
                                "not inside any preopened directory",
                                "--dir HOST::/ (a host directory to appear as /)")),
                r.denials());
        // the granted preopen keeps fd 3; the root comes after it
        var lines = calls.stream().map(HostCall::line).toList();
        assertTrue(
                lines.contains("path_open(fd=4, \"etc/config\", lookup=SYMLINK_FOLLOW) = ENOTCAPABLE"),
                lines.toString());
        assertTrue(
                calls.stream()
                        .anyMatch(c -> c.function().equals("path_open")
                                && c.args().get(0).equals("fd=3")
                                && c.status() == 0),
                lines.toString());
    }

    @Test
    void aGuestListingItsPreopensSeesTheRootLast() {
        Guest.Result r = Guest.run(
                "trace_files",
                List.of("--preopens"),
                b -> b.preopen(data, "/data", true).diagnosticRoot(true));
        assertEquals("preopen 3 /data\npreopen 4 /\n", r.stdout());
    }

    @Test
    void everyPathOperationUnderTheRootIsRefusedWithoutTouchingTheHost() {
        // with no directory granted, every path lands on the root: each call must fail as libc would and be reported
        List<HostCall> calls = new ArrayList<>();
        Guest.Result r = Guest.run(
                "trace_files",
                List.of("/", "/tmp/x", "/etc/passwd"),
                b -> b.diagnosticRoot(true).callListener(calls::add));
        assertTrue(r.stdout().contains("/etc/passwd: cannot open: errno 76"), r.stdout());
        assertFalse(r.stdout().contains("read"), "nothing under / is readable: " + r.stdout());
        assertTrue(
                r.denials().stream()
                        .anyMatch(d -> d.guestPath().equals("/etc/passwd")
                                && d.remedy().equals("--dir /etc::/etc")),
                r.denials().toString());
        assertTrue(
                calls.stream().filter(c -> c.function().startsWith("path_")).allMatch(c -> c.status() == 76),
                calls.toString());
    }

    @Test
    void aDirectoryGrantedAsDotOrRootKeepsEveryPathAndNoRootIsAdded() throws IOException {
        Files.writeString(data.resolve("here.txt"), "x");
        for (String guest : List.of(".", "/")) {
            Guest.Result r = Guest.run(
                    "trace_files",
                    List.of("--preopens", "here.txt"),
                    b -> b.preopen(data, guest, true).diagnosticRoot(true));
            assertEquals("preopen 3 " + guest + "\nhere.txt: read 1 bytes\n", r.stdout(), "granted as " + guest);
        }
    }
}
