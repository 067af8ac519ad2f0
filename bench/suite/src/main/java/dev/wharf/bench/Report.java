package dev.wharf.bench;

import java.util.stream.Stream;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns bench/results/raw/*.json into RESULTS.md (tables, goals) and chart.png. */
final class Report {
    private Report() {}

    /** What "small constant" means in the per-instance memory goal. */
    static final long INSTANCE_OVERHEAD_BUDGET = 64 * 1024;

    static void write(Setup setup) throws IOException {
        var mapper = new ObjectMapper();
        Path raw = setup.raw();
        Map<String, String> machine = mapper.readValue(raw.resolve("machine.json").toFile(), new TypeReference<>() {});
        var compute = read(mapper, raw.resolve("compute.json"), ComputeSuite.Results.class);
        var startup = read(mapper, raw.resolve("startup.json"), StartupSuite.Results.class);
        var inst = read(mapper, raw.resolve("instantiate.json"), InstantiationSuite.Results.class);
        var memory = read(mapper, raw.resolve("memory.json"), MemorySuite.Results.class);

        var md = new StringBuilder();
        md.append("# Wharf benchmark results\n\n");
        md.append("Written by `bench/run.sh` (raw numbers in `raw/`, chart in `chart.png`, analysis in `NOTES.md`).\n");
        md.append("The machine is shared: every section records the 1-minute load average it ran under; a load above\n");
        md.append("the core count means the numbers carry other people's work too.\n\n");
        md.append("| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append('\n');

        md.append("## Goals\n\n| goal | target | measured | met |\n|---|---|---|---|\n");
        if (compute != null) {
            double g = geomean(compute, "wharf");
            md.append(goal("compute: geometric mean of Wharf / wasmtime", "<= 1.5x", String.format("%.2fx", g), g <= 1.5));
            if (compute.kernels().get(0).run("wharf-polled") != null) {
                double f = geomean(compute, "wharf-polled");
                md.append(goal("(for reference) the same with the interruption poll a timeout needs", "<= 1.5x",
                        String.format("%.2fx", f), f <= 1.5));
            }
        }
        if (startup != null) {
            var warm = find(startup, "hello.wasm", "wharf, warm compile cache");
            var node = find(startup, "hello.wasm", "node (node:wasi)");
            if (warm != null && node != null) {
                // wall time on a shared machine: judged on the median and on the least-disturbed run alike
                double median = warm.medianMs() / node.medianMs(), best = warm.minMs() / node.minMs();
                md.append(goal("start-up: warm `wharf run hello.wasm` / Node's whole process (wall)", "<= 2x",
                        String.format("median %.0f / %.0f ms = %.2fx; best %.0f / %.0f ms = %.2fx", warm.medianMs(),
                                node.medianMs(), median, warm.minMs(), node.minMs(), best), median <= 2 && best <= 2));
            }
        }
        if (inst != null) {
            for (var p : inst.probes()) {
                if (p.engine().equals("wharf") && p.module().equals("hello.wasm")) {
                    md.append(goal("instantiation p50 (hello.wasm, with a new WASI host)", "<= 100 us",
                            String.format("%.1f us", p.p50Micros()), p.p50Micros() <= 100));
                }
            }
        }
        if (memory != null) {
            for (var p : memory.perInstance()) {
                if (p.engine().startsWith("wharf")) {
                    double over = p.heapBytesPerInstance() - p.linearMemoryBytes();
                    md.append(goal((p.engine().equals("wharf") ? "" : "(before FlatMemory) ")
                            + "memory per live instance (hello.wasm, " + label(p.engine()) + ")", "<= linear memory + "
                            + INSTANCE_OVERHEAD_BUDGET / 1024 + " KiB",
                            String.format("%.0f KiB = %d KiB linear + %.1f KiB", p.heapBytesPerInstance() / 1024,
                                    p.linearMemoryBytes() / 1024, over / 1024), over <= INSTANCE_OVERHEAD_BUDGET));
                }
            }
        }
        md.append('\n');

        if (compute != null) {
            md.append("## 1. Compute kernels (warm, in-process)\n\n");
            md.append(String.format("Each engine runs each kernel in a fresh process: one instance, `bench(n)` called until warm "
                    + "(at least %.1f s, then until the last 5 calls are no faster than the 5 before), then %d timed "
                    + "calls. Times are medians of those calls (min in brackets). All engines returned the same checksum "
                    + "for every kernel (the suite stops otherwise). Sources: `bench/kernels/*.c`, clang-19 -O2, "
                    + "wasm32-wasi reactors. \"Wharf\" loads and instantiates as `wharf run` does without a timeout "
                    + "(FlatMemory: one byte[] per linear memory; Chicory's code rewritten by Wharf, without the "
                    + "interruption poll); \"Wharf, polled\" keeps the poll, as under `-W timeout` and in the app host; "
                    + "\"Wharf, Chicory memory\" is the polled code on Chicory's default ByteBufferMemory (what Wharf "
                    + "shipped before FlatMemory). Every JVM runs with the launcher's flags. NOTES.md explains them.%n%n",
                    compute.warmupMillis() / 1000.0, compute.samples()));
            var engines = Stream.concat(ComputeSuite.ENGINES.stream(), ComputeSuite.EXTRA_ENGINES.stream())
                    .filter(e -> compute.kernels().get(0).run(e) != null).toList();
            md.append("| kernel | work per call |");
            engines.forEach(e -> md.append(' ').append(label(e)).append(" ms |"));
            engines.stream().filter(e -> !e.equals("wasmtime")).forEach(e -> md.append(' ').append(label(e)).append(" / wasmtime |"));
            md.append(" checksum | load |\n|---|---|");
            md.append("---:|".repeat(engines.size() * 2 - 1)).append("---|---|\n");
            for (var k : compute.kernels()) {
                md.append("| ").append(k.kernel()).append(" | ").append(k.what()).append(" |");
                engines.forEach(e -> md.append(' ').append(ms(k.run(e))).append(" |"));
                engines.stream().filter(e -> !e.equals("wasmtime")).forEach(e -> md.append(String.format(
                        e.equals("wharf") ? " **%.2fx** |" : " %.2fx |", k.ratioToWasmtime(e))));
                md.append(" `").append(k.run("wasmtime").checksum()).append("` | ").append(k.loadAverage()).append(" |\n");
            }
            md.append("| **geometric mean** | |").append(" |".repeat(engines.size()));
            engines.stream().filter(e -> !e.equals("wasmtime")).forEach(e -> md.append(String.format(
                    e.equals("wharf") ? " **%.2fx** |" : " %.2fx |", geomean(compute, e))));
            md.append(" | |\n\n");
        }

        if (startup != null) {
            md.append("## 2. Start-up (whole process, wall time)\n\n");
            md.append("`./wharf run APP.wasm` as a user types it (launcher script included), with an empty compile cache before "
                    + "every run (cold) or a filled one (warm), against `node bench/node/run-wasi.mjs APP.wasm`. "
                    + "`large.wasm` is generated by `bench/large/build.sh` (9000 functions). \"no JVM AOT cache\" runs the "
                    + "launcher with `WHARF_AOT=off`; \"default JIT thresholds\" with "
                    + "`WHARF_JAVA_OPTS=-XX:CompileThresholdScaling=1` (the launcher scales them by 10). The launcher is "
                    + "a staged copy (same script, same jar) so that other people's edits never trigger a rebuild "
                    + "during a timed run.\n\n");
            md.append("| module | runner | median ms | mean ± sd ms | min ms | user+sys ms | runs | tool | load |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---|---|\n");
            for (var c : startup.cases()) {
                md.append(String.format("| %s | %s | **%.0f** | %.0f ± %.0f | %.0f | %s | %d | %s | %s |%n", c.module(),
                        c.runner(), c.medianMs(), c.meanMs(), c.stddevMs(), c.minMs(),
                        Double.isNaN(c.userMs()) ? "-" : String.format("%.0f", c.userMs() + c.systemMs()), c.runs(),
                        c.tool(), c.loadAverage()));
            }
            md.append('\n');
        }

        if (inst != null) {
            md.append("## 3. Instantiation (in-process, module already compiled)\n\n");
            md.append("Wharf: a new WASI host and Chicory `Instance` over the compiled machine factory. wasmtime: a new "
                    + "`WasiCtx`, `Store` and `Instance` of the compiled `Module`. `interp.wasm` has no imports. Load "
                    + inst.loadAverage() + ".\n\n");
            md.append("| module | engine | p50 µs | p99 µs | mean µs | min µs | iterations |\n|---|---|---:|---:|---:|---:|---:|\n");
            for (var p : inst.probes()) {
                md.append(String.format("| %s | %s | **%.1f** | %.1f | %.1f | %.1f | %d |%n", p.module(), p.engine(),
                        p.p50Micros(), p.p99Micros(), p.meanMicros(), p.minMicros(), p.iterations()));
            }
            md.append('\n');
        }

        if (memory != null) {
            md.append("## 4. Memory\n\nPeak RSS of whole runs (`/usr/bin/time -v`, median of the runs). Load "
                    + memory.loadAverage() + ".\n\n");
            md.append("| module | runner | peak RSS MiB | runs |\n|---|---|---:|---:|\n");
            for (var p : memory.peaks()) {
                md.append(String.format("| %s | %s | %.1f | %d |%n", p.module(), p.runner(), p.maxRssKib() / 1024.0, p.runs()));
            }
            md.append("\nCost of one more live instance: N instances kept alive in one process; growth of the JVM heap "
                    + "(after full GCs) and of the process RSS, divided by N.\n\n");
            md.append("| engine | module | N | linear memory KiB | heap KiB / instance | RSS KiB / instance |\n|---|---|---:|---:|---:|---:|\n");
            for (var p : memory.perInstance()) {
                md.append(String.format("| %s | %s | %d | %d | %.1f | %.1f |%n", p.engine(), p.module(), p.instances(),
                        p.linearMemoryBytes() / 1024, p.heapBytesPerInstance() / 1024, p.rssBytesPerInstance() / 1024));
            }
            md.append('\n');
        }
        md.append(acrossRuns(mapper, setup.results().resolve("runs")));
        Files.writeString(setup.results().resolve("RESULTS.md"), md.toString());
        chart(setup, compute, startup);
        System.err.println("bench: wrote " + setup.results().resolve("RESULTS.md") + " and chart.png");
    }

    private static void chart(Setup setup, ComputeSuite.Results compute, StartupSuite.Results startup) throws IOException {
        var panels = new ArrayList<Chart.Panel>();
        if (compute != null) {
            var series = ComputeSuite.ENGINES.stream()
                    .filter(e -> !e.equals("wasmtime") && compute.kernels().get(0).run(e) != null).toList();
            var groups = new ArrayList<Chart.Group>();
            for (var k : compute.kernels()) {
                groups.add(new Chart.Group(k.kernel(), series.stream().mapToDouble(k::ratioToWasmtime).toArray()));
            }
            groups.add(new Chart.Group("geomean", series.stream().mapToDouble(e -> geomean(compute, e)).toArray()));
            panels.add(new Chart.Panel("Compute: time relative to native wasmtime (lower is better)", "x wasmtime",
                    series.stream().map(Report::chartLabel).toList(), groups, new double[] {1.0, 1.5},
                    new String[] {"wasmtime = 1", "goal 1.5x"}));
        }
        if (startup != null) {
            var runners = startup.cases().stream().map(StartupSuite.Case::runner).distinct().toList();
            var groups = new ArrayList<Chart.Group>();
            for (String module : startup.cases().stream().map(StartupSuite.Case::module).distinct().toList()) {
                double[] v = new double[runners.size()];
                for (int i = 0; i < runners.size(); i++) {
                    var c = find(startup, module, runners.get(i));
                    v[i] = c == null ? Double.NaN : c.medianMs();
                }
                groups.add(new Chart.Group(module, v));
            }
            panels.add(new Chart.Panel("Start-up: whole-process wall time, median", "ms", runners, groups, new double[0],
                    new String[0]));
        }
        if (!panels.isEmpty()) {
            Chart.write(setup.results().resolve("chart.png"), "Wharf vs wasmtime 7 (JNI) vs Node 20", panels);
        }
    }

    /**
     * One line per full run kept under results/runs/ (bench/run.sh keeps them): on a shared machine a single
     * run can be unlucky, so the headline figures are shown for every run, with the median of them.
     */
    private static String acrossRuns(ObjectMapper mapper, Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return "";
        }
        List<Path> dirs;
        try (var list = Files.list(runs)) {
            dirs = list.filter(d -> Files.isRegularFile(d.resolve("raw/compute.json"))).sorted().toList();
        }
        if (dirs.isEmpty()) {
            return "";
        }
        var md = new StringBuilder("## Across full runs\n\nEvery full run kept in `runs/` (the tables above are the "
                + "latest); the last line is the median over runs. The runtime switched from Chicory's ByteBufferMemory to "
                + "FlatMemory between runs: both are shown for every run.\n\n| run | compute geomean, Chicory memory | "
                + "FlatMemory (shipped now) | "
                + "warm hello Wharf / Node ms | instantiation p50 µs (as shipped then) | heap KiB / instance (Chicory memory, "
                + "FlatMemory) | load at start |\n"
                + "|---|---:|---:|---|---:|---|---|\n");
        var geo = new ArrayList<Long>();
        var flat = new ArrayList<Long>();
        var hello = new ArrayList<Long>();
        var p50 = new ArrayList<Long>();
        for (Path d : dirs) {
            var c = mapper.readValue(d.resolve("raw/compute.json").toFile(), ComputeSuite.Results.class);
            var st = read(mapper, d.resolve("raw/startup.json"), StartupSuite.Results.class);
            var in = read(mapper, d.resolve("raw/instantiate.json"), InstantiationSuite.Results.class);
            var me = read(mapper, d.resolve("raw/memory.json"), MemorySuite.Results.class);
            // runs before the runtime adopted FlatMemory called Chicory's memory "wharf" and the flat one "wharf-flat"
            boolean before = c.kernels().get(0).run("wharf-chicory-default") == null;
            String chicoryEngine = before ? "wharf" : "wharf-chicory-default", flatEngine = before ? "wharf-flat" : "wharf";
            double g = geomean(c, chicoryEngine);
            double f = c.kernels().get(0).run(flatEngine) == null ? Double.NaN : geomean(c, flatEngine);
            geo.add(Math.round(g * 1000));
            if (!Double.isNaN(f)) {
                flat.add(Math.round(f * 1000));
            }
            String helloCell = "-";
            if (st != null) {
                var w = find(st, "hello.wasm", "wharf, warm compile cache");
                var n = find(st, "hello.wasm", "node (node:wasi)");
                if (w != null && n != null) {
                    helloCell = String.format("%.0f / %.0f", w.medianMs(), n.medianMs());
                    hello.add(Math.round(w.medianMs() / n.medianMs() * 1000));
                }
            }
            String p50Cell = "-";
            if (in != null) {
                for (var p : in.probes()) {
                    if (p.engine().equals("wharf") && p.module().equals("hello.wasm")) {
                        p50Cell = String.format("%.1f", p.p50Micros());
                        p50.add(Math.round(p.p50Micros() * 1000));
                    }
                }
            }
            var heap = new StringBuilder();
            if (me != null) {
                for (String engine : List.of(chicoryEngine, flatEngine)) {
                    for (var p : me.perInstance()) {
                        if (p.engine().equals(engine)) {
                            heap.append(heap.isEmpty() ? "" : ", ")
                                    .append(String.format("%.0f", p.heapBytesPerInstance() / 1024));
                        }
                    }
                }
            }
            md.append(String.format("| %s | %.2fx | %s | %s | %s | %s | %s |%n", d.getFileName(), g,
                    Double.isNaN(f) ? "-" : String.format("%.2fx", f), helloCell, p50Cell, heap,
                    c.kernels().get(0).loadAverage()));
        }
        md.append(String.format("| **median** | %s | **%s** | %s (ratio) | %s | | |%n%n", medianOf(geo, "%.2fx"),
                medianOf(flat, "%.2fx"), medianOf(hello, "%.2fx"), medianOf(p50, "%.1f")));
        return md.toString();
    }

