package dev.wharf.runtime;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Diagnostics switched on by the WHARF_LOG environment filter, in the spirit of WASMTIME_LOG:
 * `debug` (every target at debug), `wasi=trace` (the WASI call trace only), or a comma-separated mix
 * such as `wharf=debug,wasi=trace`. Targets: `wharf` (load, compile, cache, sandbox denials) and
 * `wasi` (each WASI call). Everything goes to stderr so the guest's stdout stays clean.
 */
public final class WharfLog {
    public enum Level {
        OFF,
        ERROR,
        WARN,
        INFO,
        DEBUG,
        TRACE
    }

    public static final String WHARF = "wharf";
    public static final String WASI = "wasi";

    private final Level defaultLevel;
    private final Map<String, Level> byTarget;
    private final PrintStream out;

    private WharfLog(Level defaultLevel, Map<String, Level> byTarget, PrintStream out) {
        this.defaultLevel = defaultLevel;
        this.byTarget = byTarget;
        this.out = out;
    }

    /** The filter from WHARF_LOG (or the system property wharf.log, which `--debug` and embedders set), to stderr. */
    public static WharfLog fromEnvironment() {
        String filter = System.getenv("WHARF_LOG");
        String property = System.getProperty("wharf.log");
        if (property != null) {
            filter = filter == null ? property : filter + "," + property;
        }
        return parse(filter, System.err);
    }

    public static WharfLog off() {
        return new WharfLog(Level.OFF, Map.of(), System.err);
    }

    /** Parses a filter. Unknown level words are ignored rather than fatal: logging must never stop a run. */
    public static WharfLog parse(String filter, PrintStream out) {
        var levels = new HashMap<String, Level>();
        Level dflt = Level.OFF;
        if (filter != null) {
            for (String part : filter.split(",")) {
                part = part.trim();
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0) {
                    Level l = level(part);
                    if (l != null) {
                        dflt = l;
                    }
                } else {
                    Level l = level(part.substring(eq + 1).trim());
                    if (l != null) {
                        levels.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), l);
                    }
                }
            }
        }
        return new WharfLog(dflt, Map.copyOf(levels), out);
    }

    private static Level level(String word) {
        try {
            return Level.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean enabled(String target, Level level) {
        Level threshold = byTarget.getOrDefault(target, defaultLevel);
        return threshold != Level.OFF && level.compareTo(threshold) <= 0;
    }

    public boolean debug() {
        return enabled(WHARF, Level.DEBUG);
    }

    public void log(String target, Level level, String message) {
        if (enabled(target, level)) {
            out.println("[" + level.name() + " " + target + "] " + message);
        }
    }

    public void debug(String message) {
        log(WHARF, Level.DEBUG, message);
    }

    public PrintStream stream() {
        return out;
    }
}
