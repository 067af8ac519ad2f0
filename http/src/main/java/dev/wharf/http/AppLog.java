package dev.wharf.http;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The app host's log: one logfmt line per event (`ts=... level=info event=access method=GET path=/hello ...`), so
 * a line is both readable and machine-parsable, and a request id ties a 500 the client saw to its cause here.
 *
 * <p>Access lines, one per request, are batched: they wait in memory for {@link #flush} (the server calls it every
 * few milliseconds and when it stops) or for the next line of any other kind, which writes them first, so lines
 * always appear in the order they were logged. Writing and flushing each one on its own cost a system call per
 * request, about a tenth of a small handler's time. Every other line is written at once.
 */
public final class AppLog {
    /** Pending access lines beyond this are written at once, whatever the flush schedule. */
    static final int MAX_PENDING_CHARS = 32 * 1024;

    private final PrintStream out;
    private final Clock clock;
    /** Access lines not yet written; also the lock that keeps every line in order. */
    private final StringBuilder pending = new StringBuilder();
    /** The formatted whole second of the latest timestamp: most lines share it with the one before. */
    private volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String formatted) {}

    public AppLog(PrintStream out) {
        this(out, Clock.systemUTC());
    }

    AppLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void info(String event, String message, String... fields) {
        write("info", event, message, fields);
    }

    public void warn(String event, String message, String... fields) {
        write("warn", event, message, fields);
    }

    public void error(String event, String message, String... fields) {
        write("error", event, message, fields);
    }

    void access(String method, String path, int status, long nanos, String component, String requestId) {
        var line = start("info", "access");
        field(line, "method", method);
        field(line, "path", path);
        field(line, "status", Integer.toString(status));
        field(line, "duration_ms", millis(nanos));
        field(line, "component", component);
        field(line, "request_id", requestId);
        line.append(System.lineSeparator());
        synchronized (pending) {
            pending.append(line);
            if (pending.length() >= MAX_PENDING_CHARS) {
                writePending();
            }
        }
    }

    /** Writes the access lines still waiting, and flushes. */
    public void flush() {
        synchronized (pending) {
            writePending();
            out.flush();
        }
    }

    private void writePending() {
        if (!pending.isEmpty()) {
            out.print(pending);
            pending.setLength(0);
        }
    }

    /** Writes one line that is not an access line, after the access lines logged before it. */
    private void println(CharSequence line) {
        synchronized (pending) {
            writePending();
            out.println(line);
        }
    }

    /** Nanoseconds as milliseconds with two decimals, without String.format (this runs once per request). */
    static String millis(long nanos) {
        long hundredths = Math.max(0, (nanos + 5_000) / 10_000);
        long frac = hundredths % 100;
        return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac;
    }

    /** A line a guest wrote through `wharf:log`, with the fields it attached. */
    void guest(
            String level, String component, String requestId, String message, List<Map.Entry<String, String>> fields) {
        var line = start(level, "guest");
        field(line, "component", component);
        field(line, "request_id", requestId);
        field(line, "msg", message);
        for (var f : fields) {
            field(line, f.getKey(), f.getValue());
        }
        println(line);
    }

    private void write(String level, String event, String message, String[] fields) {
        var line = start(level, event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            field(line, fields[i], fields[i + 1]);
        }
        field(line, "msg", message);
        println(line);
    }

    private StringBuilder start(String level, String event) {
        var line = new StringBuilder(160);
        line.append("ts=");
        appendTimestamp(line, Instant.now(clock));
        field(line, "level", level);
        field(line, "event", event);
        return line;
    }

    /** What DateTimeFormatter.ISO_INSTANT prints, with the whole second formatted once per second, not per line. */
    void appendTimestamp(StringBuilder line, Instant t) {
        Second second = lastSecond;
        if (second.epochSecond() != t.getEpochSecond()) {
            String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(t.getEpochSecond()));
            second = new Second(t.getEpochSecond(), whole.substring(0, whole.length() - 1)); // without the Z
            lastSecond = second;
        }
        line.append(second.formatted());
        int nano = t.getNano();
        if (nano != 0) {
            // ISO_INSTANT: as many groups of three digits as the fraction needs
            line.append('.');
            if (nano % 1_000_000 == 0) {
                appendDigits(line, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                appendDigits(line, nano / 1_000, 6);
            } else {
                appendDigits(line, nano, 9);
            }
        }
        line.append('Z');
    }

    private static void appendDigits(StringBuilder line, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            line.append('0');
        }
        line.append(digits);
    }

    private static void field(StringBuilder line, String key, String value) {
        line.append(' ').append(key).append('=');
        appendValue(line, value == null ? "" : value);
    }

    /** Bare when it is one plain word, else double-quoted with \\ \" \n \r \t and \\u escapes. */
    static void appendValue(StringBuilder line, String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
        }
        if (plain) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
