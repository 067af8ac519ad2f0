package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.WasmFormatException;
import dev.wharf.errors.WharfException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one renderer: every error a command throws becomes one line and an exit code; stack traces only when debugging. */
class ErrorReportTest {
    @TempDir
    Path dir;

    private record Printed(int exit, String text) {}

    private static Printed print(Throwable e, boolean debug) {
        String old = System.getProperty("wharf.log");
        System.setProperty("wharf.log", debug ? "debug" : "off");
        try {
            var out = new StringWriter();
            int exit = ErrorReport.print(e, new PrintWriter(out));
            return new Printed(exit, out.toString());
        } finally {
            if (old == null) {
                System.clearProperty("wharf.log");
            } else {
                System.setProperty("wharf.log", old);
            }
        }
    }

    @Test
    void contextOutermostFirstThenTheProblemThenTheRemedy() {
        var e = new WasmFormatException(0x1a, "unknown opcode 0xff")
                .in(Path.of("api.wasm"))
                .context("component `api`")
                .remedy("run `wharf up --build` to build it first");
        var printed = print(e, false);
        assertEquals(1, printed.exit());
        assertEquals(
                "wharf: error: component `api`: api.wasm: invalid module at byte offset 0x1a: unknown opcode 0xff"
                        + " (run `wharf up --build` to build it first)\n",
                printed.text());
    }

    @Test
    void theExitCodeIsTheExceptions() {
        assertEquals(
                2, print(Failure.usage("--hpa x: want MIN:MAX:CPU%"), false).exit());
        var usage = new WharfException("invalid reference").withExitCode(WharfException.EXIT_USAGE);
        assertEquals(new Printed(2, "wharf: error: invalid reference\n"), print(usage, false));
    }

    @Test
    void aBugIsAnInternalErrorThatSaysHowToSeeMore() {
        var printed = print(new IllegalStateException("cannot happen"), false);
        assertEquals(1, printed.exit());
        assertEquals(
                "wharf: error: internal error: " + IllegalStateException.class.getName() + ": cannot happen"
                        + " (run with WHARF_LOG=debug for details)\n",
                printed.text());
    }

    @Test
    void debuggingAddsTheStackTraceWithItsCauses() {
        var e = new Failure("cannot write out.wat: permission denied", new IOException("EACCES"));
        var quiet = print(e, false);
        assertEquals("wharf: error: cannot write out.wat: permission denied\n", quiet.text());
        var debug = print(e, true);
        assertTrue(debug.text().startsWith("wharf: error: cannot write out.wat: permission denied\n"), debug.text());
        assertTrue(debug.text().contains("\tat "), debug.text());
        assertTrue(debug.text().contains("Caused by: " + IOException.class.getName() + ": EACCES"), debug.text());
    }

    @Test
    void aCommandAddsItsStepAsContext() {
        var r = WharfCli.run(
                "new", "http-cobol", "app", "-o", dir.resolve("app").toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("wharf: error: new: no template `http-cobol`; `wharf templates` lists them", r.singleErrorLine());
    }
}
