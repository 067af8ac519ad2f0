package dev.wharf.bench;

import java.util.Arrays;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 3: the time to make a new instance of a module that is already compiled, in-process: for
 * Wharf a new WASI host plus Chicory Instance over the compiled machine factory; for wasmtime a new
 * WasiCtx, Store and Instance of the compiled Module. Each engine runs in a probe process of its own.
 */
final class InstantiationSuite {

    record Probe(String engine, String module, int iterations, double p50Micros, double p99Micros,
            double meanMicros, double minMicros) {}

    record Results(List<Probe> probes, String loadAverage) {}

    static Results run(Setup setup) throws Exception {
        var mapper = new ObjectMapper();
        var probes = new ArrayList<Probe>();
        String load = Machine.loadAverage();
        int iterations = setup.quick() ? 2000 : 20000;
        for (Path module : List.of(setup.hello(), setup.wasmDir().resolve("interp.wasm"))) {
            setup.requireFile(module, "run bench/kernels/build.sh");
            for (String engine : List.of("wharf", "wharf-chicory-default", "wasmtime")) {
                String out = Processes.check(setup.javaProbe("instantiate-probe", engine, module.toString(),
                        Integer.toString(iterations)), Map.of(), setup.repo());
                Probe p = mapper.readValue(Processes.lastLine(out), Probe.class);
                probes.add(p);
                System.err.printf("  %-12s %-9s p50 %7.1f us  p99 %7.1f us%n", p.module(), engine, p.p50Micros(),
                        p.p99Micros());
            }
        }
        return new Results(probes, load);
    }

    /** The probe process: warm up the instantiation path, then time `iterations` instantiations one by one. */
    static void probe(String engine, Path module, int iterations) throws Exception {
        long[] nanos = new long[iterations];
        int warmup = Math.max(1000, iterations / 4);
        switch (engine) {
            case "wharf", "wharf-chicory-default" -> {
                var side = new WharfSide(module, WharfSide.memoryFor(engine));
                for (int i = 0; i < warmup; i++) {
                    side.instantiate();
                }
                for (int i = 0; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    var instance = side.instantiate();
                    nanos[i] = System.nanoTime() - t0;
                    if (instance.memory() == null) {
                        throw new BenchFailure("no memory");
                    }
                }
            }
            case "wasmtime" -> {
                try (var side = new WasmtimeSide(module)) {
                    for (int i = 0; i < warmup; i++) {
                        side.instantiate().close();
                    }
                    for (int i = 0; i < iterations; i++) {
                        long t0 = System.nanoTime();
                        var guest = side.instantiate();
                        nanos[i] = System.nanoTime() - t0;
                        guest.close();
                    }
                }
            }
            default -> throw new BenchFailure("unknown engine " + engine);
        }
        Stats s = Stats.of(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0);
        var json = new LinkedHashMap<String, Object>();
        json.put("engine", engine);
        json.put("module", module.getFileName().toString());
        json.put("iterations", iterations);
        json.put("p50Micros", s.median() / 1e3);
        json.put("p99Micros", s.p99() / 1e3);
        json.put("meanMicros", mean / 1e3);
        json.put("minMicros", s.min() / 1e3);
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }
}
