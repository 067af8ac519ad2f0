package dev.wharf.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Runs the `wharf` command line in-process, with stdin given and stdout/stderr captured. */
record WharfCli(int exit, String out, String err) {

    static WharfCli run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    static WharfCli runWithStdin(byte[] stdin, String... args) {
        return capture(stdin, () -> Main.execute(args));
    }

    /** Like {@link #run}, but always through picocli's parser, never Main's option-free shortcut for `run`. */
    static WharfCli runThroughPicocli(String... args) {
        return capture(new byte[0], () -> {
            String[] routed = Cli.routeBareModule(args);
            return Cli.newCommandLine(routed).execute(routed);
        });
    }

    /** Stdout of a call that prints, or null when it returned null. */
    static String capture(Supplier<Integer> call) {
        var result = new Integer[1];
        var captured = capture(new byte[0], () -> {
            result[0] = call.get();
            return result[0] == null ? -1 : result[0];
        });
        return result[0] == null ? null : captured.out();
    }

    private static synchronized WharfCli capture(byte[] stdin, IntSupplier cli) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            System.setIn(new ByteArrayInputStream(stdin));
            int code = cli.getAsInt();
            o.flush();
            e.flush();
            return new WharfCli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static Path fixture(String name) {
        Path p = Path.of(System.getProperty("wharf.fixtures.dir"), name + ".wasm");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: fixtures/build.sh did not build it");
        }
        return p;
    }

    static Path repo(String relative) {
        return Path.of(System.getProperty("wharf.repo.dir"), relative);
    }

    /** The one-line-error contract: a non-zero exit, one line on stderr, no stack trace. */
    String singleErrorLine() {
        var lines = err.strip().lines().toList();
        if (lines.size() != 1 || err.contains("\tat ") || err.contains("Exception")) {
            throw new AssertionError("expected exactly one error line without a stack trace, got:\n" + err);
        }
        return lines.get(0);
    }
}
