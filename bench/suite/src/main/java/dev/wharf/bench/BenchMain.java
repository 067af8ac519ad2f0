package dev.wharf.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark suite's entry point (bench/run.sh calls it).
 *
 * <pre>
 *   java -jar wharf-bench.jar [--quick] [--repo DIR] [--only KERNEL,...] [--engines E,...] SECTION...
 *     sections: compute startup instantiate memory report all
 * </pre>
 *
 * Each measuring section writes bench/results/raw/SECTION.json; `report` turns whatever raw results exist
 * into bench/results/RESULTS.md and chart.png. The *-probe commands are the child processes the sections
 * start; they are not meant to be run by hand.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (BenchFailure e) {
            System.err.println("bench: FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length > 0 && args[0].endsWith("-probe")) {
            probe(args);
            return;
        }
        boolean quick = false;
        Path repo = Path.of("").toAbsolutePath();
        List<String> only = List.of();
        List<String> engines = ComputeSuite.ENGINES;
        var sections = new ArrayList<String>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
                case "--only" -> only = List.of(args[++i].split(","));
                case "--engines" -> engines = List.of(args[++i].split(","));
                case "all" -> sections.addAll(List.of("compute", "startup", "instantiate", "memory", "report"));
                default -> sections.add(args[i]);
            }
        }
        if (sections.isEmpty()) {
            throw new BenchFailure("name a section: compute startup instantiate memory report all");
        }
        if (!engines.containsAll(List.of("wharf", "wasmtime"))) {
            throw new BenchFailure("--engines needs at least wharf and wasmtime (ratios are to wasmtime)");
        }
        var setup = Setup.locate(repo, quick, engines);
        Files.createDirectories(setup.raw());
        var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (!sections.equals(List.of("report"))) {
            // the machine facts belong to the measurements: a report on its own leaves them as they were
            mapper.writeValue(setup.raw().resolve("machine.json").toFile(), Machine.describe());
        }
        for (String section : sections) {
            System.err.println("bench: " + section + (quick ? " (quick)" : "") + ", load average " + Machine.loadAverage());
            Object result = switch (section) {
                case "compute" -> ComputeSuite.run(setup, only);
                case "startup" -> StartupSuite.run(setup);
                case "instantiate" -> InstantiationSuite.run(setup);
                case "memory" -> MemorySuite.run(setup);
                case "report" -> {
                    Report.write(setup);
                    yield null;
                }
                default -> throw new BenchFailure("unknown section " + section);
            };
            if (result != null) {
                mapper.writeValue(setup.raw().resolve(section + ".json").toFile(), result);
            }
        }
    }

    private static void probe(String[] a) throws Exception {
        switch (a[0]) {
            case "compute-probe" -> ComputeProbe.main(a[1], Path.of(a[2]), Integer.parseInt(a[3]), Long.parseLong(a[4]),
                    Integer.parseInt(a[5]));
            case "instantiate-probe" -> InstantiationSuite.probe(a[1], Path.of(a[2]), Integer.parseInt(a[3]));
            case "memory-probe" -> MemorySuite.probe(a[1], Path.of(a[2]), Integer.parseInt(a[3]));
            default -> throw new BenchFailure("unknown probe " + a[0]);
        }
    }
}
