package dev.wharf.binary;

import static dev.wharf.binary.WasmBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The one instruction decoder, checked against wabt's wasm-objdump (an independent decoder) on every fixture the
 * build makes, and on the SIMD fixtures instruction by instruction.
 */
class InstructionReaderTest {
    private static final Pattern OBJDUMP_INSTRUCTION =
            Pattern.compile("^ ([0-9a-f]{6}): ([0-9a-f]{2})[0-9a-f ]*\\| (.*)$");

    private static List<Path> fixtures() throws IOException {
        try (var files = Files.list(WasmBytes.fixture("hello.wasm").getParent())) {
            return files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
    }

    /** Every instruction of every body: opcode, start, end (the reader's own view). */
    private record Decoded(Opcode opcode, int start, int end) {}

    private static List<Decoded> decodeAll(ModuleSource source, ModuleLayout layout) {
        var out = new ArrayList<Decoded>();
        for (var body : layout.functionBodies()) {
            var in = new ByteReader(source.bytes(), body.codeOffset(), body.end());
            var code = new InstructionReader(in);
            int expectedStart = body.codeOffset();
            Opcode last = null;
            while (!code.atEnd()) {
                last = code.next();
                assertEquals(expectedStart, code.start(), "instructions follow each other without gaps");
                assertTrue(code.end() > code.start());
                out.add(new Decoded(last, code.start(), code.end()));
                expectedStart = code.end();
            }
            assertEquals(body.end(), expectedStart, "the last instruction ends where the body does");
            assertEquals(Opcode.END, last, "a body ends with end");
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureDecodesToTheInstructionsWasmObjdumpFinds() throws IOException {
        var all = fixtures();
        assertTrue(all.size() >= 40, "the fixtures are not built: " + all);
        return all.stream()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    var source = ModuleSource.read(p);
                    var decoded = decodeAll(source, ModuleLayout.of(source));
                    var ours = new TreeMap<Integer, Integer>();
                    decoded.forEach(d -> ours.put(d.start(), source.bytes()[d.start()] & 0xff));
                    assertEquals(List.of(), differences(objdumpInstructions(p), ours));
                }));
    }

    /** The first few offsets where the two disagree: "0x1a2: objdump 0x41, ours none". */
    private static List<String> differences(Map<Integer, Integer> objdump, Map<Integer, Integer> ours) {
        var keys = new TreeMap<Integer, Boolean>();
        objdump.keySet().forEach(k -> keys.put(k, true));
        ours.keySet().forEach(k -> keys.put(k, true));
        var out = new ArrayList<String>();
        for (int k : keys.keySet()) {
            Integer a = objdump.get(k);
            Integer b = ours.get(k);
            if (a == null || !a.equals(b)) {
                out.add(String.format("0x%x: objdump %s, ours %s", k, hex(a), hex(b)));
                if (out.size() == 5) {
                    break;
                }
            }
        }
        return out;
    }

    private static String hex(Integer b) {
        return b == null ? "none" : String.format("0x%02x", b);
    }

    /** wasm-objdump -d: offset to first byte of every instruction (local declarations left out). */
    private static Map<Integer, Integer> objdumpInstructions(Path wasm) throws IOException, InterruptedException {
        var process = new ProcessBuilder("wasm-objdump", "-d", wasm.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        var map = new TreeMap<Integer, Integer>();
        for (String line : out.lines().toList()) {
            var m = OBJDUMP_INSTRUCTION.matcher(line);
            // a long instruction continues on lines with no text; local declarations are not instructions
            if (m.matches() && !m.group(3).isBlank() && !m.group(3).startsWith("local[")) {
                map.put(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16));
            }
        }
        return map;
    }

    @Test
    void theSimdFixturesUseEverySimdInstruction() throws Exception {
        var seen = EnumSet.noneOf(Opcode.class);
        for (String name : List.of("simd_memory", "simd_lanes", "simd_compare", "simd_arith", "simd_values")) {
            var source = ModuleSource.read(WasmBytes.fixture(name + ".wasm"));
            decodeAll(source, ModuleLayout.of(source)).forEach(d -> seen.add(d.opcode()));
        }
        var missing = new ArrayList<String>();
        for (Opcode op : Opcode.values()) {
            if (op.feature() == Feature.SIMD && !seen.contains(op)) {
                missing.add(op.mnemonic());
            }
        }
        assertEquals(List.of(), missing);
    }

    /** The instructions of one function of a fixture, by name, as the reader leaves them after each one. */
    private static List<String> listing(String fixture, String function) throws Exception {
        var parsed = ParsedModule.read(WasmBytes.fixture(fixture + ".wasm"));
        var body = parsed.layout().functionBodies().stream()
                .filter(b ->
                        function.equals(parsed.functionName(b.functionIndex()).orElse(null)))
                .findFirst()
                .orElseThrow();
        return CodeListing.of(parsed.source(), body).stream()
                .map(CodeListing.Line::text)
                .toList();
    }

