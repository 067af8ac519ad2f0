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
 */
public final class AppLog {
    private final PrintStream out;
    private final Clock clock;

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
        out.println(line);
    }

    /** Nanoseconds as milliseconds with two decimals, without String.format (this runs once per request). */
    static String millis(long nanos) {
        long hundredths = Math.max(0, (nanos + 5_000) / 10_000);
        long frac = hundredths % 100;
        return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac;
    }

    /** A line a guest wrote through `wharf:log`, with the fields it attached. */
    void guest(String level, String component, String requestId, String message, List<Map.Entry<String, String>> fields) {
        var line = start(level, "guest");
        field(line, "component", component);
        field(line, "request_id", requestId);
        field(line, "msg", message);
        for (var f : fields) {
            field(line, f.getKey(), f.getValue());
        }
        out.println(line);
    }

    private void write(String level, String event, String message, String[] fields) {
        var line = start(level, event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            field(line, fields[i], fields[i + 1]);
        }
        field(line, "msg", message);
        out.println(line);
    }

    private StringBuilder start(String level, String event) {
        var line = new StringBuilder(160);
        line.append("ts=").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock)));
        field(line, "level", level);
        field(line, "event", event);
        return line;
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
