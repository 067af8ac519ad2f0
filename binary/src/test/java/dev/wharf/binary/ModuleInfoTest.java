package dev.wharf.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ModuleInfoTest {

    private static ModuleInfo inspect(String fixture) {
        return ModuleInfo.of(ParsedModule.read(WasmBytes.fixture(fixture)));
    }

    @Test
    void commandFixture() {
        var info = inspect("inspect_command.wasm");
        assertEquals(ModuleInfo.Kind.COMMAND, info.kind());
        assertEquals(5, info.functionCount());
        assertEquals(7, info.importedFunctionCount());

        assertEquals(1, info.imports().size());
        var wasi = info.imports().get(0);
        assertEquals("wasi_snapshot_preview1", wasi.module());
        assertEquals(
                List.of(
                        "fd_write",
                        "path_open",
                        "environ_sizes_get",
                        "args_sizes_get",
                        "clock_time_get",
                        "random_get",
                        "proc_exit"),
                wasi.imports().stream().map(ModuleInfo.ImportInfo::name).toList());
        assertEquals(
                "(i32, i32, i32, i32, i32, i64, i64, i32, i32) -> i32",
                wasi.imports().get(1).type());
        assertEquals("(i32) -> ()", wasi.imports().get(6).type());

        Map<String, ModuleInfo.ExportInfo> exports =
                info.exports().stream().collect(Collectors.toMap(ModuleInfo.ExportInfo::name, e -> e));
        assertEquals(new ModuleInfo.ExportInfo("add", "func", 8, "(i32, i32) -> i32"), exports.get("add"));
        assertEquals(new ModuleInfo.ExportInfo("memory", "memory", 0, "2..16 pages"), exports.get("memory"));
        assertEquals(new ModuleInfo.ExportInfo("scale", "global", 2, "f64"), exports.get("scale"));
        assertEquals("() -> ()", exports.get("_start").signature());

        assertEquals(
                List.of(new ModuleInfo.MemoryInfo(0, 2, 16L, 131072, 1048576L, false, false, false, null)),
                info.memories());
        assertEquals(List.of(new ModuleInfo.TableInfo(0, "funcref", 2, null, false, null)), info.tables());
        assertEquals(
                List.of(
                        new ModuleInfo.GlobalInfo(0, "i32", false, "i32.const 1024", false, null),
                        new ModuleInfo.GlobalInfo(1, "i64", true, "i64.const 0", false, null),
                        new ModuleInfo.GlobalInfo(2, "f64", false, "f64.const 1.5", false, null)),
                info.globals());
        assertEquals(new ModuleInfo.StartFunction(7, "init"), info.startFunction());
        assertEquals(
                List.of("name"),
                info.customSections().stream()
                        .map(ModuleInfo.CustomSectionInfo::name)
                        .toList());
        assertNull(info.producers(), "wat2wasm writes no producers section");

        var biggest = info.biggestFunctions();
        assertEquals(new ModuleInfo.FunctionSize(10, "checksum", 52), biggest.get(0));
        for (int i = 1; i < biggest.size(); i++) {
            assertTrue(biggest.get(i - 1).bytes() >= biggest.get(i).bytes());
        }
    }

    @Test
    void sectionSizesAddUpToTheFile() {
        var info = inspect("inspect_command.wasm");
        int sum =
                info.sections().stream().mapToInt(ModuleInfo.SectionSize::bytes).sum();
        assertEquals(info.sizeBytes(), sum + 8, "sections plus the 8-byte header are the whole file");
        double percent = info.sections().stream()
                .mapToDouble(ModuleInfo.SectionSize::percent)
                .sum();
        assertEquals(100.0 * (info.sizeBytes() - 8) / info.sizeBytes(), percent, 0.7);
        var code = info.sections().stream()
                .filter(s -> s.section().equals("code"))
                .findFirst()
                .orElseThrow();
        assertNull(code.name());
        assertEquals("name", info.sections().get(info.sections().size() - 1).name());
    }

    @Test
    void reactorWithImportedMemoryTableAndGlobal() {
        var info = inspect("inspect_reactor.wasm");
        assertEquals(ModuleInfo.Kind.REACTOR, info.kind());
        assertEquals(
                List.of(new ModuleInfo.MemoryInfo(0, 1, null, 65536, null, false, false, true, "env.memory")),
                info.memories());
        assertEquals(List.of(new ModuleInfo.TableInfo(0, "funcref", 4, 8L, true, "env.callbacks")), info.tables());
        assertEquals(
                new ModuleInfo.GlobalInfo(0, "i32", false, null, true, "env.base"),
                info.globals().get(0));
        assertEquals(
                new ModuleInfo.GlobalInfo(1, "i32", true, "i32.const 0", false, null),
                info.globals().get(1));
        var env = info.imports().get(0);
        assertEquals("env", env.module());
        assertEquals(
                List.of("memory", "table", "global", "func"),
                env.imports().stream().map(ModuleInfo.ImportInfo::kind).toList());
        assertEquals("min 1 page, no max", env.imports().get(0).type());
        assertEquals("funcref 4..8", env.imports().get(1).type());
        assertNull(info.startFunction());
    }

    @Test
    void clangWritesAProducersSection() {
        var info = inspect("inspect_caps.wasm");
        ModuleInfo.Producers producers = info.producers();
        assertNotNull(producers, "clang writes a producers section");
        assertTrue(
                producers.processedBy().stream()
                        .anyMatch(
                                p -> p.name().contains("clang") && !p.version().isEmpty()),
                () -> "processed-by: " + producers.processedBy());
        assertFalse(producers.language().isEmpty());
        assertTrue(
                producers.language().stream().allMatch(p -> p.name().startsWith("C")),
                () -> "language: " + producers.language());

        assertEquals(ModuleInfo.Kind.COMMAND, info.kind());
    }

    @Test
    void unreadableProducersSectionIsLeftOut() throws Exception {
        byte[] wasm = WasmBytes.concat(
                WasmBytes.fixtureBytes("inspect_reactor.wasm"),
                WasmBytes.customSection("producers", WasmBytes.bytes(5, 1, 0x41)));
        var info = ModuleInfo.of(ParsedModule.parse(ModuleSource.frame(Path.of("p.wasm"), wasm)));
        assertNull(info.producers());
        assertEquals(
                "producers",
                info.customSections().get(info.customSections().size() - 1).name());
    }
}
