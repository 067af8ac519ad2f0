package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.binary.ModuleSource;
import dev.wharf.coredump.CoreDump;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GuestRunner.writeCoreDumpOnTrap: a dump that wabt accepts, whose frames are the trap's backtrace. */
class CoreDumpRunTest {
    static final Engine ENGINE = Engine.uncached(WharfLog.off());

    @TempDir
    Path dir;

    private RunOutcome run(LoadedModule module, Path core, List<String> notices, Limits limits, String... invoke) {
        var runner = new GuestRunner(WharfLog.off()).writeCoreDumpOnTrap(core, notices::add);
        Optional<RunSpec.Invocation> invocation = invoke.length == 0
                ? Optional.empty()
                : Optional.of(new RunSpec.Invocation(invoke[0], List.of(invoke).subList(1, invoke.length)));
        var spec = new RunSpec(
                List.of("m.wasm"),
                List.of(),
                List.of(),
                invocation,
                limits,
                new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        return runner.run(module, spec);
    }

    /** Each backtrace frame, its repeats unfolded: the dump lists every frame. */
    private static List<Integer> unfolded(TrapReport report) {
        List<Integer> out = new ArrayList<>();
        report.frames().forEach(f -> {
            for (int i = 0; i < f.repeats(); i++) {
                out.add(f.functionIndex());
            }
        });
        return out;
    }

    @Test
    void aTrappedCProgramIsDumpedWithItsFramesMemoryAndStackPointer() throws Exception {
        var crash = ENGINE.load(Fixtures.wasm("crash"));
        Path core = dir.resolve("crash.core.wasm");
        List<String> notices = new ArrayList<>();
        var trapped = assertInstanceOf(RunOutcome.Trapped.class, run(crash, core, notices, Limits.none()));
        assertEquals(List.of("core dump written to " + core), notices);

        CoreDump dump = CoreDump.decode(ModuleSource.read(core));
        assertEquals(crash.displayName(), dump.executable());
        assertEquals(List.of(Fixtures.wasm("crash").toAbsolutePath().normalize().toString()), dump.modules());
        assertEquals(1, dump.threads().size());
        var frames = dump.threads().get(0).frames();
        assertEquals(
                unfolded(trapped.report()),
                frames.stream().map(CoreDump.CoreFrame::function).toList());
        // parse_digit(const char *s) has one parameter and one volatile local, neither recoverable
        assertEquals(
                List.of(CoreDump.CoreValue.MISSING_VALUE, CoreDump.CoreValue.MISSING_VALUE),
                frames.get(0).locals());
        assertTrue(
                frames.stream().allMatch(f -> f.codeOffset() == 0 && f.stack().isEmpty()));

        // memory: "about to crash" was printed from a stdio buffer inside linear memory
        var memory = dump.memories().get(0);
        assertTrue(memory.pages() >= 2, "C programs start with at least 2 pages: " + memory.pages());
        assertTrue(
                contains(memory, "about to crash".getBytes(StandardCharsets.US_ASCII)),
                "stdout's buffer is in the dump");
        assertTrue(
                memory.segments().stream().allMatch(s -> s.offset() % 65536 == 0 && s.bytes().length % 65536 == 0),
                "whole pages");
        // the one global of a wasi-libc program is its stack pointer, somewhere inside memory
        assertEquals(1, dump.globals().size());
        assertEquals(CoreDump.I32, dump.globals().get(0).type());
        long sp = dump.globals().get(0).low();
        assertTrue(sp > 0 && sp < memory.byteSize(), "stack pointer " + sp);
        assertEquals(List.of(new CoreDump.CoreInstance(0, List.of(0), List.of(0))), dump.instances());

        assertValidates(core);
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
    }

    @Test
    void runawayRecursionUnfoldsIntoEveryFrameAndAMeteredRunDropsTheFuelCounter() throws Exception {
        var traps = ENGINE.load(Fixtures.wasm("traps"));
        Path core = dir.resolve("deep.core");
        List<String> notices = new ArrayList<>();
        var trapped = assertInstanceOf(
                RunOutcome.Trapped.class,
                run(traps, core, notices, Limits.none().withMaxWasmStackBytes(1 << 20), "stack_exhausted"));
        var frames = CoreDump.decode(ModuleSource.read(core)).threads().get(0).frames();
        assertEquals(
                unfolded(trapped.report()),
                frames.stream().map(CoreDump.CoreFrame::function).toList());
        assertTrue(frames.size() > 100, "deep recursion: " + frames.size() + " frames");
        assertValidates(core);

        var metered = ENGINE.load(Fixtures.wasm("traps"), LoadOptions.defaults().withMetered(true));
        Path fuelCore = dir.resolve("fuel.core");
        var outOfFuel = assertInstanceOf(
                RunOutcome.Trapped.class,
                run(metered, fuelCore, notices, Limits.none().withFuel(10_000), "spin"));
        assertEquals(TrapKind.OUT_OF_FUEL, outOfFuel.report().kind());
        CoreDump fuelDump = CoreDump.decode(ModuleSource.read(fuelCore));
        assertEquals(
                List.of(), fuelDump.globals(), "traps.wat has no globals; the fuel counter is Wharf's, not dumped");
        assertEquals(
                unfolded(outOfFuel.report()),
                fuelDump.threads().get(0).frames().stream()
                        .map(CoreDump.CoreFrame::function)
                        .toList());
        assertValidates(fuelCore);
    }

    @Test
    void noTrapNoDumpAndAnOldDumpIsReplacedWhole() throws Exception {
        var traps = ENGINE.load(Fixtures.wasm("traps"));
        Path core = dir.resolve("x.core");
        List<String> notices = new ArrayList<>();
        assertEquals(new RunOutcome.Returned(List.of("3")), run(traps, core, notices, Limits.none(), "add", "1", "2"));
        assertFalse(Files.exists(core));
        assertEquals(List.of(), notices);

        Files.writeString(core, "an older, unrelated file that is much longer than nothing at all");
        run(traps, core, notices, Limits.none(), "unreachable");
        assertTrue(CoreDump.isCoreDump(ModuleSource.read(core)));
        assertValidates(core);
    }

    @Test
    void anUnwritablePlaceIsReportedAndTheTrapStillComesThrough() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        Path core = blocker.resolve("sub/core.wasm"); // a directory that cannot be created under a file
        List<String> notices = new ArrayList<>();
        var outcome = run(ENGINE.load(Fixtures.wasm("traps")), core, notices, Limits.none(), "unreachable");
        assertEquals(
                TrapKind.UNREACHABLE,
                assertInstanceOf(RunOutcome.Trapped.class, outcome).report().kind());
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).startsWith("no core dump written to " + core + ": "), notices.get(0));
    }

    private static boolean contains(CoreDump.CoreMemory memory, byte[] needle) {
        for (var s : memory.segments()) {
            byte[] b = s.bytes();
            outer:
            for (int i = 0; i + needle.length <= b.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (b[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** wabt's wasm-validate: the independent check that the dump is a well-formed, valid wasm binary. */
    static void assertValidates(Path file) throws IOException, InterruptedException {
        var p = new ProcessBuilder("wasm-validate", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "wasm-validate did not finish");
        assertEquals(0, p.exitValue(), "wasm-validate rejects " + file + ": " + output);
    }
}
