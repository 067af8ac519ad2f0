package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.ParsedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewBuildTemplatesCommandTest {
    @TempDir
    Path tmp;

    @Test
    void templatesListsEachTemplateInAnAlignedTable() {
        var r = WharfCli.run("templates");
        assertEquals(0, r.exit(), r.err());
        var lines = r.out().lines().toList();
        assertEquals("NAME       DESCRIPTION", lines.get(0));
        assertTrue(lines.get(1).startsWith("http-c     HTTP handler in C"), r.out());
        assertTrue(lines.get(2).startsWith("http-rust  HTTP handler in Rust"), r.out());
        assertTrue(lines.get(3).startsWith("http-wat   HTTP handler in WebAssembly text"), r.out());
    }

    @Test
    void newThenBuildMakesAValidModule() throws Exception {
        var dir = tmp.resolve("greeter");
        var created = WharfCli.run("new", "http-wat", "Greeter", "--output", dir.toString());
        assertEquals(0, created.exit(), created.err());
        assertTrue(created.out().startsWith("Created app `greeter` from template http-wat in " + dir), created.out());

        var built = WharfCli.run("build", "-f", dir.toString());
        assertEquals(0, built.exit(), built.err());
        assertTrue(
                built.out().contains("Building component greeter with `${WAT2WASM:-wat2wasm} main.wat -o main.wasm`"),
                built.out());
        assertTrue(built.out().contains("Finished building 1 component: greeter"), built.out());
        ParsedModule.read(dir.resolve("main.wasm"));

        var again = WharfCli.run("new", "http-wat", "greeter", "--output", dir.toString());
        assertEquals(1, again.exit());
        assertEquals(
                "wharf: error: new: " + dir + " already exists and is not empty; choose another --output or name",
                again.singleErrorLine());
    }

    @Test
    void aFailingBuildNamesTheComponentAndExitsOne() throws Exception {
        Files.writeString(tmp.resolve("spin.toml"), """
                spin_manifest_version = 2
                [application]
                name = "broken"
                [component.api]
                source = "api.wasm"
                [component.api.build]
                command = "echo 'main.c:1: error: expected ;' >&2; exit 2"
                """);
        var r = WharfCli.run("build", "-f", tmp.resolve("spin.toml").toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("[api] main.c:1: error: expected ;"), r.out());
        assertEquals(
                "wharf: error: build: component api: build command `echo 'main.c:1: error: expected ;' >&2; exit 2` failed with exit code 2",
                r.singleErrorLine());
    }

    @Test
    void aBadManifestIsOneLineNamingFileAndLine() throws Exception {
        Files.writeString(tmp.resolve("spin.toml"), """
                spin_manifest_version = 2
                [application]
                name = "broken"
                [component.api]
                source = 14
                """);
        var r = WharfCli.run("build", "-f", tmp.toString());
        assertEquals(1, r.exit());
        assertEquals(
                "wharf: error: " + tmp.resolve("spin.toml")
                        + ":5: [component.api] source: expected a path or { url, digest }, found an integer",
                r.singleErrorLine());
        var empty = WharfCli.run("build", "-f", tmp.resolve("nothing-here").toString());
        assertEquals(
                "wharf: error: " + tmp.resolve("nothing-here") + ": no such file or directory",
                empty.singleErrorLine());
    }

    @Test
    void unknownTemplatesAndUnusableNamesAreRefused() {
        assertEquals(
                "wharf: error: new: no template `http-cobol`; `wharf templates` lists them",
                WharfCli.run(
                                "new",
                                "http-cobol",
                                "app",
                                "--output",
                                tmp.resolve("a").toString())
                        .singleErrorLine());
        assertEquals(
                "wharf: error: new: app name `42` has no letters to make a kebab-case id from; use e.g. `hello-world`",
                WharfCli.run("new", "http-c", "42").singleErrorLine());
    }
}
