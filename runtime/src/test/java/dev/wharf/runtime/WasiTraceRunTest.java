package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GuestRunner.traceWasiCalls and the WHARF_LOG filter see the same strace-like lines. */
class WasiTraceRunTest {
    static final Engine ENGINE = Engine.uncached(WharfLog.off());

    @TempDir
    Path data;

    private record Traced(RunOutcome outcome, String stdout, List<String> trace, String log) {}

    private Traced run(
            String fixture, List<String> args, List<Preopen> preopens, WharfLog.Level wasiLevel, boolean traceStream) {
        var logBytes = new ByteArrayOutputStream();
        var log = WharfLog.parse(
                wasiLevel == null ? "" : "wasi=" + wasiLevel.name().toLowerCase(),
                new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        var traceBytes = new ByteArrayOutputStream();
        var runner = new GuestRunner(log);
        if (traceStream) {
            runner.traceWasiCalls(new PrintStream(traceBytes, true, StandardCharsets.UTF_8));
        }
        var out = new ByteArrayOutputStream();
        var argv = new ArrayList<>(List.of(fixture));
        argv.addAll(args);
        var spec = new RunSpec(
                argv,
                List.of(),
                preopens,
                Optional.empty(),
                Limits.none(),
                new ByteArrayInputStream(new byte[0]),
                out,
                new ByteArrayOutputStream());
        var outcome = runner.run(ENGINE.load(Fixtures.wasm(fixture)), spec);
        return new Traced(
                outcome,
                out.toString(StandardCharsets.UTF_8),
                traceBytes.toString(StandardCharsets.UTF_8).lines().toList(),
                logBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theTraceShowsTheGrantedReadSucceedingAndTheOtherRefused() throws Exception {
        Files.writeString(data.resolve("app.toml"), "port = 8080\n");
        var t = run(
                "trace_files",
                List.of("/config/app.toml", "/etc/config"),
                List.of(new Preopen(data, "/config", true)),
                null,
                true);
        assertEquals(new RunOutcome.Exited(0), t.outcome());
        assertEquals(
                "/config/app.toml: read 12 bytes\n/etc/config: cannot open: errno 76 (Capabilities insufficient)\n",
                t.stdout());
        var trace = t.trace();
        // preopen 3 is the grant; 4 is the diagnostic root that makes the refused path visible
        assertTrue(trace.contains("fd_prestat_dir_name(fd=3, len=7) = \"/config\""), String.join("\n", trace));
        assertTrue(trace.contains("fd_prestat_dir_name(fd=4, len=1) = \"/\""), String.join("\n", trace));
        assertTrue(
                trace.contains("path_open(fd=3, \"app.toml\", lookup=SYMLINK_FOLLOW) = fd 5"),
                String.join("\n", trace));
        assertTrue(
                trace.stream().anyMatch(l -> l.matches("fd_read\\(fd=5, \\d+ bytes\\) = 12 bytes")),
                String.join("\n", trace));
        assertTrue(
                trace.contains("path_open(fd=4, \"etc/config\", lookup=SYMLINK_FOLLOW) = ENOTCAPABLE"),
                String.join("\n", trace));
        assertEquals("+++ exited with 0 +++", trace.get(trace.size() - 1));
        assertEquals("", t.log(), "WHARF_LOG off: nothing logged");
    }

    @Test
    void wharfLogWasiTraceLogsTheSameLines() throws Exception {
        Files.writeString(data.resolve("app.toml"), "x");
        var t = run(
                "trace_files",
                List.of("/config/app.toml"),
                List.of(new Preopen(data, "/config", true)),
                WharfLog.Level.TRACE,
                true);
        var logged = t.log()
                .lines()
                .map(l -> l.replaceFirst("^\\[TRACE wasi\\] ", ""))
                .toList();
        assertEquals(t.trace(), logged);
        assertTrue(t.log().lines().allMatch(l -> l.startsWith("[TRACE wasi] ")), t.log());
    }

    @Test
    void theTraceEndsWithHowTheRunEnded() {
        var exited = run("exit_code", List.of("17"), List.of(), null, true);
        assertEquals(
                List.of("proc_exit(17)", "+++ exited with 17 +++"),
                exited.trace().subList(exited.trace().size() - 2, exited.trace().size()));

        var trapped = run("crash", List.of(), List.of(), null, true);
        assertEquals(
                "+++ trapped: integer divide by zero +++",
                trapped.trace().get(trapped.trace().size() - 1));
        assertTrue(
                trapped.trace().stream().anyMatch(l -> l.matches("fd_write\\(fd=1, 15 bytes\\) = 15 bytes")),
                String.join("\n", trapped.trace()));
    }

    @Test
    void withoutTracingNoDiagnosticRootIsListed() {
        var t = run("trace_files", List.of("--preopens"), List.of(new Preopen(data, "/config", true)), null, false);
        assertEquals("preopen 3 /config\n", t.stdout());
        var traced = run("trace_files", List.of("--preopens"), List.of(new Preopen(data, "/config", true)), null, true);
        assertEquals("preopen 3 /config\npreopen 4 /\n", traced.stdout());
    }
}
