package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import dev.wharf.binary.ModuleSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two modules sharing a table, as dynamically linked modules inside a component do: the table's functions belong to
 * one module and the call_indirect that reaches them to the other, whose type section numbers the same function type
 * differently. The call checks the types themselves (Chicory 1.7.5 compared the indices and refused it).
 */
class IndirectCallsTest {
    /** Exports a table holding `double`, whose type is its type 1 (type 0 is unrelated). */
    static final String LIBRARY = """
            (module
              (type (func))
              (type (func (param i32) (result i32)))
              (table (export "table") 2 funcref)
              (func $double (type 1) local.get 0 i32.const 2 i32.mul)
              (func $noop (type 0))
              (elem (i32.const 0) $double $noop))
            """;

    /** Calls slot 0 of the imported table as its own type 0, (i32) -> i32; slot 1 with the same type is wrong. */
    static final String CALLER = """
            (module
              (type (func (param i32) (result i32)))
              (import "lib" "table" (table 2 funcref))
              (func (export "call") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect (type 0)))
            """;

    @Test
    void crossModuleIndirectCallsCompareTypesNotIndices(@TempDir Path dir) throws Exception {
        for (boolean timeout : new boolean[] {false, true}) {
            var engine = new Engine(new CompileCache(dir.resolve("cache"), WharfLog.off()), WharfLog.off());
            Limits limits = timeout ? Limits.none().withTimeout(Duration.ofSeconds(30)) : Limits.none();
            Instance library = load(engine, dir, "library", LIBRARY, limits)
                    .instantiate(ImportValues.empty(), limits, WharfLog.off());
            var imports = ImportValues.builder()
                    .addTable(new ImportTable("lib", "table", library.exports().table("table")))
                    .build();
            Instance caller = load(engine, dir, "caller", CALLER, limits).instantiate(imports, limits, WharfLog.off());
            assertArrayEquals(new long[] {42}, caller.export("call").apply(0, 21));
            var e = assertThrows(
                    TrapException.class, () -> caller.export("call").apply(1, 21));
            assertEquals("indirect call type mismatch", e.getMessage());
        }
    }

    private static LoadedModule load(Engine engine, Path dir, String name, String wat, Limits limits) throws Exception {
        Path source = dir.resolve(name + ".wat");
        Files.writeString(source, wat);
        Path wasm = dir.resolve(name + ".wasm");
        var p = new ProcessBuilder("wat2wasm", source.toString(), "-o", wasm.toString())
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
        return engine.load(ModuleSource.read(wasm), LoadOptions.forLimits(limits));
    }
}
