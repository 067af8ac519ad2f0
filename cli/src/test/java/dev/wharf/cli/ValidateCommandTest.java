package dev.wharf.cli;

import static dev.wharf.cli.ModuleCommandRun.fixture;
import static dev.wharf.cli.ModuleCommandRun.wharf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.ModuleLayout;
import dev.wharf.binary.ModuleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wharf validate` on good and bad input: every bad input is one line, naming the file and the offset. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ValidateCommandTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] module(int... sectionBytes) {
        byte[] out = Arrays.copyOf(HEADER, HEADER.length + sectionBytes.length);
        for (int i = 0; i < sectionBytes.length; i++) {
            out[HEADER.length + i] = (byte) sectionBytes[i];
        }
        return out;
    }

    /** Runs `wharf validate` on bytes and checks the one line: file, offset, reason. */
    private void assertInvalid(byte[] bytes, String offset, String reasonPart) throws IOException {
        Path p = write("bad.wasm", bytes);
        String line = wharf("validate", p.toString()).oneErrorLine();
        String prefix = "wharf: error: " + p + ": invalid module at byte offset " + offset + ": ";
        assertTrue(line.startsWith(prefix), () -> "expected \"" + prefix + "\", got: " + line);
        assertTrue(line.contains(reasonPart), () -> "expected \"" + reasonPart + "\" in: " + line);
    }

    @Test
    void validModule() {
        Path p = fixture("inspect_command.wasm");
        var run = wharf("validate", p.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(p + ": valid\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void validCAndReactorFixtures() {
        for (String name : new String[] {"inspect_caps.wasm", "inspect_reactor.wasm"}) {
            var run = wharf("validate", fixture(name).toString());
            assertEquals(0, run.exit(), run.err());
        }
    }

    @Test
    void emptyFileHasNoByteToPointAt() throws IOException {
        Path p = write("bad.wasm", new byte[0]);
        assertEquals(
                "wharf: error: " + p + ": invalid module: the file is empty, not a wasm module",
                wharf("validate", p.toString()).oneErrorLine());
    }

    @Test
    void textFileLooksLikeWat() throws IOException {
        assertInvalid("(module\n  (func (export \"f\")))\n".getBytes(), "0x0", "is this a .wat file?");
    }

    @Test
    void truncatedModule() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("inspect_command.wasm"));
        // cut inside the import section, which starts at 0x34
        assertInvalid(Arrays.copyOf(whole, 0x60), "0x34", "import section declares 264 bytes but only");
    }

    @Test
    void wrongMagic() throws IOException {
        assertInvalid(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, "0x0", "magic header");
    }

    @Test
    void wrongVersion() throws IOException {
        assertInvalid(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0}, "0x4", "unsupported wasm version 0x2");
    }

    @Test
    void aComponentHeaderAloneIsAnEmptyComponent() throws IOException {
        Path p = write("empty.wasm", new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
        var run = wharf("validate", p.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(p + ": valid (component: 0 core modules)\n", run.out());
    }

    @Test
    void sectionLongerThanTheFile() throws IOException {
        assertInvalid(module(1, 0xff, 0x01, 1, 0x60, 0, 0), "0x8", "type section declares 255 bytes but only 4 remain");
    }

    @Test
    void absurdTypeCount() throws IOException {
        assertInvalid(module(1, 6, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x60), "0xa", "type count 4294967295 cannot fit");
    }

    @Test
    void absurdFunctionCount() throws IOException {
        assertInvalid(
                module(1, 4, 1, 0x60, 0, 0, 3, 5, 0xff, 0xff, 0xff, 0xff, 0x0f), "0x10", "function count 4294967295");
    }

    @Test
    void invalidUtf8Name() throws IOException {
        // one import "\xc0\x80"."f" of function type 0
        assertInvalid(module(1, 4, 1, 0x60, 0, 0, 2, 8, 1, 2, 0xc0, 0x80, 1, 'f', 0, 0), "0x11", "malformed UTF-8");
    }

    @Test
    void unknownOpcode() throws IOException {
        // (func) whose body is: no locals, opcode 0xd7, end
        assertInvalid(
                module(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 5, 1, 3, 0, 0xd7, 0x0b),
                "0x17",
                "function 0: unknown opcode 0xd7");
    }

    @Test
    void functionBodyThatFailsValidation() throws IOException {
        Path good = fixture("inspect_command.wasm");
        byte[] bytes = Files.readAllBytes(good);
        var add = ModuleLayout.of(ModuleSource.read(good)).functionBodies().stream()
                .filter(b -> b.functionIndex() == 8)
                .findFirst()
                .orElseThrow();
        // `add` ends with i32.add, end: make it i64.add
        assertEquals(0x6a, bytes[add.end() - 2]);
        bytes[add.end() - 2] = 0x7c;
        assertInvalid(bytes, "0x" + Integer.toHexString(add.offset()), "function 8 (`add`): type mismatch");
    }

    @Test
    void directoryInsteadOfAFile() {
        String line = wharf("validate", dir.toString()).oneErrorLine();
        assertEquals("wharf: error: " + dir + ": is a directory, not a wasm module file", line);
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.wasm");
        assertEquals(
                "wharf: error: " + missing + ": no such file",
                wharf("validate", missing.toString()).oneErrorLine());
    }
}
