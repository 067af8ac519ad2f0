package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wharf.binary.ModuleSource;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Stubbing the function bodies must leave every other part of every fixture exactly as it was. */
class BodylessModuleTest {
    private static List<Path> fixtures() throws Exception {
        try (Stream<Path> files = Files.list(Fixtures.wasm("traps").getParent())) {
            return files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
    }

    private static WasmModule parse(byte[] bytes) {
        return Parser.builder().withValidation(false).build().parse(() -> new ByteArrayInputStream(bytes));
    }

    @Test
    void everyFixtureKeepsEverythingButItsFunctionBodies() throws Exception {
        var checked = new ArrayList<String>();
        for (Path fixture : fixtures()) {
            var source = ModuleSource.read(fixture);
            byte[] stubbed = BodylessModule.of(source);
            if (source.sections().stream().noneMatch(s -> s.id() == 10)) {
                assertNull(stubbed, fixture + " has no code section");
                continue;
            }
            var full = parse(source.bytes());
            var bodiless = parse(stubbed);
            String what = fixture.getFileName().toString();
            assertEquals(
                    full.codeSection().functionBodyCount(),
                    bodiless.codeSection().functionBodyCount(),
                    what);
            assertEquals(
                    full.functionSection().functionCount(),
                    bodiless.functionSection().functionCount(),
                    what);
            // Chicory's section objects do not all compare by value: the byte comparison below is the strict one
            assertEquals(full.typeSection().typeCount(), bodiless.typeSection().typeCount(), what);
            assertEquals(
                    full.importSection().importCount(), bodiless.importSection().importCount(), what);
            assertEquals(
                    full.exportSection().exportCount(), bodiless.exportSection().exportCount(), what);
            for (int e = 0; e < full.exportSection().exportCount(); e++) {
                assertEquals(
                        full.exportSection().getExport(e),
                        bodiless.exportSection().getExport(e),
                        what);
            }
            assertEquals(
                    full.globalSection().globalCount(), bodiless.globalSection().globalCount(), what);
            assertEquals(
                    full.elementSection().elementCount(),
                    bodiless.elementSection().elementCount(),
                    what);
            var fullData = full.dataSection().dataSegments();
            var bodilessData = bodiless.dataSection().dataSegments();
            assertEquals(fullData.length, bodilessData.length, what);
            for (int d = 0; d < fullData.length; d++) {
                assertArrayEquals(fullData[d].data(), bodilessData[d].data(), what + " data segment " + d);
            }
            assertEquals(full.startSection(), bodiless.startSection(), what);
            for (int f = 0; f < full.functionSection().functionCount(); f++) {
                int index = f + full.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
                String name =
                        full.nameSection() == null ? null : full.nameSection().nameOfFunction(index);
                assertEquals(
                        name,
                        bodiless.nameSection() == null
                                ? null
                                : bodiless.nameSection().nameOfFunction(index),
                        what);
            }
            // everything outside the code section is byte for byte the same
            var code = source.sections().stream()
                    .filter(s -> s.id() == 10)
                    .findFirst()
                    .orElseThrow();
            byte[] bytes = source.bytes();
            assertArrayEquals(
                    Arrays.copyOf(bytes, code.headerOffset()), Arrays.copyOf(stubbed, code.headerOffset()), what);
            int tail = bytes.length - (code.payloadOffset() + code.payloadSize());
            assertArrayEquals(
                    Arrays.copyOfRange(bytes, bytes.length - tail, bytes.length),
                    Arrays.copyOfRange(stubbed, stubbed.length - tail, stubbed.length),
                    what);
            checked.add(what);
        }
        assertTrue(checked.size() >= 30, "expected the whole fixture set, checked " + checked);
    }
}
