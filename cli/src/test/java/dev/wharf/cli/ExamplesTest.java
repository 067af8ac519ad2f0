package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed example binaries must be what their sources build to: nobody runs an unexplained blob. */
class ExamplesTest {
    @Test
    void helloWasmIsReproducibleFromHelloC(@TempDir Path dir) throws Exception {
        Path rebuilt = dir.resolve("hello.wasm");
        var p = new ProcessBuilder(
                        "bash", WharfCli.repo("examples/hello/build.sh").toString(), rebuilt.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertArrayEquals(
                Files.readAllBytes(WharfCli.repo("examples/hello/hello.wasm")),
                Files.readAllBytes(rebuilt),
                "examples/hello/hello.wasm differs from what examples/hello/build.sh builds: rebuild and commit it");
    }
}
