package dev.wharf.bench;

import java.util.Comparator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Section 2: whole-process wall time of `./wharf run APP.wasm` with a cold compile cache (an empty
 * WHARF_CACHE_DIR before every run) and a warm one, against Node running the same file through
 * node:wasi, for the small hello.wasm and the generated 2.4 MB large.wasm. hyperfine does the timing
 * when it is installed; otherwise the suite forks and times the runs itself.
 */
final class StartupSuite {

    record Case(String module, String runner, double meanMs, double medianMs, double minMs, double stddevMs,
            double userMs, double systemMs, int runs, String tool, String loadAverage) {}

    record Results(List<Case> cases) {}

    static Results run(Setup setup) throws Exception {
        setup.requireFile(setup.hello(), "it is committed with the examples");
        setup.requireFile(setup.large(), "run bench/large/build.sh");
        var cases = new ArrayList<Case>();
        Path scratch = setup.scratch();
        Files.createDirectories(scratch);
        String wharf = StagedLauncher.stage(setup).toString();
        for (Path module : List.of(setup.hello(), setup.large())) {
            String name = module.getFileName().toString();
            boolean large = name.equals("large.wasm");
            int runs = setup.quick() ? 3 : large ? 8 : 20;
            Path cold = scratch.resolve("cache-cold"), warm = scratch.resolve("cache-warm");
            deleteTree(warm);
            var wharfCmd = List.of(wharf, "run", module.toString());
            cases.add(time(setup, name, "wharf, cold compile cache", wharfCmd, Map.of("WHARF_CACHE_DIR", cold.toString()),
                    List.of("rm", "-rf", cold.toString()), runs, 0));
            cases.add(time(setup, name, "wharf, warm compile cache", wharfCmd, Map.of("WHARF_CACHE_DIR", warm.toString()),
                    null, runs, 2));
            cases.add(time(setup, name, "wharf, warm cache, no JVM AOT cache", wharfCmd,
                    Map.of("WHARF_CACHE_DIR", warm.toString(), "WHARF_AOT", "off"), null, runs, 1));
            cases.add(time(setup, name, "wharf, warm cache, default JIT thresholds", wharfCmd,
                    Map.of("WHARF_CACHE_DIR", warm.toString(), "WHARF_JAVA_OPTS", "-XX:CompileThresholdScaling=1"), null,
                    runs, 1));
            cases.add(time(setup, name, "node (node:wasi)",
                    List.of("node", setup.nodeScript("run-wasi.mjs").toString(), module.toString()), Map.of(), null, runs, 2));
        }
        return new Results(cases);
    }

    private static Case time(Setup setup, String module, String runner, List<String> cmd, Map<String, String> env,
            List<String> prepare, int runs, int warmup) throws IOException {
        // one untimed run first: it builds the CLI jar or the launcher's AOT cache if they are stale, so
        // no timed run pays for that
        Processes.check(cmd, env, setup.repo());
        String load = Machine.loadAverage();
        Case c = Processes.onPath("hyperfine")
                ? hyperfine(setup, module, runner, cmd, env, prepare, runs, warmup, load)
                : selfTimed(setup, module, runner, cmd, env, prepare, runs, warmup, load);
        System.err.printf("  %-10s %-40s median %7.1f ms  min %7.1f ms  (user+sys %6.1f ms)%n", module, runner,
                c.medianMs(), c.minMs(), c.userMs() + c.systemMs());
        return c;
    }

    private static Case hyperfine(Setup setup, String module, String runner, List<String> cmd, Map<String, String> env,
            List<String> prepare, int runs, int warmup, String load) throws IOException {
        Path json = Files.createTempFile(setup.scratch(), "hyperfine", ".json");
        var hf = new ArrayList<>(List.of("hyperfine", "-N", "--style", "none", "--runs", Integer.toString(runs),
                "--warmup", Integer.toString(warmup), "--export-json", json.toString()));
        if (prepare != null) {
            hf.add("--prepare");
            hf.add(String.join(" ", prepare));
        }
        hf.add(String.join(" ", cmd));
        Processes.check(hf, env, setup.repo());
        JsonNode r = new ObjectMapper().readTree(json.toFile()).get("results").get(0);
        Files.delete(json);
        return new Case(module, runner, r.get("mean").asDouble() * 1e3, r.get("median").asDouble() * 1e3,
                r.get("min").asDouble() * 1e3, r.get("stddev").asDouble() * 1e3, r.get("user").asDouble() * 1e3,
                r.get("system").asDouble() * 1e3, runs, "hyperfine", load);
    }

    private static Case selfTimed(Setup setup, String module, String runner, List<String> cmd, Map<String, String> env,
            List<String> prepare, int runs, int warmup, String load) {
        for (int i = 0; i < warmup; i++) {
            Processes.check(cmd, env, setup.repo());
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            if (prepare != null) {
                Processes.check(prepare, env, setup.repo());
            }
            long t0 = System.nanoTime();
            Processes.check(cmd, env, setup.repo());
            nanos[i] = System.nanoTime() - t0;
        }
        Stats s = Stats.of(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0);
        double var = Arrays.stream(nanos).mapToDouble(t -> (t - mean) * (t - mean)).sum() / Math.max(1, runs - 1);
        return new Case(module, runner, mean / 1e6, s.median() / 1e6, s.min() / 1e6, Math.sqrt(var) / 1e6, Double.NaN,
                Double.NaN, runs, "repeated " + runs + "x (no hyperfine)", load);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
