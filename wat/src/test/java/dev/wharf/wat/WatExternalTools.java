package dev.wharf.wat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.binary.ParsedModule;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real tools the printer and the page are checked against: wabt's wat2wasm and wasm2wat, and
 * headless Chromium. All installed by scripts/install-toolchains.sh.
 */
public final class WatExternalTools {
    /**
     * Proposals beyond wabt 1.0.32's defaults that the printer writes; enabled on both sides of a comparison.
     * SIMD is among wabt's defaults.
     */
    static final List<String> FEATURES =
            List.of("--enable-threads", "--enable-tail-call", "--enable-multi-memory", "--enable-extended-const");

    static final String CHROMIUM = "/usr/bin/chromium";

    public record Result(int exit, String out, String err) {}

    private WatExternalTools() {}

    public static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        var result = new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /** Assembles WAT text with wat2wasm (names kept), failing the test with wat2wasm's message if it refuses. */
    public static Path wat2wasm(Path dir, String name, String wat) throws IOException, InterruptedException {
        return wat2wasm(dir, name, wat, List.of());
    }

    /** The same with more wat2wasm flags, e.g. {@code --enable-exceptions} for a module the printer refuses. */
    public static Path wat2wasm(Path dir, String name, String wat, List<String> flags)
            throws IOException, InterruptedException {
        Path source = dir.resolve(name + ".wat");
        Files.writeString(source, wat, StandardCharsets.UTF_8);
        Path wasm = dir.resolve(name + ".wasm");
        var command = new ArrayList<>(List.of("wat2wasm", "--debug-names"));
        command.addAll(FEATURES);
        command.addAll(flags);
        command.addAll(List.of(source.toString(), "-o", wasm.toString()));
        Result result = run(dir, command);
        assertEquals(0, result.exit(), () -> "wat2wasm rejected " + source + ":\n" + result.err());
        return wasm;
    }

    /** wabt's own text for a module, names ignored: the structural reference a round trip is compared with. */
    public static String wasm2wat(Path wasm) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("wasm2wat", "--no-debug-names"));
        command.addAll(FEATURES);
        command.add(wasm.toString());
        Result result = run(wasm.getParent(), command);
        assertEquals(0, result.exit(), () -> "wasm2wat failed on " + wasm + ":\n" + result.err());
        return result.out();
    }

    /** Loads a page in headless Chromium (fresh profile, no network services) and returns the DOM after its scripts ran. */
    public static String renderedDom(String url, Path scratch) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        Result result = run(
                scratch,
                List.of(
                        CHROMIUM,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--dump-dom",
                        url));
        assertEquals(0, result.exit(), () -> "chromium failed:\n" + result.err());
        return result.out();
    }

    /**
     * Prints a module, assembles the text with wat2wasm and checks that wabt disassembles both to the same
     * text (names ignored), then that printing the reassembled module gives the same WAT again (so every
     * name survived as the same identifier).
     */
    public static void assertRoundTrips(Path module, Path scratch) throws IOException, InterruptedException {
        ParsedModule original = ParsedModule.read(module);
        String wat = WatPrinter.of(original).printModule();
        String name = module.getFileName().toString().replace(".wasm", "");
        Path reassembled = wat2wasm(Files.createTempDirectory(scratch, name), name, wat);

        assertEquals(
                wasm2wat(module),
                wasm2wat(reassembled),
                () -> module + ": the reassembled module differs from the original");
        String again = WatPrinter.of(ParsedModule.read(reassembled)).printModule();
        assertEquals(
                withoutCustomSectionNotes(wat),
                withoutCustomSectionNotes(again),
                () -> module + ": printing the reassembled module gives different text (names lost or changed?)");
    }

    /** wat2wasm cannot carry custom sections across, so the notes about them are not compared. */
    private static String withoutCustomSectionNotes(String wat) {
        return wat.lines().filter(l -> !l.startsWith("  ;; custom section ")).collect(Collectors.joining("\n"));
    }

    public static Path fixturesDir() {
        String dir = System.getProperty("wharf.fixtures.dir");
        if (dir == null) {
            throw new IllegalStateException(
                    "system property wharf.fixtures.dir is not set (run the tests through Maven)");
        }
        return Path.of(dir);
    }

    public static Path fixture(String name) {
        Path p = fixturesDir().resolve(name + ".wasm");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: fixtures/build.sh builds it");
        }
        return p;
    }
}
