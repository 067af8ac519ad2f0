package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command that reads a module gives the same one-line answer to the same bad input, with a byte offset when
 * there is a byte to point at and without one when there is not, and writes nothing.
 */
class EveryCommandRefusesBadInputTest {
    /** Never contacted: push must refuse the module before it opens a connection (port 9 is discard, unserved). */
    private static final String UNREACHED_REGISTRY_REF = "127.0.0.1:9/never/reached:1";

    @TempDir
    static Path dir;

    /** The command line that makes `command` read `module`. */
    private static String[] commandLine(String command, Path module) {
        var args = new ArrayList<>(List.of(command, module.toString()));
        if (command.equals("push")) {
            args.add(UNREACHED_REGISTRY_REF);
        }
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "compile", "validate", "inspect", "dump", "print", "explore", "push"})
    @Timeout(30)
    void aTruncatedModuleIsOneLineNamingTheFileAndTheOffset(String command) throws Exception {
        Path bad = dir.resolve(command + "-truncated.wasm");
        Files.write(bad, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, (byte) 0xff});
        var r = WharfCli.run(commandLine(command, bad));
        assertEquals(1, r.exit(), r.err());
        assertEquals(
                "wharf: error: " + bad + ": invalid module at byte offset 0xa: unexpected end of section or function",
                r.singleErrorLine());
        assertEquals("", r.out());
        assertNothingWrittenBeside(bad);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "compile", "validate", "inspect", "dump", "print", "explore", "push"})
    @Timeout(30)
    void anEmptyFileIsOneLineWithoutAnOffset(String command) throws Exception {
        Path empty = dir.resolve(command + "-empty.wasm");
        Files.write(empty, new byte[0]);
        var r = WharfCli.run(commandLine(command, empty));
        assertEquals(1, r.exit(), r.err());
        assertEquals(
                "wharf: error: " + empty + ": invalid module: the file is empty, not a wasm module",
                r.singleErrorLine());
        assertEquals("", r.out());
        assertNothingWrittenBeside(empty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "compile", "validate", "inspect", "dump", "print", "explore", "push"})
    void aDirectoryIsNotAModule(String command) throws Exception {
        Path directory = Files.createDirectories(dir.resolve(command + "-directory"));
        var r = WharfCli.run(commandLine(command, directory));
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.singleErrorLine().contains(directory + ": is a directory"), r.err());
    }

    /** explore writes MODULE.explore.html beside the module; a refused module gets none. */
    private static void assertNothingWrittenBeside(Path module) throws Exception {
        try (var siblings = Files.list(module.getParent())) {
            var written = siblings.filter(p -> p.getFileName().toString().startsWith(module.getFileName() + "."))
                    .toList();
            assertEquals(List.of(), written);
        }
    }
}
