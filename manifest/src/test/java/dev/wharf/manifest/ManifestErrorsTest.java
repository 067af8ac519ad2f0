package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad manifest per kind of mistake, each with the one line the user sees. */
class ManifestErrorsTest {
    @TempDir
    Path tmp;

    private static final String HEAD = """
            spin_manifest_version = 2
            [application]
            name = "app"
            """;

    private void assertError(String manifest, String message, int line, String key) {
        var dir = new AppDir(tmp).wasm("api.wasm");
        var e = dir.error(manifest);
        assertEquals(message, dir.shortMessage(e));
        assertEquals(line, e.line(), "line");
        assertEquals(key, e.key(), "key");
        assertEquals(tmp.resolve("spin.toml"), e.file());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void sourceOfTheWrongType() {
        assertError(
                HEAD + """
                [component.api]
                source = 42
                """,
                "spin.toml:5: [component.api] source: expected a path or { url, digest }, found an integer",
                5,
                "component.api.source");
    }

    @Test
    void invalidToml() {
        assertError(HEAD + """
                [component.api]
                source = "api.wasm
                """, "spin.toml:5: invalid TOML: Unexpected end of line, expected \" or a character", 5, "");
    }

    @Test
    void missingOrOldManifestVersion() {
        assertError(
                """
                [application]
                name = "app"
                """,
                "spin.toml:1: spin_manifest_version: missing; expected spin_manifest_version = 2 at the top of the file",
                1,
                "spin_manifest_version");
        assertError(
                """
                spin_manifest_version = "1"
                name = "app"
                """,
                "spin.toml:1: spin_manifest_version: version 1 manifests are not supported; expected 2 (`spin doctor` migrates them)",
                1,
                "spin_manifest_version");
    }

    @Test
    void applicationWithoutName() {
        assertError("""
                spin_manifest_version = 2
                [application]
                version = "1.0.0"
                """, "spin.toml:2: [application] name: missing; expected name = \"...\"", 2, "application.name");
        assertError("""
                spin_manifest_version = 2
                [application]
                name = ["a"]
                """, "spin.toml:3: [application] name: expected a string, found an array", 3, "application.name");
    }

    @Test
    void variableBothRequiredAndDefaulted() {
        assertError(
                HEAD + """
                [variables]
                token = { required = true, default = "x" }
                """,
                "spin.toml:5: [variables] token: a variable cannot be both required and have a default; remove one",
                5,
                "variables.token");
    }

    @Test
    void templateNamingAnUndeclaredVariable() {
        assertError(
                HEAD + """
                [variables]
                region = { default = "eu" }
                [component.api]
                source = "api.wasm"
                variables = { url = "https://{{ regoin }}.example.com" }
                """,
                "spin.toml:8: [component.api] variables.url: the template uses `{{ regoin }}` but [variables] declares no `regoin`;"
                        + " add regoin = { default = \"...\" } or { required = true } to [variables]",
                8,
                "component.api.variables.url");
    }

    @Test
    void duplicateRoutes() {
        assertError(
                HEAD + """
                [[trigger.http]]
                route = "/users/:id"
                component = "api"
                [[trigger.http]]
                route = "/users/:name/"
                component = "api"
                [component.api]
                source = "api.wasm"
                """,
                "spin.toml:8: [[trigger.http]] route: route \"/users/:name\" duplicates the route at line 5; each route may have one trigger",
                8,
                "trigger.http[1].route");
    }

    @Test
    void triggerNamingAMissingComponent() {
        assertError(
                HEAD + """
                [[trigger.http]]
                route = "/..."
                component = "apj"
                [component.api]
                source = "api.wasm"
                """,
                "spin.toml:6: [[trigger.http]] component: no component `apj` is defined (defined: api); add a [component.apj] table",
                6,
                "trigger.http[0].component");
    }

    @Test
    void triggerWithoutRoute() {
        assertError(
                HEAD + """
                [[trigger.http]]
                component = "api"
                [component.api]
                source = "api.wasm"
                """,
                "spin.toml:4: [[trigger.http]] missing route; expected route = \"/path\", \"/path/...\" or { private = true }",
                4,
                "trigger.http[0]");
    }

    @Test
    void badRouteSyntax() {
        assertError(
                HEAD + """
                [[trigger.http]]
                route = "/a/.../b"
                component = "api"
                [component.api]
                source = "api.wasm"
                """,
                "spin.toml:5: [[trigger.http]] route: '...' may only end a route, in \"/a/.../b\"",
                5,
                "trigger.http[0].route");
        assertError(
                HEAD + """
                [[trigger.http]]
                route = "hello"
                component = "api"
                [component.api]
                source = "api.wasm"
                """,
                "spin.toml:5: [[trigger.http]] route: a route must start with '/', got \"hello\"",
                5,
                "trigger.http[0].route");
    }

    @Test
    void unknownExecutor() {
        assertError(
                HEAD + """
                [[trigger.http]]
                route = "/"
                component = "api"
                executor = { type = "cgi" }
                [component.api]
                source = "api.wasm"
                """,
                "spin.toml:7: [[trigger.http]] executor.type: expected \"spin\" or \"wagi\", found \"cgi\"",
                7,
                "trigger.http[0].executor.type");
    }

    @Test
    void missingSourceFile() {
        assertError(
                HEAD + """
                [component.api]
                source = "target/wasm32-wasi/release/api.wasm"
                """,
                "spin.toml:5: [component.api] source: file `target/wasm32-wasi/release/api.wasm` does not exist (relative to "
                        + tmp.toAbsolutePath().normalize() + ")",
                5,
                "component.api.source");
    }

    @Test
    void componentIdNotKebabCase() {
        assertError(
                HEAD + """
                [component.My_Api]
                source = "api.wasm"
                """,
                "spin.toml:4: [component.My_Api] component id `My_Api` must be kebab-case: lowercase words joined by '-' (e.g. `my-api`)",
                4,
                "component.My_Api");
    }

    @Test
    void badDigest() {
        assertError(
                HEAD + """
                [component.api]
                source = { url = "https://example.com/api.wasm", digest = "md5:abc" }
                """,
                "spin.toml:5: [component.api] source.digest: expected \"sha256:<64 lowercase hex digits>\", found \"md5:abc\"",
                5,
                "component.api.source.digest");
    }

    @Test
    void filesMappingWithoutSource() {
        assertError(
                HEAD + """
                [component.api]
                source = "api.wasm"
                files = [{ source = "public", destination = "/" }]
                """,
                "spin.toml:6: [component.api] files[0].source: file or directory `public` does not exist (relative to "
                        + tmp.toAbsolutePath().normalize() + ")",
                6,
                "component.api.files[0].source");
        assertError(
                HEAD + """
                [component.api]
                source = "api.wasm"
                files = ["../secrets/*"]
                """,
                "spin.toml:6: [component.api] files: glob `../secrets/*` must be relative to the app directory and stay inside it;"
                        + " use { source, destination } for other files",
                6,
                "component.api.files");
    }

    @Test
    void outboundHostWithoutScheme() {
        assertError(
                HEAD + """
                [component.api]
                source = "api.wasm"
                allowed_outbound_hosts = ["api.example.com"]
                """,
                "spin.toml:6: [component.api] allowed_outbound_hosts: `api.example.com` has no scheme; expected scheme://host[:port],"
                        + " e.g. \"https://api.example.com\"",
                6,
                "component.api.allowed_outbound_hosts");
    }

    @Test
    void outboundHostTemplateUsingAnUndeclaredVariable() {
        assertError(
                HEAD + """
                [component.api]
                source = "api.wasm"
                allowed_outbound_hosts = ["https://{{ api_host }}"]
                """,
                "spin.toml:6: [component.api] allowed_outbound_hosts: `https://{{ api_host }}` uses `{{ api_host }}`, but"
                        + " neither this component's variables nor [variables] declare `api_host`; add api_host = { default = \"...\" }"
                        + " or { required = true } to [variables]",
                6,
                "component.api.allowed_outbound_hosts");
    }

    @Test
    void environmentValueNotAString() {
        assertError(
                HEAD + """
                [component.api]
                source = "api.wasm"
                environment = { PORT = 8080 }
                """,
                "spin.toml:6: [component.api] environment.PORT: expected a string, found an integer",
                6,
                "component.api.environment.PORT");
    }

    @Test
    void buildWithoutCommand() {
        assertError(
                HEAD + """
                [component.api]
                source = "api.wasm"
                [component.api.build]
                workdir = "api"
                """,
                "spin.toml:6: [component.api.build] command: missing; expected command = \"...\"",
                6,
                "component.api.build.command");
    }

    @Test
    void noManifestInADirectory() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(ManifestException.class, () -> AppLoader.load(tmp));
        assertEquals(
                tmp + ": no wharf.toml or spin.toml here; pass the manifest with -f, or create an app with `wharf new`",
                e.getMessage());
    }
}
