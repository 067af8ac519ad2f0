package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuilderTest {
    @TempDir
    Path tmp;

    private App app(String components) {
        var manifest = new AppDir(tmp).manifest("""
                spin_manifest_version = 2
                [application]
                name = "b"
                """ + components);
        return AppLoader.loadForBuild(manifest).app();
    }

    @Test
    void runsEachBuildInItsWorkdirAndPrefixesItsOutput() throws Exception {
        Files.createDirectories(tmp.resolve("web"));
        var app = app("""
                [component.api]
                source = "api.wasm"
                [component.api.build]
                command = "echo out; echo err >&2; pwd; touch api.wasm"
                [component.static]
                source = "static.wasm"
                [component.web]
                source = "web/web.wasm"
                [component.web.build]
                command = "echo one; echo two; touch web.wasm"
                workdir = "web"
                """);
        var lines = new ArrayList<String>();
        assertEquals(List.of("api", "web"), new Builder(lines::add).build(app));
        var base = tmp.toAbsolutePath().normalize();
        assertEquals(
                List.of(
                        "Building component api with `echo out; echo err >&2; pwd; touch api.wasm`",
                        "[api] out",
                        "[api] err",
                        "[api] " + base,
                        "Building component web with `echo one; echo two; touch web.wasm`",
                        "[web] one",
                        "[web] two"),
                lines);
        assertEquals(true, Files.exists(tmp.resolve("api.wasm")));
        assertEquals(true, Files.exists(tmp.resolve("web/web.wasm")));
    }

    @Test
    void aFailingCommandNamesTheComponentAndItsExitCodeAndStopsTheBuild() {
        var app = app("""
                [component.first]
                source = "first.wasm"
                [component.first.build]
                command = "echo compiling; exit 3"
                [component.second]
                source = "second.wasm"
                [component.second.build]
                command = "touch second.wasm"
                """);
        var lines = new ArrayList<String>();
        var e = assertThrows(BuildException.class, () -> new Builder(lines::add).build(app));
        assertEquals("component first: build command `echo compiling; exit 3` failed with exit code 3", e.getMessage());
        assertEquals("first", e.componentId());
        assertEquals(3, e.commandExitCode());
        assertEquals("[first] compiling", lines.get(lines.size() - 1));
        assertFalse(Files.exists(tmp.resolve("second.wasm")));
    }

    @Test
    void aMissingWorkdirIsNamed() {
        var app = app("""
                [component.api]
                source = "api.wasm"
                [component.api.build]
                command = "true"
                workdir = "nowhere"
                """);
        var e = assertThrows(BuildException.class, () -> new Builder(l -> {}).build(app));
        assertEquals(
                "component api: build workdir "
                        + tmp.toAbsolutePath().normalize().resolve("nowhere")
                        + " does not exist; fix `workdir` in [component.api.build]",
                e.getMessage());
    }

    @Test
    void selectedComponentsOnly() {
        var app = app("""
                [component.a]
                source = "a.wasm"
                [component.a.build]
                command = "touch a.wasm"
                [component.b]
                source = "b.wasm"
                [component.b.build]
                command = "touch b.wasm"
                """);
        assertEquals(List.of("b"), new Builder(l -> {}).build(app, List.of("b")));
        assertFalse(Files.exists(tmp.resolve("a.wasm")));
        assertThrows(IllegalArgumentException.class, () -> new Builder(l -> {}).build(app, List.of("c")));
    }
}