    @Test
    void memargsAndLanesOfSimdMemoryInstructions() throws Exception {
        var lanes = listing("simd_memory", "lanes");
        assertTrue(lanes.contains("v128.load8_lane offset=0 align=1 0"), lanes::toString);
        assertTrue(lanes.contains("v128.load16_lane offset=2 align=2 7"), lanes::toString);
        assertTrue(lanes.contains("v128.load32_lane offset=0 align=1 3"), lanes::toString);
        assertTrue(lanes.contains("v128.load64_lane offset=8 align=8 1"), lanes::toString);
        assertTrue(lanes.contains("v128.store8_lane offset=32 align=1 15"), lanes::toString);
        assertTrue(lanes.contains("v128.store32_lane offset=40 align=2 2"), lanes::toString);
        var loads = listing("simd_memory", "loads");
        assertEquals("v128.load offset=0 align=16", loads.get(1));
        assertEquals("v128.load offset=16 align=1", loads.get(3));
        assertTrue(loads.contains("v128.load8x8_u offset=3 align=2"), loads::toString);
        var splats = listing("simd_memory", "splats_and_zeros");
        assertTrue(splats.contains("v128.load64_zero offset=4 align=4"), splats::toString);
    }

    @Test
    void constantsShufflesAndLaneIndexes() throws Exception {
        var constants = listing("simd_lanes", "constants");
        // i8x16 0 1 -1 127 -128 255 2 3 ...: little-endian lanes of four bytes each
        assertEquals("v128.const i32x4 0x7fff0100 0x0302ff80 0x07060504 0x0b0a0908", constants.get(0));
        assertEquals("v128.const i32x4 0x3f000000 0xff7fffff 0x7f800000 0xff812345", constants.get(7));
        var shuffles = listing("simd_lanes", "shuffles");
        assertEquals("i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31", shuffles.get(2));
        assertEquals("i8x16.swizzle", shuffles.get(6));
        var extract = listing("simd_lanes", "extract");
        assertEquals("i8x16.extract_lane_s 0", extract.get(1));
        assertEquals("i8x16.extract_lane_u 15", extract.get(3));
        assertTrue(extract.contains("f64x2.extract_lane 0"), extract::toString);
    }

    @Test
    void blockTypesAndTypedSelectWithV128() throws Exception {
        var blocks = listing("simd_values", "blocks");
        assertTrue(blocks.contains("block (result v128)"), blocks::toString);
        assertTrue(blocks.contains("if (type 1)"), blocks::toString);
        assertTrue(blocks.contains("loop (type 1)"), blocks::toString);
        assertTrue(blocks.contains("select (result v128)"), blocks::toString);
        assertTrue(blocks.contains("call_indirect 1 0"), blocks::toString);
    }

    @Test
    void malformedSimdCodeIsReportedWhereItIs() {
        // 0xfd 0x9a is a gap in the SIMD opcode space (0x9a needs two LEB128 bytes)
        var gap = assertThrows(WasmFormatException.class, () -> decodeBody(bytes(0x00, 0xfd, 0x9a, 0x01, 0x0b)));
        assertEquals("unknown opcode 0xfd 0x9a", gap.reason());
        assertEquals(1, gap.offset());
        // v128.const with 3 of its 16 bytes
        var truncated =
                assertThrows(WasmFormatException.class, () -> decodeBody(bytes(0x00, 0xfd, 0x0c, 0x01, 0x02, 0x03)));
        assertTrue(truncated.reason().contains("unexpected end"), truncated.reason());
        // memarg flags with bit 7 set are no alignment
        var flags = assertThrows(
                WasmFormatException.class, () -> decodeBody(bytes(0x00, 0x41, 0x00, 0xfd, 0x00, 0x80, 0x01, 0x00)));
        assertEquals("malformed memop flags 0x80", flags.reason());
        assertEquals(5, flags.offset());
    }

    private static void decodeBody(byte[] body) {
        var code = new InstructionReader(new ByteReader(body, 1, body.length));
        while (!code.atEnd()) {
            code.next();
        }
    }

    @Test
    void relaxedSimdIsDecodedSoThatItCanBeNamed() {
        byte[] relaxedMadd = bytes(0x00, 0xfd, 0x85, 0x02, 0x0b);
        var code = new InstructionReader(new ByteReader(relaxedMadd, 1, relaxedMadd.length));
        assertEquals(Opcode.F32X4_RELAXED_MADD, code.next());
        assertEquals(Feature.RELAXED_SIMD, code.opcode().feature());
        assertEquals("0xfd 0x105", code.opcode().hex());
        assertFalse(code.atEnd());
    }
}
