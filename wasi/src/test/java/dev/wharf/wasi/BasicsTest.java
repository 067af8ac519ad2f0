package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.ChicoryException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BasicsTest {

    @Test
    void argvAndOnlyGrantedEnvironmentAreVisible() {
        // the JVM running this test has PATH and HOME; none of it may leak into the guest
        assertTrue(System.getenv("PATH") != null);
        Guest.Result r = Guest.run(
                "wasi_basics",
                List.of("hello", "two words", "ünï"),
                b -> b.env("GREETING", "hi there").env("EMPTY", "").env("A", "b=c"));
        assertEquals(0, r.exitCode());
        assertEquals("""
                argc=4
                argv[0]=wasi_basics.wasm
                argv[1]=hello
                argv[2]=two words
                argv[3]=ünï
                env GREETING=hi there
                env EMPTY=
                env A=b=c
                HOME=(unset)
                """, r.stdout());
    }

    @Test
    void exitCodePassesThroughProcExit() {
        Guest.Result r = Guest.run("wasi_basics", List.of("exit", "42"));
        assertEquals(42, r.exitCode());
        assertEquals("exiting with 42\n", r.stdout(), "stdout is complete when the guest exits");
        assertEquals(0, Guest.run("wasi_basics", List.of("exit", "0")).exitCode());
    }

    @Test
    void exitStatusOutsideWasiRangeTrapsLikeWasmtime() {
        ChicoryException e =
                assertThrows(ChicoryException.class, () -> Guest.run("wasi_basics", List.of("exit", "200")));
        assertTrue(e.getMessage().contains("invalid exit status"), e.getMessage());
    }

    @Test
    void clocksTickAndSleepSleeps() {
        Guest.Result r = Guest.run(
                "wasi_basics",
                List.of("clocks"),
                b -> b.clock(Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC)));
        String out = r.stdout();
        for (String clock : List.of("realtime", "monotonic", "process", "thread")) {
            assertTrue(out.contains(clock + " res_errno=0 res_pos=1 time_errno=0 nondecreasing=1"), out);
        }
        assertTrue(
                out.contains("realtime_seconds="
                        + Instant.parse("2030-01-02T03:04:05Z").getEpochSecond()),
                out);
        assertTrue(out.contains("bad_clock_errno=28"), out); // EINVAL
        assertTrue(out.contains("slept_at_least_50ms=1"), out);
    }

    @Test
    void randomComesFromTheConfiguredGenerator() {
        Guest.Result a = Guest.run("wasi_basics", List.of("random"), b -> b.random(new SplittableRandom(7)));
        Guest.Result b = Guest.run("wasi_basics", List.of("random"), x -> x.random(new SplittableRandom(7)));
        Guest.Result c = Guest.run("wasi_basics", List.of("random"));
        assertTrue(a.stdout().contains("random_errno=0 nonzero=1"), a.stdout());
        assertEquals(a.stdout(), b.stdout(), "same seed, same bytes");
        assertTrue(c.stdout().contains("random_errno=0 nonzero=1"), c.stdout());
        assertFalse(c.stdout().equals(a.stdout()), "default is SecureRandom, not the seeded one");
    }

    @Test
    void stdinIsReadToTheEnd() {
        Guest.Result r = Guest.run(
                "wasi_basics",
                List.of("echo"),
                b -> b.stdin(new ByteArrayInputStream("one\ntwo\nthree".getBytes(StandardCharsets.UTF_8))));
        assertEquals("ONE\nTWO\nTHREE\nlines=3 eof=1\n", r.stdout().replace("THREElines", "THREE\nlines"));
    }

    @Test
    void stdioDescriptorsBehaveLikeWasmtimes() {
        Guest.Result r = Guest.run("wasi_basics", List.of("stdio"));
        // not a terminal here: wasmtime reports UNKNOWN (0); stdin readable, stdout/stderr writable, no seeking
        assertTrue(
                r.stdout().contains("fd0 errno=0 filetype=0 read=1 write=0 stat_errno=0 stat_type=0 seek_errno=70"),
                r.stdout());
        assertTrue(
                r.stdout().contains("fd1 errno=0 filetype=0 read=0 write=1 stat_errno=0 stat_type=0 seek_errno=70"),
                r.stdout());
        assertTrue(r.stdout().contains("fd2 errno=0 filetype=0 read=0 write=1"), r.stdout());
        assertTrue(r.stdout().contains("prestat_fd3_errno=8"), r.stdout()); // EBADF: no preopens
        assertTrue(r.stdout().contains("write_stdin_errno=8"), r.stdout());
        assertTrue(r.stdout().contains("read_stdout_errno=8"), r.stdout());
        assertTrue(r.stdout().contains("pwrite_stdout_errno=70"), r.stdout()); // ESPIPE
        assertTrue(r.stdout().contains("pread_stdin_errno=70"), r.stdout());
        assertTrue(r.stdout().contains("raise_errno=58"), r.stdout()); // ENOTSUP, as wasmtime
        assertTrue(r.stdout().contains("yield_errno=0"), r.stdout());
        assertTrue(r.stdout().contains("close_bad_errno=8"), r.stdout());
        assertEquals("to stderr\n", r.stderr());
    }

    @Test
    void outputWrittenBeforeATrapIsNotLost() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // a buffered stream like the CLI's: the host must flush it, or "before trap" would sit in the buffer
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        assertThrows(RuntimeException.class, () -> Guest.run("wasi_basics", List.of("trap"), b -> b.stdout(buffered)));
        assertEquals("before trap\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exactlyTheFortySixPreview1FunctionsAreProvided() {
        try (WasiHost host = WasiHost.builder().build()) {
            var fns = host.hostFunctions();
            assertEquals(46, fns.length);
            assertEquals(46, Arrays.stream(fns).map(f -> f.name()).distinct().count());
            assertTrue(Arrays.stream(fns).allMatch(f -> f.module().equals("wasi_snapshot_preview1")));
        }
    }

    @Test
    void aSubsetByNameIsTheSameFunctionsWithTheSameTypes() {
        try (WasiHost host = WasiHost.builder().build()) {
            var all = Arrays.stream(host.hostFunctions()).collect(Collectors.toMap(f -> f.name(), f -> f.type()));
            var some = host.hostFunctions(List.of("fd_write", "proc_exit", "not_a_wasi_function", "random_get"));
            assertEquals(
                    List.of("fd_write", "proc_exit", "random_get"),
                    Arrays.stream(some).map(f -> f.name()).toList());
            for (var f : some) {
                assertEquals(all.get(f.name()), f.type(), f.name());
            }
        }
    }
}
