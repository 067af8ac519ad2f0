package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppLoaderTest {
    @TempDir
    Path tmp;

    private static final String FULL = """
            spin_manifest_version = 2

            [application]
            name = "shop"
            version = "1.2.3"
            description = "A shop"
            authors = ["Ada <ada@example.com>", "Linus"]

            [variables]
            greeting = { default = "hello" }
            api_key = { required = true, secret = true }
            region = { default = "eu" }

            [[trigger.http]]
            route = "/api/..."
            component = "api"

            [[trigger.http]]
            id = "users"
            route = "/users/:id"
            component = "api"
            executor = { type = "wagi", entrypoint = "serve", argv = "${SCRIPT_NAME} ${ARGS}" }

            [[trigger.http]]
            route = "/static/..."
            component = "files"
            executor = { type = "wagi" }

            [[trigger.http]]
            route = { private = true }
            component = "worker"

            [[trigger.http]]
            route = "/inline"
            component = { source = "inline.wasm", environment = { MODE = "inline" } }

            [component.api]
            source = "target/api.wasm"
            description = "the API"
            environment = { LOG = "debug", COLOR = "never" }
            allowed_outbound_hosts = ["https://payments.example.com", "redis://*:6379"]
            key_value_stores = ["default", "sessions"]
            variables = { token = "Bearer {{ api_key }}", where = "{{region}}-{{ greeting }}!" }

            [component.api.build]
            command = "make api"
            workdir = "api"
            watch = ["api/**/*.c"]

            [component.files]
            source = "files.wasm"
            files = ["static/**/*", { source = "assets", destination = "/assets" }, { source = "one.txt", destination = "/etc/one.txt" }]
            exclude_files = ["static/**/*.tmp"]

            [component.worker]
            source = "worker.wasm"
            """;

    private AppDir fullApp() {
        return new AppDir(tmp)
                .wasm("target/api.wasm")
                .wasm("files.wasm")
                .wasm("worker.wasm")
                .wasm("inline.wasm")
                .file("static/index.html", "<h1>hi</h1>")
                .file("static/css/site.css", "body{}")
                .file("static/css/draft.tmp", "x")
                .file("assets/logo.svg", "<svg/>")
                .file("assets/fonts/a.woff", "w")
                .file("one.txt", "1")
                .file("api/Makefile", "api:\n\ttrue\n");
    }

    @Test
    void everyFeatureOfTheManifestLandsInTheModel() {
        var result = fullApp().load(FULL);
        var app = result.app();
        assertEquals(List.of(), result.warnings());
        assertEquals(tmp.resolve("spin.toml"), app.manifestPath());
        assertEquals(tmp.toAbsolutePath().normalize(), app.baseDir());
        assertEquals(new AppInfo("shop", "1.2.3", "A shop", List.of("Ada <ada@example.com>", "Linus")), app.info());

        assertEquals(
                List.of("greeting", "api_key", "region"),
                List.copyOf(app.variables().keySet()));
        assertEquals(
                new Variable("greeting", Optional.of("hello"), false, false),
                app.variables().get("greeting"));
        assertEquals(
                new Variable("api_key", Optional.empty(), true, true),
                app.variables().get("api_key"));

        var triggers = app.httpTriggers();
        assertEquals(5, triggers.size());
        assertEquals(
                new HttpTrigger("http-trigger-1", new Route.Wildcard("/api/..."), "api", Executor.SPIN),
                triggers.get(0));
        assertEquals(
                new HttpTrigger(
                        "users",
                        new Route.Exact("/users/:id"),
                        "api",
                        new Executor(Executor.Kind.WAGI, Optional.of("serve"), Optional.of("${SCRIPT_NAME} ${ARGS}"))),
                triggers.get(1));
        assertEquals(Executor.WAGI, triggers.get(2).executor());
        assertInstanceOf(Route.Private.class, triggers.get(3).route());
        assertEquals("http-trigger-5-component", triggers.get(4).componentId());

        // declared components in manifest order, then the inline one
        assertEquals(
                List.of("api", "files", "worker", "http-trigger-5-component"),
                List.copyOf(app.components().keySet()));
        var api = app.components().get("api");
        assertEquals(tmp.resolve("target/api.wasm"), api.sourcePath());
        assertEquals(Optional.empty(), api.remote());
        assertEquals(List.of(), api.files());
        assertEquals(List.of("LOG", "COLOR"), List.copyOf(api.environment().keySet()));
        assertEquals("never", api.environment().get("COLOR"));
        assertEquals(List.of("https://payments.example.com", "redis://*:6379"), api.allowedOutboundHosts());
        assertEquals(List.of("default", "sessions"), api.keyValueStores());
        assertEquals(
                Map.of("token", "Bearer {{ api_key }}", "where", "{{region}}-{{ greeting }}!"),
                api.variableTemplates());
        assertEquals(Optional.of(new BuildSpec("make api", tmp.resolve("api"), List.of("api/**/*.c"))), api.build());
        assertEquals(api, app.component(triggers.get(1)));

        var files = app.components().get("files");
        assertEquals(
                List.of(
                        new FileMount(tmp.resolve("static/css/site.css"), "/static/css/site.css"),
                        new FileMount(tmp.resolve("static/index.html"), "/static/index.html"),
                        new FileMount(tmp.resolve("assets/fonts/a.woff"), "/assets/fonts/a.woff"),
                        new FileMount(tmp.resolve("assets/logo.svg"), "/assets/logo.svg"),
                        new FileMount(tmp.resolve("one.txt"), "/etc/one.txt")),
                files.files());
        assertEquals(Optional.empty(), files.build());

        var inline = app.components().get("http-trigger-5-component");
        assertEquals(Map.of("MODE", "inline"), inline.environment());
        assertEquals(tmp.resolve("inline.wasm"), inline.sourcePath());
    }

    @Test
    void theBuildWorkdirDefaultsToTheManifestDirectory() {
        var app = new AppDir(tmp).wasm("a.wasm").load("""
                spin_manifest_version = 2
                [application]
                name = "a"
                [component.a]
                source = "a.wasm"
                [component.a.build]
                command = "true"
                """).app();
        assertEquals(
                new BuildSpec("true", tmp.toAbsolutePath().normalize(), List.of()),
                app.components().get("a").build().orElseThrow());
        assertEquals(List.of(), app.httpTriggers());
    }

    @Test
    void unknownKeysAreWarningsWithFileAndLine() {
        var result = new AppDir(tmp).wasm("a.wasm").load("""
                spin_manifest_version = 2
                colour = "blue"
                [application]
                name = "a"
                nmae = "typo"
                [[trigger.http]]
                route = "/"
                component = "a"
                executor = { type = "wagi", entrypiont = "x" }
                [[trigger.redis]]
                channel = "c"
                component = "a"
                [component.a]
                source = "a.wasm"
                sqlite_databases = ["default"]
                foo = 1
                """);
        var shown = tmp.resolve("spin.toml").toString();
        assertEquals(
                List.of(
                        shown + ":2: unknown top-level key `colour`",
                        shown + ":5: unknown key `nmae` in [application]",
                        shown + ":9: unknown key `executor.entrypiont` in [[trigger.http]]",
                        shown + ":10: [[trigger.redis]] is not supported by wharf (only [[trigger.http]]); ignored",
                        shown + ":15: key `sqlite_databases` in [component.a] is not supported by wharf yet; ignored",
                        shown + ":16: unknown key `foo` in [component.a]"),
                result.warnings());
        assertEquals(1, result.app().httpTriggers().size());
    }

    @Test
    void aDirectoryLoadsItsWharfTomlBeforeItsSpinToml() {
        var dir = new AppDir(tmp).wasm("a.wasm");
        dir.file("spin.toml", "spin_manifest_version = 2\n[application]\nname = \"from-spin\"\n");
        assertEquals("from-spin", AppLoader.load(tmp).app().info().name());
        dir.file("wharf.toml", "spin_manifest_version = 2\n[application]\nname = \"from-wharf\"\n");
        assertEquals("from-wharf", AppLoader.load(tmp).app().info().name());
        assertEquals(tmp.resolve("wharf.toml"), AppLoader.findManifest(tmp));
    }

    @Test
    void aBareModuleIsAOneComponentWagiAppOnEveryPath() throws Exception {
        new AppDir(tmp).wasm("Hello_World.wasm");
        var app = AppLoader.load(tmp.resolve("Hello_World.wasm")).app();
        assertEquals("Hello_World", app.info().name());
        var trigger = app.httpTriggers().get(0);
        assertEquals(
                new HttpTrigger("http-trigger-1", new Route.Wildcard("/..."), "hello-world", Executor.WAGI), trigger);
        assertEquals(
                tmp.resolve("Hello_World.wasm").toRealPath(),
                app.component(trigger).sourcePath().toRealPath());
    }

    @Test
    void loadingForABuildToleratesSourcesTheBuildWillMake() {
        var dir = new AppDir(tmp);
        var manifest = dir.manifest("""
                spin_manifest_version = 2
                [application]
                name = "a"
                [[trigger.http]]
                route = "/..."
                component = "a"
                [component.a]
                source = "out/a.wasm"
                [component.a.build]
                command = "mkdir -p out && cp ../x.wasm out/a.wasm"
                """);
        var app = AppLoader.loadForBuild(manifest).app();
        assertEquals(tmp.resolve("out/a.wasm"), app.components().get("a").sourcePath());
        assertFalse(Files.exists(app.components().get("a").sourcePath()));
        // the same manifest loaded to run is refused until the build has made the module
        var e = dir.error(readString(manifest));
        assertEquals(
                "spin.toml:8: [component.a] source: file `out/a.wasm` does not exist (run `wharf build` first)",
                dir.shortMessage(e));
    }

    @Test
    void aGlobThatMatchesNothingIsAWarning() {
        var result = new AppDir(tmp).wasm("a.wasm").load("""
                spin_manifest_version = 2
                [application]
                name = "a"
                [component.a]
                source = "a.wasm"
                files = ["public/**/*"]
                """);
        assertEquals(
                List.of(tmp.resolve("spin.toml") + ":6: files pattern `public/**/*` in [component.a] matches no files"),
                result.warnings());
        assertTrue(result.app().components().get("a").files().isEmpty());
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
