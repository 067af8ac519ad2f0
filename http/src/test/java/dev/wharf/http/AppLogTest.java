package dev.wharf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppLogTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AppLog log = new AppLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void accessLinesWaitForAFlushOrTheNextOtherLineAndKeepTheirOrder() {
        log.access("GET", "/a", 200, 1_234_567, "c", "r1");
        log.access("GET", "/b", 404, 10_000, "-", "r2");
        assertEquals(List.of(), lines(), "batched until a flush");
        log.error("handler_failed", "boom", "request_id", "r3");
        log.access("POST", "/c", 500, 0, "c", "r3");
        var written = lines();
        assertEquals(3, written.size(), String.join("\n", written));
        assertTrue(
                written.get(0)
                        .contains("event=access method=GET path=/a status=200 duration_ms=1.23 component=c "
                                + "request_id=r1"),
                written.get(0));
        assertTrue(written.get(1).contains("path=/b status=404"), written.get(1));
        assertTrue(written.get(2).contains("level=error event=handler_failed request_id=r3 msg=boom"), written.get(2));
        log.flush();
        assertTrue(lines().get(3).contains("path=/c status=500"), lines().toString());
        assertEquals(4, lines().size());
    }

    @Test
    void manyAccessLinesAreWrittenWithoutWaitingForAFlush() {
        int n = AppLog.MAX_PENDING_CHARS / 80 + 10;
        for (int i = 0; i < n; i++) {
            log.access("GET", "/p" + i, 200, 0, "c", "r" + i);
        }
        var written = lines();
        assertTrue(written.size() > 0 && written.size() < n, "the first ones, bounded memory: " + written.size());
        for (int i = 0; i < written.size(); i++) {
            assertTrue(written.get(i).contains("path=/p" + i + " "), written.get(i));
        }
    }

    @Test
    void timestampsAreWhatIsoInstantPrints() {
        for (Instant t : List.of(
                Instant.parse("2025-01-02T03:04:05Z"),
                Instant.parse("2025-01-02T03:04:05.120Z"),
                Instant.parse("2025-01-02T03:04:05.000120Z"),
                Instant.parse("2025-01-02T03:04:05.000000012Z"),
                Instant.parse("2025-01-02T03:04:05.999999999Z"),
                Instant.parse("2025-01-02T03:04:06.5Z"),
                Instant.parse("1970-01-01T00:00:00.001Z"))) {
            var line = new StringBuilder();
            new AppLog(new PrintStream(bytes), Clock.fixed(t, ZoneOffset.UTC)).appendTimestamp(line, t);
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(t), line.toString());
        }
        // one log, the second changing under it
        var line = new StringBuilder();
        log.appendTimestamp(line, Instant.parse("2025-01-02T03:04:05.5Z"));
        line.append(' ');
        log.appendTimestamp(line, Instant.parse("2025-01-02T03:04:06.25Z"));
        assertEquals("2025-01-02T03:04:05.500Z 2025-01-02T03:04:06.250Z", line.toString());
    }
}
