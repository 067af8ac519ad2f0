package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        List<WasiCall> calls = new ArrayList<>();
        Guest.Result r = Guest.run(
                "trace_files",
                List.of("/data/app.toml", "/etc/config"),
                b -> b.preopen(data, "/data", false).callListener(calls::add));
        assertEquals(
                "/data/app.toml: read 12 bytes\n/etc/config: cannot open: errno 76 (Capabilities insufficient)\n",
                r.stdout());
        assertTrue(r.denials().isEmpty(), r.denials().toString());
        assertFalse(calls.stream().anyMatch(c -> c.decodedArgs().contains("\"etc/config\"")), calls.toString());
    }

    @Test
    void withItTheGuestSeesTheSameErrnoAndTheDenialNamesTheGrant() throws IOException {
        Files.writeString(data.resolve("app.toml"), "port = 8080\n");
        List<WasiCall> calls = new ArrayList<>();
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
        assertTrue(
                calls.contains(new WasiCall(
                        "path_open", List.of("4", "SYMLINK_FOLLOW", "\"etc/config\"", "0", "0"), 76, "ENOTCAPABLE")),
                calls.toString());
        assertTrue(
                calls.stream()
                        .anyMatch(c -> c.function().equals("path_open")
                                && c.decodedArgs().get(0).equals("3")
                                && c.errno() == 0),
                calls.toString());
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
        List<WasiCall> calls = new ArrayList<>();
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
                calls.stream().filter(c -> c.function().startsWith("path_")).allMatch(c -> c.errno() == 76),
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

    @Test
    void traceLinesReadLikeStrace() {
        assertEquals(
                "path_open(fd=3, \"config/app.toml\", oflags=O_CREAT, lookup=SYMLINK_FOLLOW) = ENOENT",
                new WasiCall(
                                "path_open",
                                List.of("3", "SYMLINK_FOLLOW", "\"config/app.toml\"", "O_CREAT", "0"),
                                44,
                                "ENOENT")
                        .line());
        assertEquals(
                "path_open(fd=3, \"a.txt\") = fd 5",
                new WasiCall("path_open", List.of("3", "0", "\"a.txt\"", "0", "0"), 0, "SUCCESS", "fd 5").line());
        assertEquals(
                "fd_read(fd=5, 1024 bytes) = 12 bytes",
                new WasiCall("fd_read", List.of("5", "1024 bytes"), 0, "SUCCESS", "12 bytes").line());
        assertEquals("fd_close(fd=5) = ok", new WasiCall("fd_close", List.of("5"), 0, "SUCCESS").line());
        assertEquals("proc_exit(3)", new WasiCall("proc_exit", List.of("3"), 0, "SUCCESS").line());
    }

    @Test
    void everyFunctionHasALabelForEachDecodedArgument() {
        var memory =
                new com.dylibso.chicory.runtime.ByteArrayMemory(new com.dylibso.chicory.wasm.types.MemoryLimits(1, 1));
        long[] zeros = new long[9];
        try (WasiHost host = WasiHost.builder().build()) {
            for (var f : host.hostFunctions()) {
                assertEquals(
                        CallDecoder.labels(f.name()).size(),
                        CallDecoder.decode(f.name(), zeros, memory).size(),
                        f.name());
            }
        }
    }
}
