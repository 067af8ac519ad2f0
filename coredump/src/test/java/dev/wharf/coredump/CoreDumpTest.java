package dev.wharf.coredump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.Section;
import dev.wharf.binary.WasmFormatException;
import dev.wharf.coredump.CoreDump.CoreFrame;
import dev.wharf.coredump.CoreDump.CoreGlobal;
import dev.wharf.coredump.CoreDump.CoreInstance;
import dev.wharf.coredump.CoreDump.CoreMemory;
import dev.wharf.coredump.CoreDump.CoreThread;
import dev.wharf.coredump.CoreDump.CoreValue;
import dev.wharf.coredump.CoreDump.Segment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreDumpTest {
    private static final Path FILE = Path.of("app.core.wasm");

    private static CoreDump sample() {
        byte[] heap = new byte[300];
        Arrays.fill(heap, (byte) 0x5A);
        var frames = List.of(
                new CoreFrame(
                        0,
                        12,
                        0,
                        List.of(new CoreValue(CoreDump.I32, -7), CoreValue.MISSING_VALUE),
                        List.of(new CoreValue(CoreDump.F64, Double.doubleToRawLongBits(2.5)))),
                new CoreFrame(
                        0,
                        3,
                        0x41,
                        List.of(
                                new CoreValue(CoreDump.I64, Long.MIN_VALUE),
                                new CoreValue(CoreDump.F32, Float.floatToRawIntBits(-1.5f))),
                        List.of()));
        return new CoreDump(
                "app.wasm",
                List.of("/srv/app.wasm"),
                List.of(new CoreInstance(0, List.of(0, 1), List.of(0, 1, 2, 3, 4, 5))),
                List.of(new CoreThread("main", frames)),
                List.of(
                        new CoreMemory(2, List.of(new Segment(0, new byte[] {1, 2, 3}), new Segment(70_000, heap))),
                        new CoreMemory(1, List.of(new Segment(16, new byte[] {9})))),
                List.of(
                        new CoreGlobal(CoreDump.I32, -66_560, 0),
                        new CoreGlobal(CoreDump.I64, 1L << 40, 0),
                        new CoreGlobal(CoreDump.F32, Float.floatToRawIntBits(0.25f), 0),
                        new CoreGlobal(CoreDump.F64, Double.doubleToRawLongBits(-3.75), 0),
                        new CoreGlobal(CoreDump.V128, 0x0102030405060708L, 0x1112131415161718L),
                        new CoreGlobal(CoreDump.FUNCREF, 0, 0)));
    }

    @Test
    void encodeThenDecodeGivesTheSameDump() {
        CoreDump dump = sample();
        ModuleSource source = ModuleSource.frame(FILE, dump.encode());
        assertTrue(CoreDump.isCoreDump(source));
        CoreDump back = CoreDump.decode(source);

        assertEquals(dump.executable(), back.executable());
        assertEquals(dump.modules(), back.modules());
        assertEquals(dump.instances(), back.instances());
        assertEquals(dump.threads(), back.threads());
        assertEquals(dump.globals(), back.globals());
        assertEquals(2, back.memories().size());
        for (int m = 0; m < 2; m++) {
            var want = dump.memories().get(m);
            var got = back.memories().get(m);
            assertEquals(want.pages(), got.pages());
            assertEquals(want.segments().size(), got.segments().size());
            for (int s = 0; s < want.segments().size(); s++) {
                assertEquals(
                        want.segments().get(s).offset(), got.segments().get(s).offset());
                assertArrayEquals(
                        want.segments().get(s).bytes(), got.segments().get(s).bytes());
            }
        }
        assertEquals(303, back.memories().get(0).capturedBytes());
        assertEquals(131_072, back.memories().get(0).byteSize());
    }

    @Test
    void theSectionsAreTheOnesTheFormatNames() {
        ModuleSource source = ModuleSource.frame(FILE, sample().encode());
        var customs = source.sections().stream()
                .filter(Section::isCustom)
                .map(Section::name)
                .toList();
        assertEquals(List.of("core", "coremodules", "coreinstances", "corestack"), customs);
        assertTrue(source.section(Section.MEMORY).isPresent());
        assertTrue(source.section(Section.GLOBAL).isPresent());
        assertTrue(source.section(Section.DATA).isPresent());
        assertTrue(source.section(Section.CODE).isEmpty(), "a dump has no functions");
        // and it parses as a module: Chicory's own parser and validator accept it
        ParsedModule.parse(source);
    }

    @Test
    void globalValuesReadAsInWat() {
        var g = sample().globals();
        assertEquals(
                List.of("-66560", "1099511627776", "0.25", "-3.75", "0x11121314151617180102030405060708", "null"),
                g.stream().map(CoreGlobal::valueText).toList());
        assertEquals(
                List.of("i32", "i64", "f32", "f64", "v128", "funcref"),
                g.stream().map(CoreGlobal::typeName).toList());
    }

    @Test
    void aPlainModuleIsNotACoreDumpAndDecodingOneSaysWhy() {
        byte[] empty = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        ModuleSource source = ModuleSource.frame(FILE, empty);
        assertFalse(CoreDump.isCoreDump(source));
        var e = assertThrows(WasmFormatException.class, () -> CoreDump.decode(source));
        assertTrue(e.getMessage().contains("no `core` custom section"), e.getMessage());
    }

    @Test
    void aDamagedFrameIsReportedAtItsOffset() {
        byte[] bytes = sample().encode();
        ModuleSource source = ModuleSource.frame(FILE, bytes);
        Section stack = source.customSection("corestack").orElseThrow();
        // payload: name "corestack" (1 + 9 bytes), thread-info 0x0, name "main" (1 + 4), frame count, then frame 0x0
        int frameStart = stack.payloadOffset() + 10 + 1 + 5 + 1;
        assertEquals(0, bytes[frameStart]);
        bytes[frameStart] = 0x07;
        var e = assertThrows(WasmFormatException.class, () -> CoreDump.decode(ModuleSource.frame(FILE, bytes)));
        assertEquals(frameStart, e.offset());
        assertTrue(e.reason().contains("frame starts with 0x7"), e.reason());
    }
}
