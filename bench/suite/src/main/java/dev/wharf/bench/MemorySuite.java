package dev.wharf.bench;

import com.dylibso.chicory.wasm.Parser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 4: peak RSS of whole runs (/usr/bin/time -v), and what one more live instance costs: keep N
 * instances alive in a probe process and divide the growth of the JVM heap (after a full GC) and of the
 * process RSS by N, next to the instance's own linear memory.
 */
final class MemorySuite {

    record PeakRss(String module, String runner, long maxRssKib, int runs) {}

    record PerInstance(String engine, String module, int instances, long linearMemoryBytes, double heapBytesPerInstance,
            double rssBytesPerInstance) {}

    record Results(List<PeakRss> peaks, List<PerInstance> perInstance, String loadAverage) {}

    static Results run(Setup setup) throws Exception {
        String load = Machine.loadAverage();
        var peaks = new ArrayList<PeakRss>();
        Path warm = setup.scratch().resolve("cache-warm"), cold = setup.scratch().resolve("cache-cold");
        String wharf = StagedLauncher.stage(setup).toString();
        int runs = setup.quick() ? 1 : 3;
        for (Path module : List.of(setup.hello(), setup.large())) {
            String name = module.getFileName().toString();
            peaks.add(peak(setup, name, "wharf, warm compile cache", List.of(wharf, "run", module.toString()),
                    Map.of("WHARF_CACHE_DIR", warm.toString()), null, runs));
            peaks.add(peak(setup, name, "wharf, cold compile cache", List.of(wharf, "run", module.toString()),
                    Map.of("WHARF_CACHE_DIR", cold.toString()), cold, runs));
            peaks.add(peak(setup, name, "node (node:wasi)",
                    List.of("node", setup.nodeScript("run-wasi.mjs").toString(), module.toString()), Map.of(), null, runs));
        }
        var per = new ArrayList<PerInstance>();
        var mapper = new ObjectMapper();
        int n = setup.quick() ? 200 : 1000;
        for (String engine : List.of("wharf", "wharf-chicory-default", "wasmtime")) {
            String out = Processes.check(setup.javaProbe("memory-probe", engine, setup.hello().toString(),
                    Integer.toString(n)), Map.of(), setup.repo());
            PerInstance p = mapper.readValue(Processes.lastLine(out), PerInstance.class);
            per.add(p);
            System.err.printf("  per instance %-9s heap %8.0f B  rss %8.0f B  (linear memory %d B)%n", engine,
                    p.heapBytesPerInstance(), p.rssBytesPerInstance(), p.linearMemoryBytes());
        }
        return new Results(peaks, per, load);
    }

    private static PeakRss peak(Setup setup, String module, String runner, List<String> cmd, Map<String, String> env,
            Path clearBefore, int runs) throws Exception {
        Processes.check(cmd, env, setup.repo()); // builds what is stale and fills the warm cache, untimed
        var values = new ArrayList<Long>();
        for (int i = 0; i < runs; i++) {
            if (clearBefore != null) {
                StartupSuite.deleteTree(clearBefore);
            }
            var timed = new ArrayList<>(List.of("/usr/bin/time", "-v"));
            timed.addAll(cmd);
            var r = Processes.run(timed, env, setup.repo());
            if (r.exit() != 0) {
                throw new BenchFailure(String.join(" ", timed) + " exited " + r.exit() + ": " + r.stderr());
            }
            values.add(parseMaxRss(r.stderr()));
        }
        long median = Stats.of(values).median() > 0 ? (long) Stats.of(values).median() : 0;
        System.err.printf("  %-10s %-30s peak RSS %7.1f MiB%n", module, runner, median / 1024.0);
        return new PeakRss(module, runner, median, runs);
    }

    static long parseMaxRss(String timeOutput) {
        for (String line : timeOutput.split("\n")) {
            line = line.strip();
            if (line.startsWith("Maximum resident set size (kbytes):")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new BenchFailure("/usr/bin/time -v printed no maximum RSS:\n" + timeOutput);
    }

    /** The probe process: N live instances of `module`, measured against a warmed-up baseline. */
    static void probe(String engine, Path module, int n) throws Exception {
        var wasm = Parser.parse(Files.readAllBytes(module));
        long linear = wasm.memorySection().map(s -> s.getMemory(0).limits().initialPages() * 65536L).orElse(0L);
        var keep = new ArrayList<Object>(n);
        WharfSide wharf = null;
        WasmtimeSide wasmtime = null;
        if (engine.startsWith("wharf")) {
            wharf = new WharfSide(module, WharfSide.memoryFor(engine));
        } else {
            wasmtime = new WasmtimeSide(module);
        }
        // warm up: load every class and let the heap settle, then drop those instances
        for (int i = 0; i < 50; i++) {
            if (wharf != null) {
                wharf.instantiate();
            } else {
                wasmtime.instantiate().close();
            }
        }
        long heap0 = heapUsed(), rss0 = rss();
        for (int i = 0; i < n; i++) {
            keep.add(wharf != null ? wharf.instantiate() : wasmtime.instantiate());
        }
        long heap1 = heapUsed(), rss1 = rss();
        var json = new LinkedHashMap<String, Object>();
        json.put("engine", engine);
        json.put("module", module.getFileName().toString());
        json.put("instances", keep.size());
        json.put("linearMemoryBytes", linear);
        json.put("heapBytesPerInstance", (heap1 - heap0) / (double) n);
        json.put("rssBytesPerInstance", (rss1 - rss0) / (double) n);
        System.out.println(new ObjectMapper().writeValueAsString(json));
        System.out.flush();
        // -Dwharf.bench.hold=SECONDS keeps the instances alive for `jcmd PID GC.class_histogram`
        Thread.sleep(Long.getLong("wharf.bench.hold", 0L) * 1000);
        keep.clear();
    }

    private static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }
}
