package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Spin app in the shape of Spin's own http-c template loads unchanged. */
class SpinHttpCShapeTest {
    @TempDir
    Path tmp;

    private Path copyOfTheApp() throws Exception {
        var source = Path.of(SpinHttpCShapeTest.class
                        .getResource("/spin-http-c/spin.toml")
                        .toURI())
                .getParent();
        for (var name : List.of("spin.toml", "main.c")) {
            Files.copy(source.resolve(name), tmp.resolve(name));
        }
        return tmp;
    }

    @Test
    void loadsWithoutWarningsAsAWagiApp() throws Exception {
        var dir = copyOfTheApp();
        // before `spin build` there is no main.wasm: a build can still read the manifest
        var forBuild = AppLoader.loadForBuild(dir);
        assertEquals(List.of(), forBuild.warnings());
        var build = forBuild.app().components().get("hello-c").build().orElseThrow();
        assertEquals(List.of("**/*.c", "**/*.h"), build.watch());
        assertEquals(dir.toAbsolutePath().normalize(), build.workdir());

        Files.write(dir.resolve("main.wasm"), AppDir.EMPTY_MODULE);
        var result = AppLoader.load(dir);
        assertEquals(List.of(), result.warnings());
        var app = result.app();
        assertEquals(
                new AppInfo("hello-c", "0.1.0", "A C HTTP component", List.of("Ada Lovelace <ada@example.com>")),
                app.info());
        assertEquals(
                List.of(new HttpTrigger("http-trigger-1", new Route.Wildcard("/..."), "hello-c", Executor.WAGI)),
                app.httpTriggers());
        var component = app.components().get("hello-c");
        assertEquals(dir.resolve("main.wasm").toAbsolutePath().normalize(), component.sourcePath());
        assertEquals(List.of(), component.allowedOutboundHosts());
        assertEquals(Optional.empty(), component.remote());
    }
}
