package dev.wharf.cli;

import dev.wharf.runtime.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The grouped knobs `-W` (wasm limits), `-S` (WASI capabilities) and `-D` (debugging), parsed the way
 * wasmtime's cli-flags does: each occurrence holds one or more comma-separated `key[=value]` items. New
 * knobs are new keys here, never new top-level flags. An unknown key is a usage error that names it.
 */
final class RuntimeFlags {
    record Item(char group, String key, String value) {
        String spelled() {
            return "-" + group + " " + key + (value == null ? "" : "=" + value);
        }
    }

    /** What -S granted beyond the defaults. */
    record WasiGrants(boolean inheritEnv) {}

    private RuntimeFlags() {}

    static List<Item> items(char group, List<String> occurrences) {
        var out = new ArrayList<Item>();
        for (String occ : occurrences) {
            for (String part : occ.split(",")) {
                part = part.trim();
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                out.add(
                        eq < 0
                                ? new Item(group, part, null)
                                : new Item(group, part.substring(0, eq), part.substring(eq + 1)));
            }
        }
        return out;
    }

    static Limits limits(CommandLine cl, List<String> wasmOptions, Limits base) {
        Limits limits = base;
        for (Item item : items('W', wasmOptions)) {
            limits = switch (item.key()) {
                case "max-memory-size" -> limits.withMaxMemoryBytes(bytes(cl, item));
                case "max-wasm-stack" -> limits.withMaxWasmStackBytes(bytes(cl, item));
                case "timeout" -> limits.withTimeout(duration(cl, item));
                case "fuel" -> limits.withFuel(count(cl, item));
                case "trap-on-grow-failure" -> limits.withTrapOnGrowFailure(flag(cl, item));
                case "max-table-elements" -> limits.withMaxTableElements(count(cl, item));
                default ->
                    throw new CommandLine.ParameterException(
                            cl,
                            "unknown or unsupported wasm option `"
                                    + item.spelled() + "` (supported: -W fuel=N, -W max-memory-size=BYTES, "
                                    + "-W max-wasm-stack=BYTES, -W timeout=DURATION, -W trap-on-grow-failure, "
                                    + "-W max-table-elements=N)");
            };
        }
        return limits;
    }

    static WasiGrants wasi(CommandLine cl, List<String> wasiOptions) {
        boolean inheritEnv = false;
        for (Item item : items('S', wasiOptions)) {
            boolean on = flag(cl, item);
            switch (item.key()) {
                case "inherit-env" -> inheritEnv = on;
                case "cli", "preview1" -> {
                    if (!on) {
                        throw new CommandLine.ParameterException(
                                cl,
                                "`" + item.spelled()
                                        + "`: WASI preview1 is the only interface Wharf offers and cannot be turned off");
                    }
                }
                case "inherit-network", "tcp", "udp", "network", "allow-ip-name-lookup", "http" ->
                    throw new CommandLine.ParameterException(
                            cl,
                            "`" + item.spelled()
                                    + "`: Wharf grants guests no network (sock_* calls fail as in wasmtime without it)");
                default ->
                    throw new CommandLine.ParameterException(
                            cl,
                            "unknown or unsupported WASI option `" + item.spelled()
                                    + "` (supported: -S inherit-env, -S cli)");
            }
        }
        return new WasiGrants(inheritEnv);
    }

    /**
     * What -D asked for.
     *
     * @param wasiTrace trace WASI calls, into {@code wasiTraceFile} or, when that is null, to stderr
     * @param coreDump where to write a core dump on a trap, or null
     */
    record DebugOptions(boolean fuelReport, boolean wasiTrace, Path wasiTraceFile, Path coreDump) {}

    static DebugOptions debug(CommandLine cl, List<String> debugOptions) {
        boolean fuelReport = false;
        boolean wasiTrace = false;
        Path wasiTraceFile = null;
        Path coreDump = null;
        for (Item item : items('D', debugOptions)) {
            switch (item.key()) {
                case "fuel-report" -> fuelReport = flag(cl, item);
                case "wasi-trace" -> {
                    wasiTrace = true;
                    wasiTraceFile = item.value() == null || item.value().isEmpty() ? null : Path.of(item.value());
                }
                case "coredump" -> {
                    if (item.value() == null || item.value().isEmpty()) {
                        throw new CommandLine.ParameterException(
                                cl, "`" + item.spelled() + "` needs a file to write, e.g. -D coredump=app.core.wasm");
                    }
                    coreDump = Path.of(item.value());
                }
                default ->
                    throw new CommandLine.ParameterException(
                            cl,
                            "unknown or unsupported debug option `" + item.spelled()
                                    + "` (supported: -D fuel-report, -D wasi-trace[=FILE], -D coredump=PATH)");
            }
        }
        return new DebugOptions(fuelReport, wasiTrace, wasiTraceFile, coreDump);
    }

    /** A positive whole number, such as a fuel budget. */
    static long count(CommandLine cl, Item item) {
        try {
            long n = Long.parseLong(item.value() == null ? "" : item.value().replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the remedy
        }
        throw new CommandLine.ParameterException(
                cl, "`" + item.spelled() + "`: expected a positive whole number, e.g. -W " + item.key() + "=1000000");
    }

    private static boolean flag(CommandLine cl, Item item) {
        if (item.value() == null
                || item.value().equals("y")
                || item.value().equals("yes")
                || item.value().equals("true")) {
            return true;
        }
        if (item.value().equals("n")
                || item.value().equals("no")
                || item.value().equals("false")) {
            return false;
        }
        throw new CommandLine.ParameterException(cl, "`" + item.spelled() + "`: expected y/n/true/false");
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?", Pattern.CASE_INSENSITIVE);

    /** Bytes as a plain number, or with a K/M/G/T suffix (binary multiples: 64M = 64 MiB). */
    static long bytes(CommandLine cl, Item item) {
        if (item.value() == null) {
            throw new CommandLine.ParameterException(
                    cl, "`" + item.spelled() + "` needs a value, e.g. -W " + item.key() + "=1048576");
        }
        Matcher m = SIZE.matcher(item.value().trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(
                    cl, "`" + item.spelled() + "`: not a size in bytes (e.g. 1048576, 64M, 1G)");
        }
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
            int shift = unit.isEmpty() || unit.equals("b")
                    ? 0
                    : switch (unit.charAt(0)) {
                        case 'k' -> 10;
                        case 'm' -> 20;
                        case 'g' -> 30;
                        default -> 40;
                    };
            return Math.multiplyExact(n, 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new CommandLine.ParameterException(cl, "`" + item.spelled() + "`: the size is too large");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)?");

    /** A duration like 500ms, 2s, 1.5s, 1m; a bare number means seconds. */
    static Duration duration(CommandLine cl, Item item) {
        if (item.value() == null) {
            throw new CommandLine.ParameterException(
                    cl, "`" + item.spelled() + "` needs a value, e.g. -W timeout=500ms");
        }
        Matcher m = DURATION.matcher(item.value().trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(
                    cl, "`" + item.spelled() + "`: not a duration (e.g. 500ms, 2s, 1m)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos = n
                * switch (unit) {
                    case "ns" -> 1;
                    case "us", "µs" -> 1e3;
                    case "ms" -> 1e6;
                    case "m" -> 60e9;
                    case "h" -> 3600e9;
                    default -> 1e9;
                };
        if (nanos < 1) {
            throw new CommandLine.ParameterException(cl, "`" + item.spelled() + "`: the timeout must be positive");
        }
        return Duration.ofNanos((long) nanos);
    }
}
