package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @Test
    void theReadmeExampleRunsWithAGrantedDirectoryAndVariable() {
        var r = WharfCli.run(
                "run",
                "--env",
                "GREETING_NAME=ops",
                "--dir",
                WharfCli.repo("examples/hello/data") + "::/data",
                WharfCli.repo("examples/hello/hello.wasm").toString(),
                "/data/note.txt");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Hello from WebAssembly, ops!\n"), r.out());
        assertTrue(r.out().contains("/data/note.txt: The harbour master says"), r.out());
        assertTrue(r.out().contains("HOME is not visible"), r.out());
    }

    @Test
    void withoutTheGrantTheGuestCannotSeeTheFile() {
        var r = WharfCli.run(
                "run",
                WharfCli.repo("examples/hello/hello.wasm").toString(),
                WharfCli.repo("examples/hello/data/note.txt").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("(grant it with --dir)"), r.out());
        assertFalse(r.out().contains("harbour master"), r.out());
    }

    @Test
    void aBareModuleMeansRunAndArgsAfterTheModuleGoToTheGuestEvenIfTheyLookLikeOptions() {
        var r = WharfCli.run(WharfCli.fixture("hello").toString(), "--env", "-W");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("argv[1]=--env\nargv[2]=-W\n"), r.out());
        assertTrue(r.out().contains("WHARF_TEST_VAR=(unset)"), r.out());
    }

    @Test
    void argv0AndEnvPassThrough() {
        var r = WharfCli.run(
                "run",
                "--argv0",
                "myname",
                "--env",
                "WHARF_TEST_VAR=x=y",
                WharfCli.fixture("hello").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("argv[0]=myname\n"), r.out());
        assertTrue(r.out().contains("WHARF_TEST_VAR=x=y\n"), r.out());
    }

    @Test
    void envByNamePassesTheHostValueAndInheritEnvPassesEverything() {
        String hostPath = System.getenv("PATH");
        var r = WharfCli.run(
                "run", "--env", "PATH", WharfCli.fixture("hello_rust").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("env PATH=" + hostPath + "\n"), r.out());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("env ")).count(), r.out());

        var all = WharfCli.run(
                "run", "-S", "inherit-env", WharfCli.fixture("hello_rust").toString());
        assertEquals(
                System.getenv().size(),
                all.out().lines().filter(l -> l.startsWith("env ")).count(),
                all.out());
    }

    @Test
    void theGuestsExitCodeIsTheProcessExitCode() {
        var r = WharfCli.run("run", WharfCli.fixture("exit_code").toString(), "17");
        assertEquals(17, r.exit());
        assertEquals("exiting with 17\n", r.out());
    }

    @Test
    void invokePrintsResultsOneLineEach() {
        var r = WharfCli.run("run", "--invoke", "mix", WharfCli.fixture("traps").toString(), "5", "1.5", "-2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("5\n1.5\n-2\n", r.out());
    }

    @Test
    void aTrapPrintsItsKindAndBacktraceAndExits134() {
        var r = WharfCli.run("run", WharfCli.fixture("crash").toString());
        assertEquals(134, r.exit());
        assertEquals("about to crash\n", r.out());
        assertTrue(r.err().startsWith("wharf: error: "), r.err());
        assertTrue(r.err().contains("wasm trap: integer divide by zero"), r.err());
        assertTrue(r.err().contains("crash.wasm!parse_digit"), r.err());
        assertTrue(r.err().contains("crash.wasm!handle_request"), r.err());
        assertFalse(r.err().contains("\tat "), "no JVM stack trace: " + r.err());
    }

    @Test
    @Timeout(60)
    void limitsFromTheWFlagGroup() {
        var stack = WharfCli.run(
                "run",
                "-W",
                "max-wasm-stack=1M",
                "--invoke",
                "stack_exhausted",
                WharfCli.fixture("traps").toString());
        assertEquals(134, stack.exit());
        assertTrue(stack.err().contains("call stack exhausted"), stack.err());
        var legacy = WharfCli.run(
                "run",
                "--max-wasm-stack",
                "1048576",
                "--invoke",
                "stack_exhausted",
                WharfCli.fixture("traps").toString());
        assertEquals(134, legacy.exit());

        var timeout = WharfCli.run(
                "run",
                "-W",
                "timeout=200ms",
                "--invoke",
                "spin",
                WharfCli.fixture("traps").toString());
        assertEquals(134, timeout.exit());
        assertTrue(timeout.err().contains("timeout"), timeout.err());

        var memory = WharfCli.run(
                "run",
                "-W",
                "max-memory-size=131072",
                "--invoke",
                "grow",
                WharfCli.fixture("traps").toString(),
                "3");
        assertEquals("-1\n", memory.out());
    }

    @Test
    @Timeout(60)
    void fuelStopsAnEndlessLoopAndReportsWhatARunConsumed() {
        var spin = WharfCli.run(
                "run",
                "-W",
                "fuel=20000",
                "--invoke",
                "spin",
                WharfCli.fixture("traps").toString());
        assertEquals(134, spin.exit());
        assertTrue(spin.err().contains("wasm trap: all fuel consumed by WebAssembly"), spin.err());
        assertTrue(spin.err().contains("traps.wasm!spin"), spin.err());

        var legacy = WharfCli.run(
                "run",
                "--fuel",
                "20000",
                "--invoke",
                "spin",
                WharfCli.fixture("traps").toString());
        assertEquals(134, legacy.exit());

        var first = WharfCli.run(
                "run",
                "-W",
                "fuel=50000000",
                "-D",
                "fuel-report",
                WharfCli.fixture("hello").toString());
        var second = WharfCli.run(
                "run",
                "-W",
                "fuel=50000000",
                "-D",
                "fuel-report",
                WharfCli.fixture("hello").toString());
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.err().matches("wharf: fuel consumed: \\d+ of 50000000\\n"), first.err());
        assertEquals(first.err(), second.err(), "the same run consumes the same fuel");
        assertEquals(
                WharfCli.run("run", WharfCli.fixture("hello").toString()).out(), first.out(), "metering is invisible");

        var noBudget = WharfCli.run(
                "run", "-D", "fuel-report", WharfCli.fixture("hello").toString());
        assertEquals(2, noBudget.exit());
        var zero = WharfCli.run("run", "-W", "fuel=0", WharfCli.fixture("hello").toString());
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("positive whole number"), zero.err());
    }

    @Test
    void usageErrorsNameTheOptionAndExit2() {
        var unknown =
                WharfCli.run("run", "--frobnicate", WharfCli.fixture("hello").toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--frobnicate"), unknown.err());

        var badW = WharfCli.run(
                "run", "-W", "max-banana=3", WharfCli.fixture("hello").toString());
        assertEquals(2, badW.exit());
        assertTrue(badW.err().contains("-W max-banana=3"), badW.err());

        var badSize = WharfCli.run(
                "run", "-W", "max-memory-size=lots", WharfCli.fixture("hello").toString());
        assertEquals(2, badSize.exit());
        assertTrue(badSize.err().contains("not a size"), badSize.err());

        var network = WharfCli.run(
                "run", "-S", "inherit-network", WharfCli.fixture("hello").toString());
        assertEquals(2, network.exit());
        assertTrue(network.err().contains("no network"), network.err());

        var missingDir = WharfCli.run(
                "run", "--dir", "/no/such/dir::/x", WharfCli.fixture("hello").toString());
        assertEquals(2, missingDir.exit());
        assertTrue(missingDir.err().contains("/no/such/dir does not exist"), missingDir.err());
    }

    @Test
    void wharfErrorsAreOneLineAndExit1(@TempDir Path dir) throws Exception {
        var missing = WharfCli.run("run", dir.resolve("nope.wasm").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.singleErrorLine().contains("nope.wasm: no such file"), missing.err());

        Path text = dir.resolve("notes.wasm");
        Files.writeString(text, "(module)\n");
        var invalid = WharfCli.run("run", text.toString());
        assertEquals(1, invalid.exit());
        assertTrue(invalid.singleErrorLine().contains("notes.wasm: invalid module"), invalid.err());

        var noExport = WharfCli.run(
                "run", "--invoke", "missing", WharfCli.fixture("traps").toString());
        assertEquals(1, noExport.exit());
        assertTrue(noExport.singleErrorLine().contains("no exported function `missing`"), noExport.err());
    }

    @Test
    void versionPrintsTheProductName() {
        var r = WharfCli.run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("wharf \\d+\\.\\d+\\.\\d+\\n"), r.out());
    }
}
