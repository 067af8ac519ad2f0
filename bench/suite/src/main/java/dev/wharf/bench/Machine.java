package dev.wharf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What the numbers were measured on: every results file starts with this, as results without it mean little. */
final class Machine {
    private Machine() {}

    static Map<String, String> describe() {
        var facts = new LinkedHashMap<String, String>();
        facts.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        facts.put("nproc", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("cpu", cpuModel());
        facts.put("memory", memTotal());
        facts.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        facts.put("node", Processes.firstLine("node", "--version"));
        facts.put("wasmtime-java", wasmtimeJavaVersion() + " (wasmtime 7.0.1, Cranelift, JNI)");
        facts.put("chicory", chicoryVersion());
        facts.put("kernel", Processes.firstLine("uname", "-r"));
        return facts;
    }

    /** The 1-minute load average: the machine is shared, so every section records what else was running. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return "unknown";
    }

    static String wasmtimeJavaVersion() {
        var props = new Properties();
        try (var in = Machine.class.getResourceAsStream("/wharf-bench.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through
        }
        return props.getProperty("wasmtime-java.version", "unknown");
    }

    private static String chicoryVersion() {
        var pkg = com.dylibso.chicory.runtime.Instance.class.getPackage();
        String v = pkg == null ? null : pkg.getImplementationVersion();
        return v == null ? "1.7.5" : v;
    }
}
