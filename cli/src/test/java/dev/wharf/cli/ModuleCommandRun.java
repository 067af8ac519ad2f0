package dev.wharf.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One in-process `wharf` run through {@link Main#execute}, with stdout and stderr captured. */
record ModuleCommandRun(int exit, String out, String err) {

    static synchronized ModuleCommandRun wharf(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = Main.execute(args);
            return new ModuleCommandRun(
                    code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path fixture(String name) {
        Path p = Path.of(System.getProperty("wharf.fixtures.dir"), name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: fixtures/build.sh builds it");
        }
        return p;
    }

    /** The error contract: exit 1, exactly one line on stderr, nothing on stdout, no stack trace. */
    String oneErrorLine() {
        var lines = err.strip().lines().toList();
        if (exit != 1 || lines.size() != 1 || err.contains("\tat ") || err.contains("Exception") || !out.isEmpty()) {
            throw new AssertionError(
                    "expected exit 1 and one error line, got exit " + exit + "\nstderr:\n" + err + "\nstdout:\n" + out);
        }
        return lines.get(0);
    }
}
