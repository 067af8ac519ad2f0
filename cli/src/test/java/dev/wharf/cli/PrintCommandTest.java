package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrintCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheModuleAsWatOnStandardOutputOrIntoAFile() throws Exception {
        String module = WharfCli.fixture("print_control").toString();
        var printed = WharfCli.run("print", module);
        assertEquals(0, printed.exit(), printed.err());
        assertEquals("", printed.err());
        assertTrue(printed.out().startsWith("(module $print_control\n"), printed.out());
        assertTrue(printed.out().contains("br_table 0 (;@4;) 1 (;@3;) 2 (;@2;) 1 (;@3;) 3 (;@1;)"), printed.out());

        Path file = dir.resolve("control.wat");
        var written = WharfCli.run("print", module, "-o", file.toString());
        assertEquals(0, written.exit(), written.err());
        assertEquals("", written.out());
        assertEquals(printed.out(), Files.readString(file));

        // and wabt takes it back
        var wat2wasm = new ProcessBuilder(
                        "wat2wasm",
                        file.toString(),
                        "-o",
                        dir.resolve("control.wasm").toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(wat2wasm.waitFor(60, TimeUnit.SECONDS));
        assertEquals(
                0, wat2wasm.exitValue(), new String(wat2wasm.getInputStream().readAllBytes()));
    }

    @Test
    void aModuleThePrinterRefusesFailsWithOneLineAndPrintsNothing() throws Exception {
        // exception handling: wabt 1.0.32 writes tags and throw but cannot read try_table, so Wharf does not print it
        Path wat = dir.resolve("throwing.wat");
        Files.writeString(wat, "(module (tag $oops) (func $thrower (result i32) throw $oops))");
        Path wasm = dir.resolve("throwing.wasm");
        var wat2wasm = new ProcessBuilder(
                        "wat2wasm", "--enable-exceptions", "--debug-names", wat.toString(), "-o", wasm.toString())
                .start();
        assertTrue(wat2wasm.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, wat2wasm.exitValue());

        var result = WharfCli.run("print", wasm.toString());
        assertEquals(1, result.exit());
        assertEquals("", result.out(), "no half-printed module");
        String line = result.singleErrorLine();
        assertTrue(line.startsWith("wharf: error: " + wasm + ": the module uses exception handling tags"), line);
        assertTrue(line.endsWith("(wasm2wat or wasm-tools print can show it)"), line);

        Path out = dir.resolve("throwing.out.wat");
        var toFile = WharfCli.run("print", wasm.toString(), "-o", out.toString());
        assertEquals(1, toFile.exit());
        assertTrue(Files.notExists(out), "no half-written file");
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                            .toList());
        }
    }

    @Test
    void badInputAndUnwritableOutputGiveOneLine() throws Exception {
        Path text = dir.resolve("notes.wasm");
        Files.writeString(text, "(module)");
        var invalid = WharfCli.run("print", text.toString());
        assertEquals(1, invalid.exit());
        assertTrue(invalid.singleErrorLine().contains("wat2wasm"), invalid.err());

        var missing = WharfCli.run("print", dir.resolve("missing.wasm").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.singleErrorLine().contains("no such file"), missing.err());

        Path nowhere = dir.resolve("no/such/dir/out.wat");
        var unwritable = WharfCli.run("print", WharfCli.fixture("print_floats").toString(), "-o", nowhere.toString());
        assertEquals(1, unwritable.exit());
        assertEquals(
                "wharf: error: cannot write " + nowhere + ": the directory does not exist; choose another path with -o",
                unwritable.singleErrorLine());

        Path directory = Files.createDirectories(dir.resolve("taken/sub")).getParent();
        var onDirectory =
                WharfCli.run("print", WharfCli.fixture("print_floats").toString(), "-o", directory.toString());
        assertEquals(1, onDirectory.exit());
        assertEquals(
                "wharf: error: cannot write " + directory + ": it is a directory; choose another path with -o",
                onDirectory.singleErrorLine());
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                            .toList());
        }
    }
}
