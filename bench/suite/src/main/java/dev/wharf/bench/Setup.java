package dev.wharf.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things are and how hard to measure. `quick` is for developing the suite on a shared machine
 * (short warm-up, few samples); the default is for the numbers that go in RESULTS.md.
 */
record Setup(Path repo, Path results, Path wasmDir, boolean quick, List<String> engines) {

    static Setup locate(Path repo, boolean quick, List<String> engines) {
        return new Setup(repo, repo.resolve("bench/results"), repo.resolve("bench/target/wasm"), quick, engines);
    }

    Path raw() {
        return results.resolve("raw");
    }

    Path hello() {
        return repo.resolve("examples/hello/hello.wasm");
    }

    Path large() {
        return wasmDir.resolve("large.wasm");
    }

    Path nodeScript(String name) {
        return repo.resolve("bench/node").resolve(name);
    }

    Path scratch() {
        return repo.resolve("bench/target/scratch");
    }

    long warmupMillis() {
        return quick ? 800 : 4000;
    }

    int samples() {
        return quick ? 3 : 15;
    }

    /** The JVM running the suite runs the probes too, with the flags the ./wharf launcher uses. */
    List<String> javaProbe(String... args) {
        var cmd = new ArrayList<String>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("@" + repo().resolve("cli/jvm.options"));
        cmd.add("--enable-native-access=ALL-UNNAMED"); // wasmtime-java loads its JNI library
        cmd.add("-cp");
        cmd.add(benchJar().toString());
        cmd.add(BenchMain.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Path benchJar() {
        try {
            return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    void requireFile(Path p, String remedy) {
        if (!Files.isRegularFile(p)) {
            throw new BenchFailure(p + " is missing: " + remedy);
        }
    }
}
