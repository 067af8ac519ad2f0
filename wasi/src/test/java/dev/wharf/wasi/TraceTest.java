package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {
    @TempDir
    Path data;

    @Test
    void callListenerSeesDecodedPathOpenWithErrnoName() throws IOException {
        Files.writeString(data.resolve("input.txt"), "hello world\n");
        Files.createDirectory(data.resolve("sub"));
        List<WasiCall> calls = new ArrayList<>();
        Guest.Result r = Guest.run(
                "wasi_fs", List.of(), b -> b.preopen(data, "/data", false).callListener(calls::add));
        assertEquals(0, r.exitCode());

        // libc's fopen("/data/input.txt") becomes path_open on the preopen, path made relative
        assertTrue(
                calls.contains(new WasiCall(
                        "path_open", List.of("3", "SYMLINK_FOLLOW", "\"input.txt\"", "0", "0"), 0, "SUCCESS", "fd 4")),
                "path_open of input.txt");
        assertTrue(calls.contains(new WasiCall(
                "path_open",
                List.of("3", "SYMLINK_FOLLOW", "\"out.txt\"", "O_CREAT|O_TRUNC", "0"),
                0,
                "SUCCESS",
                "fd 4")));
        assertTrue(calls.contains(
                new WasiCall("path_open", List.of("3", "SYMLINK_FOLLOW", "\"nothing\"", "0", "0"), 44, "ENOENT")));
        assertTrue(
                calls.stream()
                        .anyMatch(c -> c.function().equals("path_open")
                                && c.decodedArgs()
                                        .equals(List.of("3", "SYMLINK_FOLLOW", "\"out.txt\"", "0", "FDFLAG_APPEND"))
                                && c.errno() == 0
                                && c.result().matches("fd \\d+")),
                "the opened fd is reported: " + calls);
        assertTrue(calls.contains(
                new WasiCall("path_open", List.of("20", "SYMLINK_FOLLOW", "\"../input.txt\"", "0", "0"), 63, "EPERM")));
        assertTrue(calls.contains(new WasiCall("path_unlink_file", List.of("3", "\"newdir\""), 31, "EISDIR")));
        assertTrue(
                calls.contains(new WasiCall("fd_prestat_get", List.of("4"), 8, "EBADF")),
                "libc probing for preopens ends at the first EBADF");
        assertTrue(
                calls.stream()
                        .anyMatch(c -> c.function().equals("fd_write")
                                && c.decodedArgs().get(0).equals("1")
                                && c.errno() == 0),
                "stdout writes are traced too");
    }

    @Test
    void procExitIsTracedBeforeTheGuestUnwinds() {
        List<WasiCall> calls = new ArrayList<>();
        Guest.Result r = Guest.run("wasi_basics", List.of("exit", "3"), b -> b.callListener(calls::add));
        assertEquals(3, r.exitCode());
        assertEquals(new WasiCall("proc_exit", List.of("3"), 0, "SUCCESS"), calls.get(calls.size() - 1));
    }
}
