package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wharf run`'s growth caps, WASI trace, debug log and core dumps, through the command line. */
class RunDiagnosticsTest {
    @TempDir
    Path dir;

    /** Runs with the system property that WHARF_LOG's in-process twin reads (see WharfLog.fromEnvironment). */
    private static WharfCli withLog(String filter, Supplier<WharfCli> run) {
        return withProperty("wharf.log", filter, run);
    }

    private static WharfCli withProperty(String name, String value, Supplier<WharfCli> run) {
        String old = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return run.get();
        } finally {
            if (old == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, old);
            }
        }
    }

    private Path grantedDir() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("app.toml"), "port = 8080\n");
        return config;
    }

    // ---- -W max-memory-size, trap-on-grow-failure, max-table-elements ----

    @Test
    @Timeout(60)
    void aMemoryBombUnderTheCapGetsNullOrTrapsWhenAsked() {
        var capped = WharfCli.run(
                "run",
                "-W",
                "max-memory-size=4M",
                WharfCli.fixture("memory_bomb").toString());
        assertEquals(0, capped.exit(), capped.err());
        assertEquals("allocated 3 MiB before malloc returned NULL\n", capped.out());

        var trapped = WharfCli.run(
                "run",
                "-W",
                "max-memory-size=4M,trap-on-grow-failure",
                WharfCli.fixture("memory_bomb").toString());
        assertEquals(134, trapped.exit());
        assertEquals("", trapped.out());
        assertTrue(
                trapped.err()
                        .contains("memory_bomb.wasm: wasm trap: memory.grow failed with trap-on-grow-failure set "
                                + "(growing memory from "),
                trapped.err());
        assertTrue(trapped.err().contains("above -W max-memory-size=4194304)"), trapped.err());
        assertTrue(trapped.err().contains("memory_bomb.wasm!grab_block"), trapped.err());
    }

    @Test
    void tablesAreCappedAndATableTooBigAtStartIsRefusedInOneLine() {
        var grown = WharfCli.run(
                "run",
                "-W",
                "max-table-elements=10",
                "--invoke",
                "grow",
                WharfCli.fixture("table_grow").toString(),
                "8");
        assertEquals("2\n", grown.out(), grown.err());
        var refused = WharfCli.run(
                "run",
                "-W",
                "max-table-elements=10",
                "--invoke",
                "grow",
                WharfCli.fixture("table_grow").toString(),
                "9");
        assertEquals("-1\n", refused.out(), refused.err());
        var trapped = WharfCli.run(
                "run",
                "-W",
                "max-table-elements=10",
                "-W",
                "trap-on-grow-failure",
                "--invoke",
                "grow",
                WharfCli.fixture("table_grow").toString(),
                "9");
        assertEquals(134, trapped.exit());
        assertTrue(
                trapped.err()
                        .contains("wasm trap: table.grow failed with trap-on-grow-failure set (growing a table "
                                + "from 2 to 11 elements, above -W max-table-elements=10)"),
                trapped.err());

        var big = WharfCli.run(
                "run",
                "-W",
                "max-table-elements=999",
                WharfCli.fixture("table_big").toString());
        assertEquals(1, big.exit());
        assertTrue(
                big.singleErrorLine()
                        .endsWith("table_big.wasm: table 0 needs 1000 elements at start, above "
                                + "-W max-table-elements=999 (raise the cap to at least 1000)"),
                big.err());

        var zero = WharfCli.run(
                "run",
                "-W",
                "max-table-elements=0",
                WharfCli.fixture("table_grow").toString());
        assertEquals(2, zero.exit());
        var badFlag = WharfCli.run(
                "run",
                "-W",
                "trap-on-grow-failure=maybe",
                WharfCli.fixture("table_grow").toString());
        assertEquals(2, badFlag.exit());
        assertTrue(badFlag.err().contains("expected y/n/true/false"), badFlag.err());
    }

    // ---- the WASI trace ----

    @Test
    void theTraceToStderrShowsTheGrantedReadAndTheRefusedOne() throws Exception {
        Path config = grantedDir();
        var r = WharfCli.run(
                "run",
                "-D",
                "wasi-trace",
                "--dir",
                config + "::/config",
                WharfCli.fixture("trace_files").toString(),
                "/config/app.toml",
                "/etc/config");
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                "/config/app.toml: read 12 bytes\n/etc/config: cannot open: errno 76 (Capabilities insufficient)\n",
                r.out());
        var trace = r.err().lines().toList();
        assertTrue(trace.contains("path_open(fd=3, \"app.toml\", lookup=SYMLINK_FOLLOW) = fd 5"), r.err());
        assertTrue(trace.stream().anyMatch(l -> l.matches("fd_read\\(fd=5, \\d+ bytes\\) = 12 bytes")), r.err());
        assertTrue(trace.contains("path_open(fd=4, \"etc/config\", lookup=SYMLINK_FOLLOW) = ENOTCAPABLE"), r.err());
        assertEquals("+++ exited with 0 +++", trace.get(trace.size() - 1));
    }

    @Test
    void theTraceFileIsCompleteWhenTheGuestExitsOrTraps() throws Exception {
        Path exitTrace = dir.resolve("exit.trace");
        var exited = WharfCli.run(
                "run",
                "-D",
                "wasi-trace=" + exitTrace,
                WharfCli.fixture("exit_code").toString(),
                "17");
        assertEquals(17, exited.exit());
        assertFalse(exited.err().contains("proc_exit"), "the trace went to the file, not stderr: " + exited.err());
        var lines = Files.readAllLines(exitTrace);
        assertEquals(List.of("proc_exit(17)", "+++ exited with 17 +++"), lines.subList(lines.size() - 2, lines.size()));
        assertTrue(lines.get(0).startsWith("args_sizes_get() = "), lines.toString());

        Path trapTrace = dir.resolve("trap.trace");
        var trapped = WharfCli.run(
                "run",
                "-D",
                "wasi-trace=" + trapTrace,
                WharfCli.fixture("crash").toString());
        assertEquals(134, trapped.exit());
        lines = Files.readAllLines(trapTrace);
        assertTrue(lines.contains("fd_write(fd=1, 15 bytes) = 15 bytes"), lines.toString());
        assertEquals("+++ trapped: integer divide by zero +++", lines.get(lines.size() - 1));

        var unwritable = WharfCli.run(
                "run",
                "-D",
                "wasi-trace=" + dir.resolve("no/such/dir/t.trace"),
                WharfCli.fixture("hello").toString());
        assertEquals(1, unwritable.exit());
        assertTrue(
                unwritable
                        .singleErrorLine()
                        .contains("-D wasi-trace=" + dir.resolve("no/such/dir/t.trace")
                                + ": cannot write the trace there"),
                unwritable.err());
    }

    @Test
    void wharfLogWasiTraceGivesTheSameLinesInTheLog() throws Exception {
        Path config = grantedDir();
        var r = withLog(
                "wasi=trace",
                () -> WharfCli.run(
                        "run",
                        "--dir",
                        config + "::/config",
                        WharfCli.fixture("trace_files").toString(),
                        "/config/app.toml",
                        "/etc/config"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.err().contains("[TRACE wasi] path_open(fd=3, \"app.toml\", lookup=SYMLINK_FOLLOW) = fd 5\n"),
                r.err());
        assertTrue(
                r.err().contains("[TRACE wasi] path_open(fd=4, \"etc/config\", lookup=SYMLINK_FOLLOW) = ENOTCAPABLE\n"),
                r.err());
        assertFalse(r.err().contains("[DEBUG"), "wasi=trace alone logs no wharf debug lines: " + r.err());
    }

    // ---- WHARF_LOG=debug ----

    @Test
    void debugNamesTheDirThatWouldGrantADeniedPath() throws Exception {
        Path config = grantedDir();
        var r = withLog(
                "debug",
                () -> WharfCli.run(
                        "run",
                        "--dir",
                        config + "::/config",
                        WharfCli.fixture("trace_files").toString(),
                        "/config/app.toml",
                        "/etc/config"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                "/config/app.toml: read 12 bytes\n/etc/config: cannot open: errno 76 (Capabilities insufficient)\n",
                r.out(),
                "the guest sees what it sees without debugging");
        assertTrue(
                r.err()
                        .contains("[DEBUG wharf] sandbox denied path_open \"/etc/config\": not inside any preopened "
                                + "directory; grant it with --dir /etc::/etc\n"),
                r.err());
        assertFalse(r.err().contains("app.toml\": "), "the granted read is not a denial: " + r.err());
    }

    @Test
    void debugShowsLoadValidationCompileTimeAndCacheHits() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        String module = WharfCli.fixture("hello").toString();
        Supplier<WharfCli> run = () -> withLog("debug", () -> WharfCli.run("run", module));
        var first = withProperty("wharf.cache.dir", cache.toString(), run);
        var second = withProperty("wharf.cache.dir", cache.toString(), run);
        assertEquals(0, first.exit(), first.err());
        String ms = "\\d+\\.\\d ms";
        assertLine(
                first.err(),
                "\\[DEBUG wharf\\] loaded " + Pattern.quote(module) + ": \\d+ bytes, parsed and validated in " + ms);
        assertLine(
                first.err(), "\\[DEBUG wharf\\] compile cache miss: compiled " + Pattern.quote(module) + " in " + ms);
        // the second run finds the module's cache entry, made after it was validated, and skips validating again
        assertLine(
                second.err(),
                "\\[DEBUG wharf\\] loaded " + Pattern.quote(module)
                        + ": \\d+ bytes, parsed \\(validated when its compile-cache entry was made\\) in " + ms);
        assertLine(
                second.err(),
                "\\[DEBUG wharf\\] compile cache hit: loaded compiled code for " + Pattern.quote(module) + " in " + ms);
        assertEquals(first.out(), second.out());
    }

    private static void assertLine(String text, String regex) {
        assertTrue(text.lines().anyMatch(l -> l.matches(regex)), "no line matching " + regex + " in:\n" + text);
    }

    // ---- -D coredump and wharf inspect ----

    @Test
    @Timeout(120)
    void aCoreDumpIsWrittenOnATrapValidatesAndInspectShowsTheBacktracesFrames() throws Exception {
        Path core = dir.resolve("crash.core.wasm");
        var r = WharfCli.run(
                "run", "-D", "coredump=" + core, WharfCli.fixture("crash").toString());
        assertEquals(134, r.exit());
        assertTrue(r.err().endsWith("wharf: core dump written to " + core + "\n"), r.err());
        var backtrace = frameNames(
                r.err(), Pattern.compile("^\\s+\\d+:\\s+0x[0-9a-f]+ - (crash\\.wasm!\\S+) \\(func (\\d+)\\)"));
        assertTrue(backtrace.size() >= 3 && backtrace.get(0).equals("crash.wasm!parse_digit 8"), backtrace.toString());

        var validate = new ProcessBuilder("wasm-validate", core.toString())
                .redirectErrorStream(true)
                .start();
        String validateOut = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(validate.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, validate.exitValue(), "wasm-validate: " + validateOut);

        var inspect = WharfCli.run("inspect", core.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        var frames = frameNames(inspect.out(), Pattern.compile("^\\s+\\d+: (crash\\.wasm!\\S+) \\(func (\\d+)\\)"));
        assertEquals(backtrace, frames, inspect.out());
        assertTrue(inspect.out().startsWith("core dump  " + core + "\n"), inspect.out());
        assertTrue(inspect.out().contains("\nprocess    " + WharfCli.fixture("crash") + "\n"), inspect.out());
        assertTrue(
                inspect.out()
                        .matches("(?s).*\nmemory     \\d+ pages \\(\\d+ bytes\\), \\d+ bytes captured in \\d+ "
                                + "segments? \\(all-zero pages left out\\)\n.*"),
                inspect.out());
        assertTrue(
                inspect.out().matches("(?s).*\nGlobals \\(1\\)\n  INDEX  TYPE  VALUE\n      0  i32   \\d+\n.*"),
                inspect.out());

        var json = WharfCli.run("inspect", "--json", core.toString());
        assertEquals(0, json.exit(), json.err());
        assertTrue(json.out().contains("\"name\" : \"parse_digit\""), json.out());
        assertTrue(json.out().contains("\"found\" : true"), json.out());
    }

    @Test
    void aDumpWhoseModuleMovedAwayStillInspectsWithIndexes() throws Exception {
        Path module = Files.copy(WharfCli.fixture("traps"), dir.resolve("moved.wasm"));
        Path core = Files.createDirectories(dir.resolve("dumps")).resolve("t.core");
        var r = WharfCli.run("run", "-D", "coredump=" + core, "--invoke", "divide_by_zero", module.toString());
        assertEquals(134, r.exit());
        Files.delete(module);
        var inspect = WharfCli.run("inspect", core.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("(not found: frames show function indexes only)"), inspect.out());
        assertTrue(inspect.out().contains("moved.wasm!<wasm function 1>"), inspect.out());
    }

    @Test
    void coredumpNeedsAPathAndWritesNothingWithoutATrap() {
        var noPath =
                WharfCli.run("run", "-D", "coredump", WharfCli.fixture("hello").toString());
        assertEquals(2, noPath.exit());
        assertTrue(noPath.err().contains("needs a file to write"), noPath.err());

        Path core = dir.resolve("none.core");
        var fine = WharfCli.run(
                "run", "-D", "coredump=" + core, WharfCli.fixture("hello").toString());
        assertEquals(0, fine.exit(), fine.err());
        assertFalse(Files.exists(core));
    }

    /** "crash.wasm!parse_digit 8" for each frame line the pattern finds, in order. */
    private static List<String> frameNames(String text, Pattern frame) {
        return text.lines()
                .map(frame::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1) + " " + m.group(2))
                .toList();
    }
}
