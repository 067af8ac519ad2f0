package dev.wharf.wat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.Section;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatPrinterTest {
    @TempDir
    Path dir;

    @Test
    void floatsAreWrittenExactlyIncludingNanPayloadsAndSubnormals() {
        assertEquals("nan", WatLiterals.f32(0x7fc00000));
        assertEquals("-nan", WatLiterals.f32(0xffc00000));
        assertEquals("nan:0x1", WatLiterals.f32(0x7f800001));
        assertEquals("-nan:0x7fffff", WatLiterals.f32(0xffffffff));
        assertEquals("inf", WatLiterals.f32(0x7f800000));
        assertEquals("-inf", WatLiterals.f32(0xff800000));
        assertEquals("0x0p+0", WatLiterals.f32(0));
        assertEquals("-0x0p+0", WatLiterals.f32(0x80000000));
        assertEquals("0x1.8p+1", WatLiterals.f32(Float.floatToRawIntBits(3f)));
        assertEquals("0x0.000002p-126", WatLiterals.f32(1));
        assertEquals("-0x1.fffffep+127", WatLiterals.f32(Float.floatToRawIntBits(-Float.MAX_VALUE)));
        assertEquals("nan", WatLiterals.f64(0x7ff8000000000000L));
        assertEquals("-nan:0x8000000000001", WatLiterals.f64(0xfff8000000000001L));
        assertEquals("0x0.0000000000001p-1022", WatLiterals.f64(1));
        assertEquals("0x1.999999999999ap-4", WatLiterals.f64(Double.doubleToRawLongBits(0.1)));
        assertEquals("0.1", WatLiterals.f64Decimal(Double.doubleToRawLongBits(0.1)));
        assertEquals(null, WatLiterals.f64Decimal(0x7ff8000000000000L));
    }

    @Test
    void stringsEscapeEveryByteThatIsNotPrintableAsciiButKeepReadableNames() {
        assertEquals(
                "\"a\\\"b\\\\c\\00\\ff\\0a\"",
                WatLiterals.string(new byte[] {'a', '"', 'b', '\\', 'c', 0, (byte) 0xff, '\n'}));
        assertEquals("\"名前 x\"", WatLiterals.string("名前 x"));
        // a bidirectional override would make the text lie about the name: escaped
        assertEquals("\"a\\e2\\80\\aeb\"", WatLiterals.string("a\u202eb"));
    }

    @Test
    void threadsTailCallsMultiMemoryAndExtendedConstantsRoundTrip() throws Exception {
        Path module = WatExternalTools.wat2wasm(dir, "beyond_defaults", """
                (module
                  (import "env" "base" (global $base i32))
                  (memory $a 1 1 shared)
                  (memory $b 2 3)
                  (global $derived i32 (i32.add (global.get $base) (i32.const 5)))
                  (data (memory $b) (offset (i32.mul (global.get $base) (i32.const 2))) "xx")
                  (func $atomics (param $p i32) (result i32)
                    local.get $p i32.const 1 i32.atomic.rmw8.add_u offset=4 drop
                    local.get $p i64.const 1 i64.const 2 i64.atomic.rmw32.cmpxchg_u drop
                    local.get $p i32.atomic.load align=4 drop
                    atomic.fence
                    local.get $p i32.const 0 i64.const -1 memory.atomic.wait32 drop
                    local.get $p i64.const 0 i64.const -1 memory.atomic.wait64 drop
                    local.get $p i32.const 1 memory.atomic.notify drop
                    local.get $p i32.load $b offset=4
                    local.get $p i32.const 1 i32.const 2 memory.copy $a $b
                    memory.size $b drop
                    i32.const 0 i32.const 0 i32.const 1 memory.fill $b
                    i32.const 0 i32.const 0 i32.const 1 memory.init $b 0
                    return_call $atomics)
                  (table 1 funcref)
                  (func $tail (param i32) (result i32)
                    local.get 0 i32.const 0 return_call_indirect (param i32) (result i32)))
                """);
        WatExternalTools.assertRoundTrips(module, dir);
    }

    @Test
    void limitsAreKeptAsDeclaredEvenWhereChicoryCannotTellThemApart() throws Exception {
        // Chicory reads an absent memory maximum as 65536 and clamps large table maximums
        Path module = WatExternalTools.wat2wasm(dir, "limits", """
                (module
                  (import "env" "m" (memory 1 65536))
                  (import "env" "t" (table 2 funcref))
                  (memory 0)
                  (table 0 4294967295 funcref)
                  (table 3 externref))
                """);
        WatExternalTools.assertRoundTrips(module, dir);
        String wat = WatPrinter.of(ParsedModule.read(module)).printModule();
        assertTrue(wat.contains("(import \"env\" \"m\" (memory (;0;) 1 65536))"), wat);
        assertTrue(wat.contains("(memory (;1;) 0)\n"), wat);
        assertTrue(wat.contains("(table (;1;) 0 4294967295 funcref)"), wat);
    }

    /** Tags and `throw` (wabt 1.0.32 writes them); the printer does not, since wabt cannot read try_table back. */
    static final String THROWING = """
            (module
              (tag $oops)
              (func $plain (result i32) i32.const 7)
              (func $thrower (result i32) i32.const 1 drop throw $oops))
            """;

    @Test
    void exceptionHandlingIsRefusedWithOneLineNamingTheFunctionWhileOtherFunctionsStillPrint() throws Exception {
        Path module = WatExternalTools.wat2wasm(dir, "throwing", THROWING, List.of("--enable-exceptions"));
        var printer = WatPrinter.of(ParsedModule.read(module));
        var refused = assertThrows(WatUnsupportedException.class, printer::requirePrintable);
        assertTrue(refused.getMessage().startsWith("the module uses exception handling tags"), refused.getMessage());
        assertThrows(WatUnsupportedException.class, printer::printModule);
        // type 0 is the tag's
        assertEquals("(func $plain (;0;) (type 1) (result i32)\n  i32.const 7)\n", printer.printFunction(0));
        var thrower = assertThrows(WatUnsupportedException.class, () -> printer.printFunction(1));
        assertEquals(
                "function 1 ($thrower) uses exception handling instructions (at byte offset 0x"
                        + Long.toHexString(thrower.offset()) + "), which Wharf cannot print as WAT yet",
                thrower.getMessage());
        assertEquals(0x08, Files.readAllBytes(module)[(int) thrower.offset()], "the offset is the throw");
    }

    @Test
    void simdPrintsAsTheTextFormatWritesIt() throws Exception {
        var lanes = WatPrinter.of(ParsedModule.read(WatExternalTools.fixture("simd_lanes")));
        String wat = lanes.printModule();
        assertTrue(
                wat.contains("(global $pattern (;0;) v128 (v128.const i32x4 0x03020100 0x07060504 0x0b0a0908"
                        + " 0x0f0e0d0c))"),
                wat);
        assertTrue(wat.contains("(global $mutable (;1;) (mut v128) (v128.const i32x4 0xffffffff 0xffffffff"), wat);
        assertTrue(wat.contains("    i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31\n"), wat);
        assertTrue(wat.contains("(param $v v128) (result i64)"), wat);
        assertTrue(wat.contains("    i8x16.extract_lane_u 15\n"), wat);
        String memory = WatPrinter.of(ParsedModule.read(WatExternalTools.fixture("simd_memory")))
                .printModule();
        // defaults left out: offset 0, natural alignment
        assertTrue(memory.contains("    v128.load\n"), memory);
        assertTrue(memory.contains("    v128.load offset=16 align=1\n"), memory);
        assertTrue(memory.contains("    v128.load64_lane offset=8 1\n"), memory);
        assertTrue(memory.contains("    v128.store32_lane offset=40 align=2 2\n"), memory);
        assertTrue(memory.contains("    v128.load64_zero offset=4 align=4\n"), memory);
        String values = WatPrinter.of(ParsedModule.read(WatExternalTools.fixture("simd_values")))
                .printModule();
        assertTrue(values.contains("    select (result v128)\n"), values);
        assertTrue(values.contains("    block (result v128)  ;; label = @1\n"), values);
    }

    @Test
    void simdModulesBuiltByWat2wasmComeBackByteForByteInTheirCode() throws Exception {
        for (String name : List.of("simd_memory", "simd_lanes", "simd_compare", "simd_arith", "simd_values")) {
            Path original = WatExternalTools.fixture(name);
            String wat = WatPrinter.of(ParsedModule.read(original)).printModule();
            Path again = WatExternalTools.wat2wasm(dir, name, wat);
            assertEquals(
                    HexFormat.of().formatHex(section(original, Section.CODE)),
                    HexFormat.of().formatHex(section(again, Section.CODE)),
                    name);
            assertEquals(
                    HexFormat.of().formatHex(section(original, Section.GLOBAL)),
                    HexFormat.of().formatHex(section(again, Section.GLOBAL)),
                    name);
        }
    }

    private static byte[] section(Path module, int id) throws Exception {
        var source = ModuleSource.read(module);
        return source.section(id)
                .map(s -> Arrays.copyOfRange(source.bytes(), s.headerOffset(), s.end()))
                .orElse(new byte[0]);
    }

    @Test
    void namesBecomeValidDistinctIdentifiers() throws Exception {
        Path plain = WatExternalTools.wat2wasm(dir, "unnamed", """
                (module
                  (import "env" "f" (func))
                  (func (param i32) (local i32) local.get 0 local.set 1)
                  (func) (func) (func) (func))
                """);
        byte[] names = nameSection(
                "my module",
                List.of("dup", "dup", "has space \"quoted\" (parens);", "日本語", "", "dup.1"),
                List.of("x", "x"));
        Path named = dir.resolve("named.wasm");
        Files.write(named, withNameSection(Files.readAllBytes(plain), names));

        String wat = WatPrinter.of(ParsedModule.read(named)).printModule();
        assertTrue(wat.startsWith("(module $my_module\n"), wat);
        assertTrue(wat.contains("(import \"env\" \"f\" (func $dup (;0;) (type 0)))"), wat);
        // `dup.1` belongs to function 5, so the second `dup` becomes `dup.2`
        assertTrue(
                wat.contains(
                        "(func $dup.2 (;1;) (type 1) (param $x i32)\n    (local $x.1 i32)\n    local.get $x\n    local.set $x.1)"),
                wat);
        assertTrue(wat.contains("(func $has_space__quoted___parens__ (;2;)"), wat);
        assertTrue(wat.contains("(func $___ (;3;)"), wat);
        assertTrue(wat.contains("(func (;4;)"), wat);
        assertTrue(wat.contains("(func $dup.1 (;5;)"), wat);

        Path reassembled = WatExternalTools.wat2wasm(dir, "renamed", wat);
        var reparsed = ParsedModule.read(reassembled).wasm().nameSection();
        assertEquals(
                List.of("dup", "dup.2", "has_space__quoted___parens__", "___", "dup.1"),
                List.of(
                        reparsed.nameOfFunction(0),
                        reparsed.nameOfFunction(1),
                        reparsed.nameOfFunction(2),
                        reparsed.nameOfFunction(3),
                        reparsed.nameOfFunction(5)));
        assertEquals("x.1", reparsed.nameOfLocal(1, 1));
    }

    @Test
    void printFunctionIsForDefinedFunctionsOnly() throws Exception {
        Path module = WatExternalTools.wat2wasm(dir, "imports", "(module (import \"a\" \"b\" (func)) (func))");
        var printer = WatPrinter.of(ParsedModule.read(module));
        assertEquals(2, printer.functionCount());
        assertEquals(1, printer.importedFunctionCount());
        assertThrows(IllegalArgumentException.class, () -> printer.printFunction(0));
        assertThrows(IllegalArgumentException.class, () -> printer.printFunction(2));
        assertEquals("(func (;1;) (type 0))\n", printer.printFunction(1));
    }

    @Test
    void writeToReplacesTheFileWholeAndLeavesNothingBehindOnFailure() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectory(out);
        Path target = out.resolve("module.wat");
        Files.writeString(target, "old");

        WatPrinter.of(ParsedModule.read(WatExternalTools.fixture("print_control")))
                .writeTo(target);
        assertTrue(Files.readString(target).startsWith("(module $print_control\n"));

        Path throwing = WatExternalTools.wat2wasm(dir, "throwing", THROWING, List.of("--enable-exceptions"));
        var printer = WatPrinter.of(ParsedModule.read(throwing));
        assertThrows(WatUnsupportedException.class, () -> printer.writeTo(target));
        assertTrue(Files.readString(target).startsWith("(module $print_control\n"), "the old file is untouched");
        try (var files = Files.list(out)) {
            assertEquals(List.of(target), files.toList(), "no temporary file is left");
        }
    }

    // ---- a hand-made name section: module name, function names, local names of function 1 ----

    private static byte[] nameSection(String module, List<String> functions, List<String> localsOfFunction1) {
        var functionNames = new ByteArrayOutputStream();
        functionNames.writeBytes(leb(functions.size()));
        for (int i = 0; i < functions.size(); i++) {
            functionNames.writeBytes(leb(i));
            functionNames.writeBytes(name(functions.get(i)));
        }
        var locals = new ByteArrayOutputStream();
        locals.writeBytes(leb(1));
        locals.writeBytes(leb(1));
        locals.writeBytes(leb(localsOfFunction1.size()));
        for (int i = 0; i < localsOfFunction1.size(); i++) {
            locals.writeBytes(leb(i));
            locals.writeBytes(name(localsOfFunction1.get(i)));
        }
        var payload = new ByteArrayOutputStream();
        payload.writeBytes(name("name"));
        payload.writeBytes(subsection(0, name(module)));
        payload.writeBytes(subsection(1, functionNames.toByteArray()));
        payload.writeBytes(subsection(2, locals.toByteArray()));
        var section = new ByteArrayOutputStream();
        section.write(0);
        section.writeBytes(leb(payload.size()));
        section.writeBytes(payload.toByteArray());
        return section.toByteArray();
    }

    /** The module's bytes without any name section it had, then the given one appended. */
    private static byte[] withNameSection(byte[] module, byte[] nameSection) {
        var source = ModuleSource.frame(Path.of("unnamed.wasm"), module);
        var out = new ByteArrayOutputStream();
        out.write(module, 0, 8);
        for (Section s : source.sections()) {
            if (!(s.isCustom() && s.name().equals("name"))) {
                out.write(module, s.headerOffset(), s.totalSize());
            }
        }
        out.writeBytes(nameSection);
        return out.toByteArray();
    }

    private static byte[] subsection(int id, byte[] contents) {
        var out = new ByteArrayOutputStream();
        out.write(id);
        out.writeBytes(leb(contents.length));
        out.writeBytes(contents);
        return out.toByteArray();
    }

    private static byte[] name(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream();
        out.writeBytes(leb(utf8.length));
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    private static byte[] leb(long value) {
        var out = new ByteArrayOutputStream();
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
        return out.toByteArray();
    }
}
