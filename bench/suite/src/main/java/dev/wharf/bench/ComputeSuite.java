package dev.wharf.bench;

import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 1: every kernel under Wharf, wasmtime and Node, each in a fresh process of its own (so one
 * engine's JIT or heap never colours another's numbers), warm. All three must return the same checksum.
 */
final class ComputeSuite {
    /**
     * "wharf" is Wharf as `wharf run` runs a module without a timeout; "wharf-polled" the same code with Chicory's
     * interruption poll kept (as under -W timeout and in the app host); "wharf-chicory-default" the polled code with
     * Chicory's default linear memory (what Wharf shipped before FlatMemory). NOTES.md explains all three.
     */
    static final List<String> ENGINES = List.of("wharf", "wharf-polled", "wharf-chicory-default", "wasmtime", "node");

    /** Run only when named with --engines. */
    static final List<String> EXTRA_ENGINES = List.of("wharf-bytearray");

    record EngineRun(String engine, String checksum, int warmupCalls, List<Long> nanos) {
        Stats stats() {
            return Stats.of(nanos);
        }
    }

    record KernelResult(String kernel, String what, int n, List<EngineRun> runs, String loadAverage) {
        EngineRun run(String engine) {
            return runs.stream().filter(r -> r.engine().equals(engine)).findFirst().orElse(null);
        }

        /** Median time under `engine` divided by wasmtime's. */
        double ratioToWasmtime(String engine) {
            return run(engine).stats().median() / run("wasmtime").stats().median();
        }
    }

    record Results(long warmupMillis, int samples, List<KernelResult> kernels) {}

    static Results run(Setup setup, List<String> only) throws Exception {
        var mapper = new ObjectMapper();
        var kernels = new ArrayList<KernelResult>();
        for (Kernel k : Kernel.ALL) {
            if (!only.isEmpty() && !only.contains(k.name())) {
                continue;
            }
            var wasm = k.wasm(setup.wasmDir());
            setup.requireFile(wasm, "run bench/kernels/build.sh");
            String load = Machine.loadAverage();
            var runs = new ArrayList<EngineRun>();
            for (String engine : Stream.concat(ENGINES.stream(), EXTRA_ENGINES.stream()).toList()) {
                String n = Integer.toString(k.n()), warm = Long.toString(setup.warmupMillis()),
                        samples = Integer.toString(setup.samples());
                if (!setup.engines().contains(engine)) {
                    continue;
                }
                List<String> cmd = engine.equals("node")
                        ? List.of("node", setup.nodeScript("compute.mjs").toString(), wasm.toString(), n, warm, samples)
                        : setup.javaProbe("compute-probe", engine, wasm.toString(), n, warm, samples);
                String out = Processes.check(cmd, Map.of(), setup.repo());
                var run = mapper.readValue(Processes.lastLine(out), EngineRun.class);
                runs.add(run);
                System.err.printf("  %-10s %-9s median %8.1f ms  (checksum %s, %d warm-up calls)%n", k.name(), engine,
                        run.stats().median() / 1e6, run.checksum(), run.warmupCalls());
            }
            checkAgreement(k, runs);
            kernels.add(new KernelResult(k.name(), k.what(), k.n(), runs, load));
        }
        return new Results(setup.warmupMillis(), setup.samples(), kernels);
    }

    /** Engines that disagree on a checksum ran different programs: no timing of theirs means anything. */
    static void checkAgreement(Kernel k, List<EngineRun> runs) {
        var byChecksum = new LinkedHashMap<String, List<String>>();
        for (EngineRun r : runs) {
            byChecksum.computeIfAbsent(r.checksum(), c -> new ArrayList<>()).add(r.engine());
        }
        if (byChecksum.size() != 1) {
            throw new BenchFailure("CHECKSUM MISMATCH in kernel " + k.name() + ": " + byChecksum
                    + " -- the engines computed different results; the suite stops here");
        }
    }
}