    private static String medianOf(List<Long> thousandths, String format) {
        return thousandths.isEmpty() ? "-" : String.format(format, Stats.of(thousandths).median() / 1000.0);
    }

    static String label(String engine) {
        return switch (engine) {
            case "wharf" -> "Wharf";
            case "wharf-bytearray" -> "Wharf+BAM";
            case "wharf-chicory-default" -> "Wharf, Chicory memory";
            case "wharf-polled" -> "Wharf, polled";
            case "wasmtime" -> "wasmtime";
            case "node" -> "Node";
            default -> engine;
        };
    }

    static String chartLabel(String engine) {
        return switch (engine) {
            case "wharf" -> "Wharf (as shipped, no timeout)";
            case "wharf-bytearray" -> "Wharf + ByteArrayMemory";
            case "wharf-chicory-default" -> "Wharf, Chicory's ByteBufferMemory (before)";
            case "wharf-polled" -> "Wharf with the poll a timeout needs";
            case "node" -> "Node 20 (V8)";
            default -> engine;
        };
    }

    static double geomean(ComputeSuite.Results compute, String engine) {
        return Stats.geomean(compute.kernels().stream().map(k -> k.ratioToWasmtime(engine)).toList());
    }

    private static StartupSuite.Case find(StartupSuite.Results r, String module, String runner) {
        return r.cases().stream().filter(c -> c.module().equals(module) && c.runner().equals(runner)).findFirst()
                .orElse(null);
    }

    private static String goal(String what, String target, String measured, boolean met) {
        return "| " + what + " | " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    private static String ms(ComputeSuite.EngineRun r) {
        Stats s = r.stats();
        return String.format("%.1f (%.1f)", s.median() / 1e6, s.min() / 1e6);
    }

    private static <T> T read(ObjectMapper mapper, Path p, Class<T> type) throws IOException {
        return Files.isRegularFile(p) ? mapper.readValue(p.toFile(), type) : null;
    }
}
