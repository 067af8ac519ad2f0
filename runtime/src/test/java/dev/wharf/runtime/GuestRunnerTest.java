package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestRunnerTest {
    static final Engine ENGINE = Engine.uncached(WharfLog.off());

    @Test
    void aCCommandSeesItsArgvAndOnlyTheGrantedVariable() {
        var run = Runs.run(
                ENGINE.load(Fixtures.wasm("hello")),
                List.of("hello.wasm", "a b", "c"),
                List.of(Map.entry("WHARF_TEST_VAR", "granted")),
                List.of(),
                Optional.empty(),
                Limits.none());
        assertEquals(new RunOutcome.Exited(0), run.outcome());
        assertEquals(
                "hello from C\nargv[0]=hello.wasm\nargv[1]=a b\nargv[2]=c\nWHARF_TEST_VAR=granted\n", run.stdout());
    }

    @Test
    void aRustCommandSeesNoHostVariablesUnlessGranted() {
        var run = Runs.run(
                ENGINE.load(Fixtures.wasm("hello_rust")),
                List.of("r"),
                List.of(Map.entry("ONLY", "this")),
                List.of(),
                Optional.empty(),
                Limits.none());
        assertEquals(new RunOutcome.Exited(0), run.outcome());
        assertTrue(run.stdout().contains("env ONLY=this\n"), run.stdout());
        assertEquals(1, run.stdout().lines().filter(l -> l.startsWith("env ")).count(), run.stdout());
        assertEquals("rust stderr line\n", run.stderr());
    }

    @Test
    void procExitCodesPassThrough() {
        var module = ENGINE.load(Fixtures.wasm("exit_code"));
        for (int code : new int[] {0, 3, 42, 125}) {
            var run = Runs.command(module, "exit_code", Integer.toString(code));
            assertEquals(new RunOutcome.Exited(code), run.outcome());
            assertEquals("exiting with " + code + "\n", run.stdout());
            assertEquals("to stderr\n", run.stderr());
        }
        assertEquals(
                new RunOutcome.Exited(7),
                Runs.command(ENGINE.load(Fixtures.wasm("hello_rust")), "r", "7").outcome());
        // wasmtime refuses statuses of 126 and above (they collide with the shell's own meanings): an error, exit 1
        var invalid = assertInstanceOf(
                RunOutcome.Trapped.class,
                Runs.command(module, "exit_code", "200").outcome());
        assertEquals(TrapKind.HOST_ERROR, invalid.report().kind());
        assertTrue(
                invalid.report().render().contains("invalid exit status"),
                invalid.report().render());
        assertEquals(1, invalid.exitCode());
    }

    @Test
    void aReactorIsInitialisedThenInvokedWithTypedArguments() {
        var calc = ENGINE.load(Fixtures.wasm("reactor_calc"));
        assertEquals(
                new RunOutcome.Returned(List.of("5")),
                Runs.invoke(calc, Limits.none(), "add", "2", "3").outcome());
        // offset() reads state that only _initialize (the C constructor) set up
        assertEquals(
                new RunOutcome.Returned(List.of("1234")),
                Runs.invoke(calc, Limits.none(), "offset", "234").outcome());
        assertEquals(
                new RunOutcome.Returned(List.of("3.75")),
                Runs.invoke(calc, Limits.none(), "scale", "1.5", "2.5").outcome());
    }

    @Test
    void invokePrintsMultipleValuesOfEveryNumericType() {
        var traps = ENGINE.load(Fixtures.wasm("traps"));
        assertEquals(
                new RunOutcome.Returned(List.of("-9000000000", "0.5", "2.25")),
                Runs.invoke(traps, Limits.none(), "mix", "-9000000000", "0.5", "2.25")
                        .outcome());
    }

    @Test
    void invokeMistakesAreExplained() {
        var traps = ENGINE.load(Fixtures.wasm("traps"));
        var missing = assertThrows(RunException.class, () -> Runs.invoke(traps, Limits.none(), "nope"));
        assertTrue(missing.getMessage().contains("no exported function `nope`"), missing.getMessage());
        assertTrue(missing.getMessage().contains("add"), "lists what is exported: " + missing.getMessage());
        var arity = assertThrows(RunException.class, () -> Runs.invoke(traps, Limits.none(), "add", "1"));
        assertTrue(arity.getMessage().contains("takes 2 argument(s) (i32, i32) but 1 were given"), arity.getMessage());
        var type = assertThrows(RunException.class, () -> Runs.invoke(traps, Limits.none(), "add", "1", "two"));
        assertTrue(type.getMessage().contains("`two` is not a valid i32"), type.getMessage());
    }

    @Test
    void memoryGrowthStopsAtTheCap() {
        var traps = ENGINE.load(Fixtures.wasm("traps"));
        // declared max is 4 pages; with a 2-page cap, growing by 1 works once (1 -> 2) and then fails
        var capped = Limits.none().withMaxMemoryBytes(2 * 65536);
        assertEquals(
                new RunOutcome.Returned(List.of("1")),
                Runs.invoke(traps, capped, "grow", "1").outcome());
        assertEquals(
                new RunOutcome.Returned(List.of("-1")),
                Runs.invoke(traps, capped, "grow", "2").outcome());
        assertEquals(
                new RunOutcome.Returned(List.of("1")),
                Runs.invoke(traps, Limits.none(), "grow", "2").outcome());
    }

    @Test
    void aCTrapCarriesCFunctionNames() {
        var run = Runs.command(ENGINE.load(Fixtures.wasm("crash")), "crash");
        var trapped = assertInstanceOf(RunOutcome.Trapped.class, run.outcome());
        assertEquals("about to crash\n", run.stdout(), "output written before the trap is not lost");
        var names =
                trapped.report().frames().stream().map(TrapReport.Frame::name).toList();
        assertEquals("parse_digit", names.get(0), trapped.report().render());
        assertTrue(
                names.contains("handle_request") && names.contains("main"),
                trapped.report().render());
    }

    @Test
    void modulesWithImportsWharfDoesNotProvideAreRefusedByName(@TempDir Path dir) throws Exception {
        Path wat = dir.resolve("needs_env.wat");
        Files.writeString(wat, "(module (import \"env\" \"host_log\" (func (param i32))) (func (export \"_start\")))");
        Path wasm = dir.resolve("needs_env.wasm");
        var p = new ProcessBuilder("wat2wasm", wat.toString(), "-o", wasm.toString())
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
        var e = assertThrows(RunException.class, () -> Runs.command(ENGINE.load(wasm), "x"));
        assertTrue(e.getMessage().contains("`env::host_log`, which Wharf does not provide"), e.getMessage());
    }

    @Test
    void aPrecompiledArtifactRunsAndADamagedOneIsRefused(@TempDir Path dir) throws Exception {
        var engine = new Engine(new CompileCache(dir.resolve("cache"), WharfLog.off()), WharfLog.off());
        byte[] artifact = engine.precompile(dev.wharf.binary.ModuleSource.read(Fixtures.wasm("traps")));
        Path cwasm = dir.resolve("traps.cwasm");
        Files.write(cwasm, artifact);
        var refused = assertThrows(RunException.class, () -> engine.load(cwasm, LoadOptions.defaults()));
        assertTrue(refused.getMessage().contains("--allow-precompiled"), refused.getMessage());
        var loaded = engine.load(cwasm, LoadOptions.defaults().withAllowPrecompiled(true));
        assertEquals(
                new RunOutcome.Returned(List.of("9")),
                Runs.invoke(loaded, Limits.none(), "add", "4", "5").outcome());

        artifact[artifact.length - 3] ^= 1;
        Files.write(cwasm, artifact);
        var damaged = assertThrows(
                RunException.class,
                () -> engine.load(cwasm, LoadOptions.defaults().withAllowPrecompiled(true)));
        assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
    }
}
