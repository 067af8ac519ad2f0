package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command that reads a module gives the same one-line answer to the same bad input. */
class EveryCommandRefusesBadInputTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"run", "compile", "validate", "inspect", "dump", "print", "explore"})
    @Timeout(30)
    void aTruncatedModuleIsOneLineNamingTheFileAndTheOffset(String command) throws Exception {
        Path bad = dir.resolve(command + "-truncated.wasm");
        Files.write(bad, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, (byte) 0xff});
        var r = WharfCli.run(command, bad.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals(
                "wharf: error: " + bad + ": invalid module at byte offset 0xa: unexpected end of section or function",
                r.singleErrorLine());
        assertEquals("", r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "compile", "validate", "inspect", "dump", "print", "explore"})
    void aDirectoryIsNotAModule(String command) {
        var r = WharfCli.run(command, dir.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.singleErrorLine().contains(dir + ": is a directory"), r.err());
    }
}
