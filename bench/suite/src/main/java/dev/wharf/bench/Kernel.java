package dev.wharf.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * One compute kernel: bench/kernels/NAME.c built to NAME.wasm, exporting `bench(n) -> i64 checksum`.
 * `n` sizes one call to roughly 50-150 ms under wasmtime on this machine, so a sample is long enough to
 * time precisely and short enough for many samples.
 */
record Kernel(String name, int n, String what) {

    static final List<Kernel> ALL = List.of(
            new Kernel("sha256", 6, "SHA-256 of 1 MiB, 6 rounds"),
            new Kernel("nbody", 1_000_000, "n-body, 5 bodies, 1M steps (f64)"),
            new Kernel("matmul", 12, "192x192 f64 matrix multiply, 12 times"),
            new Kernel("tokenizer", 24, "JSON-like tokenizer over 1 MiB, 24 passes"),
            new Kernel("sieve", 3, "sieve of Eratosthenes to 8M, 3 times"),
            new Kernel("interp", 50_000, "bytecode interpreter loop, ~25M dispatches"),
            new Kernel("memops", 20_000, "memcpy/memmove/memset, 20k ops of 8 B-64 KiB"));

    Path wasm(Path kernelDir) {
        return kernelDir.resolve(name + ".wasm");
    }
}
