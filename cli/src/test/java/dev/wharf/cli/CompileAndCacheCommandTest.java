package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileAndCacheCommandTest {
    @TempDir
    Path cacheRoot;

    private String previous;

    @BeforeEach
    void useAPrivateCache() {
        previous = System.getProperty("wharf.cache.dir");
        System.setProperty("wharf.cache.dir", cacheRoot.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("wharf.cache.dir");
        } else {
            System.setProperty("wharf.cache.dir", previous);
        }
    }

    @Test
    void compileFillsTheCacheInfoCountsItAndClearEmptiesIt() {
        var compile = WharfCli.run("compile", WharfCli.fixture("traps").toString());
        assertEquals(0, compile.exit(), compile.err());
        var info = WharfCli.run("cache", "info");
        assertEquals(0, info.exit(), info.err());
        // two variants of the code: runs without a timeout and runs with one
        assertTrue(info.out().contains("entries:       2"), info.out());
        assertTrue(info.out().contains(cacheRoot.toString()), info.out());
        // both kinds of run find their code there: neither adds an entry
        var run =
                WharfCli.run("run", "--invoke", "add", WharfCli.fixture("traps").toString(), "2", "3");
        assertEquals("5\n", run.out(), run.err());
        var timed = WharfCli.run(
                "run",
                "-W",
                "timeout=30s",
                "--invoke",
                "add",
                WharfCli.fixture("traps").toString(),
                "2",
                "3");
        assertEquals("5\n", timed.out(), timed.err());
        assertTrue(WharfCli.run("cache", "info").out().contains("entries:       2"));

        var clear = WharfCli.run("cache", "clear");
        assertEquals(0, clear.exit(), clear.err());
        assertTrue(clear.out().startsWith("removed 2 entries"), clear.out());
        assertTrue(WharfCli.run("cache", "info").out().contains("entries:       0"));
    }

    @Test
    void compileToAFileGivesAnArtifactThatRunsOnlyWhenAllowed(@TempDir Path dir) {
        Path out = dir.resolve("traps.cwasm");
        var compile = WharfCli.run("compile", WharfCli.fixture("traps").toString(), "-o", out.toString());
        assertEquals(0, compile.exit(), compile.err());
        assertTrue(Files.isRegularFile(out));

        var refused = WharfCli.run("run", "--invoke", "add", out.toString(), "1", "2");
        assertEquals(1, refused.exit());
        assertTrue(refused.singleErrorLine().contains("--allow-precompiled"), refused.err());

        var allowed = WharfCli.run("run", "--allow-precompiled", "--invoke", "add", out.toString(), "1", "2");
        assertEquals(0, allowed.exit(), allowed.err());
        assertEquals("3\n", allowed.out());
    }

    @Test
    void compilingAnInvalidModuleLeavesNoOutputBehind(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.wasm");
        Files.write(bad, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 100});
        Path out = dir.resolve("bad.cwasm");
        var r = WharfCli.run("compile", bad.toString(), "-o", out.toString());
        assertEquals(1, r.exit());
        r.singleErrorLine();
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the input remains");
        }
    }
}
