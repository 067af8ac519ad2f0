package dev.wharf.bench;

import java.util.ArrayList;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The child process that times one kernel under one JVM-hosted engine: instantiate once, call
 * `bench(n)` until the warm-up budget is spent (so the JIT has reached steady state), then time
 * `samples` calls one by one. It prints the same JSON line as bench/node/compute.mjs.
 */
final class ComputeProbe {
    private ComputeProbe() {}

    static void main(String engine, Path wasm, int n, long warmupMillis, int samples) throws Exception {
        LongSupplier call;
        AutoCloseable cleanup = () -> {};
        switch (engine) {
            case "wharf", "wharf-polled", "wharf-chicory-default", "wharf-bytearray" -> {
                var instance = new WharfSide(wasm, WharfSide.memoryFor(engine)).instantiateReactor();
                var bench = instance.export("bench");
                call = () -> bench.apply(n)[0];
            }
            case "wasmtime" -> {
                var side = new WasmtimeSide(wasm);
                var guest = side.instantiateReactor();
                var bench = io.github.kawamuray.wasmtime.WasmFunctions.func(guest.store(), guest.func("bench"),
                        io.github.kawamuray.wasmtime.WasmValType.I32, io.github.kawamuray.wasmtime.WasmValType.I64);
                call = () -> bench.call(n);
                cleanup = () -> {
                    guest.close();
                    side.close();
                };
            }
            default -> throw new BenchFailure("unknown engine " + engine + " (wharf, wharf-polled, wharf-chicory-default, wharf-bytearray or wasmtime)");
        }
        var result = measure(call, warmupMillis, samples);
        cleanup.close();
        var json = new LinkedHashMap<String, Object>();
        json.put("engine", engine);
        json.put("checksum", result.checksum());
        json.put("warmupCalls", result.warmupCalls());
        json.put("nanos", result.nanos());
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }

    record Measured(String checksum, int warmupCalls, List<Long> nanos) {}

    /**
     * Warm-up ends when the JIT has settled: at least `minWarmupMillis` spent and the median of the last
     * five calls no better than 97% of the five before (or at the 60 s cap). bench/node/compute.mjs uses
     * the same rule, so no engine is timed before it has reached its steady state.
     */
    static Measured measure(LongSupplier call, long minWarmupMillis, int samples) {
        String checksum = hex(call.getAsLong());
        var warm = new ArrayList<Long>();
        long start = System.nanoTime();
        while (true) {
            long t0 = System.nanoTime();
            call.getAsLong();
            long t1 = System.nanoTime();
            warm.add(t1 - t0);
            long elapsedMillis = (t1 - start) / 1_000_000;
            if (elapsedMillis >= MAX_WARMUP_MILLIS) {
                break;
            }
            int n = warm.size();
            if (elapsedMillis >= minWarmupMillis && n >= 10) {
                double last = Stats.of(warm.subList(n - 5, n)).median();
                double before = Stats.of(warm.subList(n - 10, n - 5)).median();
                if (last >= 0.97 * before) {
                    break;
                }
            }
        }
        var nanos = new ArrayList<Long>(samples);
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            long c = call.getAsLong();
            nanos.add(System.nanoTime() - t0);
            if (!hex(c).equals(checksum)) {
                throw new BenchFailure("checksum changed between calls: " + checksum + " then " + hex(c));
            }
        }
        return new Measured(checksum, warm.size() + 1, nanos);
    }

    static final long MAX_WARMUP_MILLIS = 60_000;

    static String hex(long v) {
        return String.format("%016x", v);
    }
}
