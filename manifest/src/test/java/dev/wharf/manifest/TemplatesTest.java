package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplatesTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedTemplates() {
        assertEquals(
                List.of("http-c", "http-rust", "http-wat"),
                Templates.list().stream().map(Template::name).toList());
        assertEquals(
                List.of("spin.toml", "src/main.rs", "_gitignore"),
                Templates.find("http-rust").orElseThrow().files());
    }

    /** Render, load, build with the real toolchain, and check the module is valid wasm that imports WASI. */
    @ParameterizedTest
    @ValueSource(strings = {"http-c", "http-rust", "http-wat"})
    void eachTemplateRendersLoadsAndBuildsToAValidModule(String template) throws Exception {
        var out = tmp.resolve("my-app");
        var written = Templates.render(template, "MyApp", out);
        assertTrue(written.contains(out.resolve("spin.toml")));
        assertTrue(Files.readString(out.resolve(".gitignore")).contains("main.wasm"));
        for (var file : written) {
            assertTrue(!Files.readString(file).contains("{{project-name}}"), file + " still has the placeholder");
        }

        var result = AppLoader.loadForBuild(out);
        assertEquals(List.of(), result.warnings());
        var app = result.app();
        assertEquals("my-app", app.info().name());
        var trigger = app.httpTriggers().get(0);
        assertEquals(Executor.Kind.WAGI, trigger.executor().kind());
        assertEquals("my-app", trigger.componentId());

        var lines = new ArrayList<String>();
        assertEquals(List.of("my-app"), new Builder(lines::add).build(app));
        var wasm = out.resolve("main.wasm");
        assertTrue(Files.isRegularFile(wasm), "build output: " + lines);
        var module = ParsedModule.parse(ModuleSource.read(wasm));
        assertTrue(hasExport(module, "_start"), "a WAGI handler is a WASI command");
        // now the app is complete and loads to run
        assertEquals(
                wasm.toAbsolutePath().normalize(),
                AppLoader.load(out).app().component(trigger).sourcePath());
    }

    private static boolean hasExport(ParsedModule module, String name) {
        var exports = module.wasm().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void namesBecomeKebabCase() {
        assertEquals("hello-world", Templates.appName("HelloWorld"));
        assertEquals("hello-world", Templates.appName("hello_world"));
        assertEquals("api2", Templates.appName("api2"));
        assertThrows(TemplateException.class, () -> Templates.appName("123"));
        assertThrows(TemplateException.class, () -> Templates.appName("../.."));
        assertThrows(TemplateException.class, () -> Templates.appName("a".repeat(65)));
    }

    @Test
    void refusesANonEmptyDirectoryAndUnknownTemplates() throws Exception {
        var out = tmp.resolve("taken");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        var e = assertThrows(TemplateException.class, () -> Templates.render("http-c", "app", out));
        assertEquals(out + " already exists and is not empty; choose another --output or name", e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        assertEquals(
                "no template `http-cobol`; `wharf templates` lists them",
                assertThrows(TemplateException.class, () -> Templates.render("http-cobol", "app", tmp.resolve("x")))
                        .getMessage());
        // an existing empty directory is fine
        var empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(3, Templates.render("http-wat", "app", empty).size());
    }
}
