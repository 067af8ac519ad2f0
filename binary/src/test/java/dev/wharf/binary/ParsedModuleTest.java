package dev.wharf.binary;

import static dev.wharf.binary.WasmBytes.bytes;
import static dev.wharf.binary.WasmBytes.concat;
import static dev.wharf.binary.WasmBytes.customSection;
import static dev.wharf.binary.WasmBytes.leb;
import static dev.wharf.binary.WasmBytes.module;
import static dev.wharf.binary.WasmBytes.oneFunction;
import static dev.wharf.binary.WasmBytes.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ParsedModuleTest {
    private static final Path NAME = Path.of("test.wasm");

    private static ParsedModule parse(byte[] bytes) {
        return ParsedModule.parse(ModuleSource.frame(NAME, bytes));
    }

    private static WasmFormatException rejected(byte[] bytes) {
        return assertThrows(WasmFormatException.class, () -> parse(bytes));
    }

    private static void assertRejected(byte[] bytes, long offset, String reasonPart) {
        var e = rejected(bytes);
        assertEquals(offset, e.offset(), () -> "offset of: " + e.getMessage());
        assertTrue(e.reason().contains(reasonPart), () -> "expected \"" + reasonPart + "\" in: " + e.getMessage());
    }

    @Test
    void aFixtureParsesAndItsLayoutAgreesWithChicory() throws Exception {
        var parsed = ParsedModule.read(WasmBytes.fixture("inspect_command.wasm"));
        var bodies = parsed.layout().functionBodies();
        assertEquals(5, parsed.wasm().codeSection().functionBodyCount());
        assertEquals(5, bodies.size());
        assertEquals(7, parsed.importedFunctionCount());
        assertEquals("checksum", parsed.functionName(10).orElseThrow());
        for (int i = 0; i < bodies.size(); i++) {
            var body = bodies.get(i);
            var instructions = parsed.wasm().codeSection().getFunctionBody(i).instructions();
            int first = instructions.get(0).address();
            int last = instructions.get(instructions.size() - 1).address();
            assertTrue(first > body.offset() && first < body.end(), "first instruction inside body " + i);
            assertEquals(body.end() - 1, last, "the final end is the body's last byte");
        }
        assertEquals("2 i32, 1 i64, 1 f32", bodies.get(3).locals());
        assertEquals(4, bodies.get(3).localCount());
    }

    @Test
    void emptyFile() {
        assertRejected(new byte[0], -1, "empty");
    }

    @Test
    void textFileGetsAWatHint() {
        assertRejected("(module\n  (func))\n".getBytes(), 0, "wat2wasm");
    }

    @Test
    void wrongMagic() {
        assertRejected(bytes(0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0), 0, "magic header");
    }

    @Test
    void wrongVersion() {
        assertRejected(bytes(0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0), 4, "version 0x2");
    }

    @Test
    void componentVersionGetsAHint() {
        assertRejected(bytes(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00), 4, "component");
    }

    @Test
    void sectionLongerThanTheFile() {
        assertRejected(module(bytes(1, 0x7f, 1, 0x60, 0, 0)), 8, "declares 127 bytes but only 4 remain");
    }

    @Test
    void everyTruncationIsRejectedWithAnOffsetInsideTheFile() throws Exception {
        byte[] whole = WasmBytes.fixtureBytes("inspect_command.wasm");
        var boundaries = new HashSet<Integer>(List.of(8));
        ModuleSource.frame(NAME, whole).sections().forEach(s -> boundaries.add(s.end()));
        // from one byte on: an empty file has no byte to point at (emptyFile)
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] prefix = Arrays.copyOf(whole, cut);
            if (cut >= 8 && boundaries.contains(cut)) {
                continue; // a module cut between sections may well be a complete module
            }
            final int at = cut;
            var e = assertThrows(WasmFormatException.class, () -> parse(prefix), () -> "truncated at " + at);
            assertTrue(
                    e.offset() >= 0 && e.offset() <= cut,
                    () -> "offset within the " + at + " bytes: " + e.getMessage());
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnythingButAFormatError() throws Exception {
        byte[] whole = WasmBytes.fixtureBytes("inspect_command.wasm");
        var random = new Random(20240601);
        for (int round = 0; round < 1500; round++) {
            byte[] mutated = whole.clone();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                int at = 8 + random.nextInt(mutated.length - 8);
                mutated[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0xff);
            }
            try {
                parse(mutated);
            } catch (WasmFormatException expected) {
                assertTrue(expected.offset() < mutated.length, expected::getMessage);
            } catch (Throwable other) {
                fail("round " + round + " escaped as " + other, other);
            }
        }
    }

    @Test
    void absurdTypeCount() {
        assertRejected(
                module(bytes(1, 6, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x60)), 0xa, "type count 4294967295 cannot fit");
    }

    @Test
    void absurdImportCount() {
        assertRejected(module(section(2, bytes(0xff, 0xff, 0xff, 0xff, 0x0f))), 0xa, "import count");
    }

    @Test
    void absurdParameterCount() {
        assertRejected(module(section(1, bytes(1, 0x60, 0xff, 0xff, 0xff, 0xff, 0x0f, 0))), 0xc, "parameter count");
    }

    @Test
    void absurdRecursionGroupAndSupertypeCounts() {
        assertRejected(
                module(section(1, bytes(1, 0x4e, 0xff, 0xff, 0xff, 0xff, 0x0f))), 0xc, "recursion group member count");
        assertRejected(module(section(1, bytes(1, 0x50, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x60))), 0xc, "supertype count");
    }

    @Test
    void absurdDataSegmentLength() {
        byte[] wasm =
                module(section(5, bytes(1, 0, 1)), section(11, bytes(1, 0, 0x41, 0, 0x0b, 0xff, 0xff, 0xff, 0x0f)));
        assertRejected(wasm, 0x14, "data segment 0 declares 33554431 bytes");
    }

    @Test
    void absurdBranchTableCount() {
        assertRejected(oneFunction(bytes(0, 0x41, 0, 0x0e, 0xff, 0xff, 0xff, 0x0f)), 0x1a, "branch target count");
    }

    @Test
    void tooManyLocals() {
        // two groups of 30000 i32 locals: each group is fine on its own, the total is not
        byte[] body = bytes(2, 0xb0, 0xea, 0x01, 0x7f, 0xb0, 0xea, 0x01, 0x7f, 0x0b);
        assertRejected(oneFunction(body), 0x1b, "too many locals");
    }

    @Test
    void functionBodyPastTheCodeSection() {
        byte[] wasm = module(
                section(1, WasmBytes.ONE_EMPTY_FUNC_TYPE),
                section(3, bytes(1, 0)),
                section(10, bytes(1, 0x40, 0, 0x0b)));
        assertRejected(wasm, 0x15, "function body 0 (function 0) declares 64 bytes");
    }

    @Test
    void invalidUtf8InAnExportName() {
        byte[] wasm = module(
                section(1, WasmBytes.ONE_EMPTY_FUNC_TYPE),
                section(3, bytes(1, 0)),
                section(7, bytes(1, 2, 0xff, 0xfe, 0, 0)),
                section(10, bytes(1, 2, 0, 0x0b)));
        assertRejected(wasm, 0x15, "malformed UTF-8");
    }

    @Test
    void invalidUtf8InAnImportModuleName() {
        assertRejected(
                module(section(1, WasmBytes.ONE_EMPTY_FUNC_TYPE), section(2, bytes(1, 1, 0xc3, 1, 0x61, 0, 0))),
                0x11,
                "malformed UTF-8");
    }

    @Test
    void unknownOpcode() {
        assertRejected(oneFunction(bytes(0, 0x06, 0x0b)), 0x17, "function 0: unknown opcode 0x06");
    }

    @Test
    void unknownPrefixedOpcode() {
        assertRejected(oneFunction(bytes(0, 0xfc, 0x7f, 0x0b)), 0x17, "unknown opcode 0xfc 0x7f");
    }

    @Test
    void bodyWithoutItsFinalEnd() {
        assertRejected(oneFunction(bytes(0, 0x01, 0x01)), 0x19, "without its final `end`");
    }

    @Test
    void unknownBranchLabel() {
        // block br 3 end end: Chicory would fail on this with a NullPointerException
        assertRejected(oneFunction(bytes(0, 0x02, 0x40, 0x0c, 3, 0x0b, 0x0b)), 0x1a, "unknown label 3");
    }

    @Test
    void invalidFunctionIsFoundAndNamed() {
        // three functions returning i32; the third returns an i64 instead
        byte[] good = bytes(0, 0x41, 1, 0x0b);
        byte[] bad = bytes(0, 0x42, 1, 0x0b);
        byte[] code = concat(leb(3), leb(good.length), good, leb(good.length), good, leb(bad.length), bad);
        byte[] names = concat(bytes(1), leb(10), bytes(1, 2, 7), "compute".getBytes());
        byte[] wasm = module(
                section(1, bytes(1, 0x60, 0, 1, 0x7f)),
                section(3, bytes(3, 0, 0, 0)),
                section(10, code),
                customSection("name", names));
        int thirdBody = 8 + 7 + 6 + 3 + (1 + 4) + (1 + 4) + 1; // header, type, function, code header, two bodies, size
        assertRejected(wasm, thirdBody, "function 2 (`compute`): type mismatch");
    }

    @Test
    void invalidGlobalInitializerPointsAtTheGlobalSection() {
        // (global i32 (i64.const 1))
        byte[] wasm = module(section(6, bytes(1, 0x7f, 0, 0x42, 1, 0x0b)));
        assertRejected(wasm, 8, "in the global section: type mismatch");
    }

    @Test
    void sectionsOutOfOrderAndDuplicated() {
        assertRejected(
                module(section(3, bytes(0)), section(1, bytes(0))),
                0xb,
                "type section must come before the function section");
        assertRejected(module(section(1, bytes(0)), section(1, bytes(0))), 0xb, "a second type section");
    }

    @Test
    void bytesLeftAtTheEndOfASection() {
        assertRejected(module(section(1, bytes(1, 0x60, 0, 0, 0))), 0xe, "1 byte left after its last entry");
    }

    @Test
    void functionAndCodeCountsMustAgree() {
        assertRejected(
                module(section(1, WasmBytes.ONE_EMPTY_FUNC_TYPE), section(3, bytes(1, 0))), 0xe, "no code section");
    }

    @Test
    void unknownSectionId() {
        assertRejected(module(section(14, bytes(0))), 8, "malformed section id 14");
    }

    @Test
    void dataCountMustMatchTheDataSection() {
        byte[] memory = section(5, bytes(1, 0, 1));
        assertRejected(
                module(memory, section(12, bytes(2)), section(11, bytes(1, 1, 0))),
                0x12,
                "data count section says 2, the data section has 1");
        assertRejected(module(memory, section(12, bytes(1))), 0xf, "there is no data section");
    }

    @Test
    void exportOfAMissingFunction() {
        assertRejected(module(section(7, bytes(1, 1, 0x78, 0, 5))), 0xe, "unknown func 5");
    }

    @Test
    void malformedNameSectionDoesNotRejectAValidModule() {
        byte[] wasm = concat(oneFunction(bytes(0, 0x0b)), customSection("name", bytes(1, 0x7f, 0xff)));
        var parsed = parse(wasm);
        assertTrue(parsed.functionName(0).isEmpty());
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) {
        var missing = assertThrows(ModuleFileException.class, () -> ParsedModule.read(dir.resolve("nope.wasm")));
        assertTrue(missing.getMessage().contains("no such file"));
        var directory = assertThrows(ModuleFileException.class, () -> ParsedModule.read(dir));
        assertTrue(directory.getMessage().contains("directory"));
    }

    @Test
    void deeplyNestedBlocksLoadWithoutOverflowingTheStack(@TempDir Path dir) throws Exception {
        int depth = 50_000;
        var body = new ByteArrayOutputStream();
        body.write(0);
        for (int i = 0; i < depth; i++) {
            body.write(0x02);
            body.write(0x40);
        }
        for (int i = 0; i <= depth; i++) {
            body.write(0x0b);
        }
        Path file = dir.resolve("deep.wasm");
        Files.write(file, oneFunction(body.toByteArray()));
        assertEquals(1, ParsedModule.read(file).wasm().codeSection().functionBodyCount());
    }
}
