package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** poll_oneoff through wasi_poll.c: real sleeps, real waiting on stdin. Durations are lower bounds only. */
class PollTest {

    private static Map<String, String> lines(String stdout) {
        return Arrays.stream(stdout.split("\n"))
                .filter(l -> l.contains(" ") || l.contains("="))
                .collect(Collectors.toMap(l -> l.split("[ =]")[0], l -> l.substring(l.split("[ =]")[0].length() + 1)));
    }

    private static long ms(String line) {
        String m = line.replaceAll(".* ms=(\\d+).*", "$1");
        return Long.parseLong(m);
    }

    @Test
    void clockSubscriptionsSleepAndReport() {
        Guest.Result r = Guest.run("wasi_poll", List.of("clocks"));
        Map<String, String> out = lines(r.stdout());
        assertEquals("1", out.get("usleep_100ms_ok"));
        assertEquals("1", out.get("nanosleep_50ms_ok"));
        assertTrue(out.get("abs_monotonic_60ms").startsWith("errno=0 events=1"), out.get("abs_monotonic_60ms"));
        assertTrue(out.get("abs_monotonic_60ms").endsWith("[ud=7 type=0 err=0 nbytes=0 hangup=0]"));
        assertTrue(ms(out.get("abs_monotonic_60ms")) >= 55, out.get("abs_monotonic_60ms"));
        assertTrue(out.get("abs_realtime_60ms").contains("[ud=8 type=0"), out.get("abs_realtime_60ms"));
        assertTrue(ms(out.get("abs_realtime_60ms")) >= 50, out.get("abs_realtime_60ms"));
        assertTrue(out.get("abs_past").startsWith("errno=0 events=1"), "a deadline in the past fires at once");
        // only the 40 ms clock fires; the 5 s one is not waited for
        assertTrue(out.get("two_clocks").startsWith("errno=0 events=1"), out.get("two_clocks"));
        assertTrue(out.get("two_clocks").contains("[ud=1 type=0"), out.get("two_clocks"));
        assertTrue(ms(out.get("two_clocks")) >= 39 && ms(out.get("two_clocks")) < 4000, out.get("two_clocks"));
        assertTrue(out.get("cputime_clock").startsWith("errno=28"), "wasmtime: only realtime/monotonic can be awaited");
        assertTrue(out.get("no_subscriptions").startsWith("errno=28"));
        assertTrue(out.get("bad_fd").startsWith("errno=8"));
        assertTrue(out.get("stdout_writable").startsWith("errno=0 events=1"), out.get("stdout_writable"));
        assertTrue(out.get("stdout_writable").contains("[ud=5 type=2 err=0 nbytes=1"), out.get("stdout_writable"));
        assertTrue(ms(out.get("stdout_writable")) < 4000, "a ready fd does not wait for the clock");
        assertTrue(out.get("read_stdout").startsWith("errno=8"), "stdout is not readable");
    }

    @Test
    void stdinReadinessWaitsForDataAndReportsEndOfStream() throws Exception {
        // a slow producer: each chunk takes 150 ms to arrive, counted from when the host starts reading
        InputStream slow = new InputStream() {
            private final Deque<String> chunks = new ArrayDeque<>(List.of("first", "second"));

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (chunks.isEmpty()) {
                    return -1;
                }
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                byte[] chunk = chunks.poll().getBytes(StandardCharsets.UTF_8);
                System.arraycopy(chunk, 0, b, off, chunk.length);
                return chunk.length;
            }
        };
        Guest.Result r = Guest.run("wasi_poll", List.of("stdin"), b -> b.stdin(slow));
        Map<String, String> out = lines(r.stdout());
        assertTrue(out.get("stdin_round0").startsWith("errno=0 events=1"), r.stdout());
        assertTrue(out.get("stdin_round0").contains("[ud=10 type=1 err=0 nbytes=5 hangup=0]"), r.stdout());
        assertTrue(ms(out.get("stdin_round0")) >= 140, "it waited for the data: " + r.stdout());
        assertTrue(ms(out.get("stdin_round1")) >= 100, "and again: " + r.stdout());
        assertEquals("errno=0 data=first", out.get("read0"));
        assertTrue(out.get("stdin_round1").contains("[ud=11 type=1 err=0 nbytes=6 hangup=0]"), r.stdout());
        assertEquals("errno=0 data=second", out.get("read1"));
        assertTrue(out.get("stdin_round2").contains("[ud=12 type=1 err=0 nbytes=0 hangup=1]"), r.stdout());
        assertEquals("errno=0 data=", out.get("read2"));
    }

    @Test
    void quietStdinLetsTheClockFire() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(feed);
        try {
            Guest.Result r = Guest.run("wasi_poll", List.of("stdin_timeout"), b -> b.stdin(stdin));
            String line = lines(r.stdout()).get("stdin_quiet");
            assertTrue(line.startsWith("errno=0 events=1") && line.contains("[ud=2 type=0"), line);
            assertTrue(ms(line) >= 95, line);
        } finally {
            feed.close();
        }
    }
}
