package dev.wharf.component;

import static dev.wharf.component.ComponentBuilder.CORE_FUNC;
import static dev.wharf.component.ComponentBuilder.FUNC;
import static dev.wharf.component.ComponentBuilder.STRING;
import static dev.wharf.component.ComponentBuilder.U32;
import static dev.wharf.component.ComponentBuilder.func;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentValidatorTest {
    static final String ADDER = """
            (module
              (memory (export "memory") 1)
              (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024))
            """;

    @TempDir
    Path dir;

    private ComponentBuilder adder() throws Exception {
        return new ComponentBuilder()
                .coreModule(dir, ADDER)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_FUNC, 0, "add")
                .type(func(U32, "a", U32, "b", U32))
                .canonLift(0, 0)
                .export("add", FUNC, 0);
    }

    @Test
    void resolvesExportedFunctionTypes() throws Exception {
        var parsed = ParsedComponent.parse(Path.of("adder.wasm"), adder().bytes());
        var export = parsed.type().exports().get(0);
        assertEquals("add", export.name());
        var f = assertInstanceOf(ExternType.Func.class, export.type()).type();
        assertEquals(2, f.params().size());
        assertEquals(ValType.Prim.U32, f.result());
        assertEquals(1, parsed.coreModules().size());
        parsed.validateCoreModules();
    }

    @Test
    void printsTheWorldAsWit() throws Exception {
        var parsed = ParsedComponent.parse(Path.of("adder.wasm"), adder().bytes());
        assertEquals("""
                package root:component;

                world root {
                  export add: func(a: u32, b: u32) -> u32;
                }
                """, WitPrinter.print(parsed.type()));
    }

    @Test
    void refusesATruncatedComponentWithTheOffsetOfTheCutSection() throws Exception {
        byte[] whole = adder().bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        var e = assertThrows(ComponentFormatException.class, () -> ParsedComponent.parse(Path.of("cut.wasm"), cut));
        assertTrue(e.reason().contains("truncated component"), e.getMessage());
        assertTrue(e.offset() > 8 && e.offset() < cut.length, e.getMessage());
    }

    @Test
    void refusesACoreModuleWhereAComponentIsExpected() throws Exception {
        byte[] module = ComponentBuilder.wat2wasm(dir, ADDER);
        var e = assertThrows(ComponentFormatException.class, () -> ComponentReader.read(module));
        assertEquals("a core module where a component was expected", e.reason());
        assertEquals(4, e.offset());
    }

    @Test
    void refusesAComponentInACoreModuleSection() throws Exception {
        byte[] nested = adder().bytes();
        byte[] bytes = new ComponentBuilder().coreModule(nested).bytes();
        var e = assertThrows(ComponentFormatException.class, () -> ComponentReader.read(bytes));
        assertTrue(e.reason().startsWith("core module section: expected a core module"), e.getMessage());
    }

    @Test
    void refusesAnUnknownCanonicalOption() throws Exception {
        var b = new ComponentBuilder()
                .coreModule(dir, ADDER)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_FUNC, 0, "add")
                .type(func(U32, "a", U32, "b", U32))
                .canonLift(0, 0, new byte[] {0x09});
        byte[] bytes = b.bytes();
        var e = assertThrows(ComponentFormatException.class, () -> ComponentReader.read(bytes));
        assertTrue(e.reason().startsWith("unknown canonical option 0x9"), e.getMessage());
        assertEquals(0x09, bytes[(int) e.offset()]);
    }

    @Test
    void refusesALiftWhoseCoreSignatureDoesNotMatchTheFunctionType() throws Exception {
        var b = new ComponentBuilder()
                .coreModule(dir, ADDER)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_FUNC, 0, "add")
                .type(func(U32, "s", STRING))
                .canonLift(0, 0, ComponentBuilder.memory(0));
        var e = assertThrows(
                ComponentFormatException.class, () -> ParsedComponent.parse(Path.of("bad.wasm"), b.bytes()));
        assertTrue(e.reason().contains("unknown core memory 0") || e.reason().contains("has type"), e.getMessage());
    }

    @Test
    void refusesAnInstantiationThatLeavesACoreImportUnsatisfied() throws Exception {
        var b = new ComponentBuilder()
                .coreModule(dir, "(module (import \"host\" \"f\" (func)))")
                .coreInstantiate(0);
        var e = assertThrows(
                ComponentFormatException.class, () -> ParsedComponent.parse(Path.of("bad.wasm"), b.bytes()));
        assertEquals(
                "core module 0 imports `host::f` but the instantiation passes no instance named `host`", e.reason());
    }

    @Test
    void refusesAnUnknownIndexNamingHowManyThereAre() throws Exception {
        var b = new ComponentBuilder().coreModule(dir, ADDER).coreInstantiate(0).export("x", FUNC, 3);
        var e = assertThrows(
                ComponentFormatException.class, () -> ParsedComponent.parse(Path.of("bad.wasm"), b.bytes()));
        assertEquals("unknown function 3 (there are 0)", e.reason());
    }

    @Test
    void refusesAnEmptyFile() {
        var e = assertThrows(ComponentFormatException.class, () -> ComponentReader.read(new byte[0]));
        assertEquals("the file is empty, not a component", e.reason());
    }
}
