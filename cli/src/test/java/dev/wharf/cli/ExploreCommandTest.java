package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesThePageBesideTheModuleOrWhereAsked() throws Exception {
        Path module = dir.resolve("hello.wasm");
        Files.copy(WharfCli.fixture("hello"), module);

        var result = WharfCli.run("explore", module.toString());
        assertEquals(0, result.exit(), result.err());
        Path page = dir.resolve("hello.explore.html");
        assertEquals("wrote " + page + "\n", result.out());
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<h1>hello.wasm</h1>"), html);
        assertTrue(html.contains("id=\"function-rows\""), html);

        Path elsewhere = dir.resolve("pages/hello.html");
        Files.createDirectories(elsewhere.getParent());
        var explicit = WharfCli.run("explore", module.toString(), "-o", elsewhere.toString());
        assertEquals(0, explicit.exit(), explicit.err());
        assertEquals(html, Files.readString(elsewhere));
    }

    @Test
    void anInvalidModuleGivesOneLineAndNoPage() throws Exception {
        Path module = dir.resolve("broken.wasm");
        Files.write(module, new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01});
        var result = WharfCli.run("explore", module.toString());
        assertEquals(1, result.exit());
        assertTrue(result.singleErrorLine().startsWith("wharf: error: "), result.err());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(module), files.toList());
        }
    }
}
