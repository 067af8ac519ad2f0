package dev.wharf.fuel;

import java.io.IOException;
import java.util.Properties;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.wharf.fuel.BodyRewriter.CounterHome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times each kernel's {@code run(n)} unmetered, metered with the counter in a local (what
 * {@link FuelMeter#instrument} does) and metered with the counter only in the global (the simpler design
 * it was measured against).
 *
 * <p>The machine is shared, so the measurement is built to shrug off other people's load: time is the
 * calling thread's CPU time (time spent waiting for a core does not count), rounds interleave the variants
 * so that what remains of the noise hits all of them alike, each variant keeps its best round, and the
 * whole thing runs in several fresh JVMs (forks) because JIT decisions differ from one JVM to the next;
 * the best over all forks is reported. Lives in dev.wharf.fuel to reach the package-private variant switch.
 */
public final class FuelBench {

    private record Kernel(String name, long arg) { }

    private static final List<Kernel> KERNELS = List.of(
            new Kernel("sha256", 40_000),
            new Kernel("sieve", 4_000_000),
            new Kernel("matmul", 160),
            new Kernel("calls", 32));

    private static final String[] VARIANTS = {"unmetered", "metered", "global-only"};

    private record Variant(Instance instance, FuelTank tank) {
        long[] call(long arg) {
            if (tank != null) {
                tank.fill(Long.MAX_VALUE / 4 - tank.remaining());
            }
            return instance.export("run").apply(arg);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = option(args, "--rounds", 15);
        int forks = option(args, "--forks", 3);
        if (List.of(args).contains("--child")) {
            measure(dir, rounds);
        } else {
            report(dir, rounds, forks);
        }
    }

    private static int option(String[] args, String name, int fallback) {
        int at = List.of(args).indexOf(name);
        return at >= 0 ? Integer.parseInt(args[at + 1]) : fallback;
    }

    /** Parent: runs the forks, keeps the best time per kernel and variant, prints the table. */
    private static void report(Path dir, int rounds, int forks) throws Exception {
        Map<String, long[]> best = new LinkedHashMap<>();
        Map<String, Long> fuel = new LinkedHashMap<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int f = 0; f < forks; f++) {
            var command = List.of(java, "-Xss8m", "-cp", System.getProperty("java.class.path"), FuelBench.class.getName(),
                    dir.toString(), "--rounds", Integer.toString(rounds), "--child");
            var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    String[] fields = line.split(" ");
                    if (fields[0].equals("RESULT")) {
                        long[] times = best.computeIfAbsent(fields[1], k -> filled(VARIANTS.length));
                        for (int v = 0; v < VARIANTS.length; v++) {
                            times[v] = Math.min(times[v], Long.parseLong(fields[2 + v]));
                        }
                        fuel.put(fields[1], Long.parseLong(fields[2 + VARIANTS.length]));
                    }
                }
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("fork " + f + " failed");
            }
        }
        System.out.printf("Chicory %s compiler, JDK %s: thread CPU time of one run(n), best of %d rounds x %d JVMs%n%n",
                chicoryVersion(), Runtime.version(), rounds, forks);
        System.out.printf("%-8s %12s %12s %9s %12s %9s %14s%n", "kernel", VARIANTS[0], VARIANTS[1], "slowdown", VARIANTS[2], "slowdown", "fuel per run");
        for (var entry : best.entrySet()) {
            long[] t = entry.getValue();
            System.out.printf("%-8s %9.1f ms %9.1f ms %8.1f%% %9.1f ms %8.1f%% %14d%n", entry.getKey(),
                    t[0] / 1e6, t[1] / 1e6, slowdown(t[1], t[0]), t[2] / 1e6, slowdown(t[2], t[0]), fuel.get(entry.getKey()));
        }
    }

    /** Child: one JVM's measurement, printed as RESULT kernel unmetered metered global-only fuel. */
    private static void measure(Path dir, int rounds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Kernel kernel : KERNELS) {
            byte[] wasm = Files.readAllBytes(dir.resolve(kernel.name() + ".wasm"));
            var variants = new ArrayList<Variant>();
            variants.add(new Variant(instantiate(wasm), null));
            for (CounterHome home : List.of(CounterHome.LOCAL, CounterHome.GLOBAL)) {
                var metered = FuelMeter.instrument(wasm, FuelCosts.defaults(), home);
                var instance = instantiate(metered.bytes());
                variants.add(new Variant(instance, FuelTank.of(instance, metered)));
            }
            long expected = variants.get(0).call(kernel.arg())[0];
            for (int v = 1; v < variants.size(); v++) {
                if (variants.get(v).call(kernel.arg())[0] != expected) {
                    throw new AssertionError(kernel.name() + ": " + VARIANTS[v] + " computes a different result");
                }
            }
            var tank = variants.get(1).tank();
            long before = tank.consumed();
            variants.get(1).call(kernel.arg());
            long fuel = tank.consumed() - before;

            warmUp(variants, kernel.arg());
            long[] best = filled(variants.size());
            for (int r = 0; r < rounds; r++) {
                for (int v = 0; v < variants.size(); v++) {
                    long start = threads.getCurrentThreadCpuTime();
                    variants.get(v).call(kernel.arg());
                    best[v] = Math.min(best[v], threads.getCurrentThreadCpuTime() - start);
                }
            }
            System.out.println("RESULT " + kernel.name() + " " + best[0] + " " + best[1] + " " + best[2] + " " + fuel);
        }
    }

    /** Calls every variant until a call takes as long as the one before, give or take 3%, at least 5 times. */
    private static void warmUp(List<Variant> variants, long arg) {
        for (Variant v : variants) {
            long previous = Long.MAX_VALUE;
            for (int i = 0; i < 40; i++) {
                long start = System.nanoTime();
                v.call(arg);
                long took = System.nanoTime() - start;
                if (i >= 5 && Math.abs(took - previous) < previous * 0.03) {
                    break;
                }
                previous = took;
            }
        }
    }

    private static String chicoryVersion() throws IOException {
        var properties = new Properties();
        try (var in = MachineFactoryCompiler.class.getResourceAsStream("/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return properties.getProperty("version", "(unknown version)");
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, Long.MAX_VALUE);
        return a;
    }

    private static double slowdown(long metered, long plain) {
        return 100.0 * (metered - plain) / plain;
    }

    private static Instance instantiate(byte[] wasm) {
        var module = Parser.parse(wasm);
        return Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).withStart(false).build();
    }
}
