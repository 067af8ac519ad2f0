package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCacheTest {
    @TempDir
    Path cacheDir;

    private Engine engine() {
        return new Engine(new CompileCache(cacheDir, WharfLog.off()), WharfLog.off());
    }

    private Path onlyEntry() throws Exception {
        try (Stream<Path> files = Files.list(cacheDir)) {
            var entries = files.filter(p -> p.toString().endsWith(".wcc")).toList();
            assertEquals(1, entries.size(), "exactly one cache entry expected, found " + entries);
            return entries.get(0);
        }
    }

    @Test
    void secondLoadOfTheSameModuleIsACacheHitAndStillRuns() throws Exception {
        var first = engine().load(Fixtures.wasm("traps"));
        assertEquals(CompileCache.Lookup.MISS, first.cacheLookup());
        onlyEntry();
        var second = engine().load(Fixtures.wasm("traps"));
        assertEquals(CompileCache.Lookup.HIT, second.cacheLookup());
        var run = Runs.invoke(second, Limits.none(), "add", "40", "2");
        assertEquals(new RunOutcome.Returned(List.of("42")), run.outcome());
    }

    @Test
    void ourDigestIsChicorysSoACachedModuleSkipsOnlyValidation() throws Exception {
        var first = engine().load(Fixtures.wasm("hello_rust"));
        assertEquals(first.wasm().digest(), Engine.chicoryDigest(first.source().bytes()));
        var second = engine().load(Fixtures.wasm("hello_rust"));
        assertEquals(CompileCache.Lookup.HIT, second.cacheLookup());
        var run = Runs.command(second, "r", "x");
        assertEquals(new RunOutcome.Exited(0), run.outcome());
        assertTrue(run.stdout().contains("arg 1: x"), run.stdout());
    }

    @Test
    void aCorruptEntryIsDetectedDeletedAndRebuilt() throws Exception {
        engine().load(Fixtures.wasm("traps"));
        Path entry = onlyEntry();
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 10] ^= 0x5a; // damage the compiled classes, not the header
        Files.write(entry, bytes);

        var reloaded = engine().load(Fixtures.wasm("traps"));
        assertEquals(CompileCache.Lookup.CORRUPT, reloaded.cacheLookup());
        assertEquals(
                new RunOutcome.Returned(List.of("3")),
                Runs.invoke(reloaded, Limits.none(), "add", "1", "2").outcome());
        // rebuilt: the entry is intact again and hits next time
        assertEquals(
                CompileCache.Lookup.HIT, engine().load(Fixtures.wasm("traps")).cacheLookup());
    }

    @Test
    void aTruncatedEntryIsRebuilt() throws Exception {
        engine().load(Fixtures.wasm("traps"));
        Path entry = onlyEntry();
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(
                CompileCache.Lookup.CORRUPT,
                engine().load(Fixtures.wasm("traps")).cacheLookup());
        assertEquals(
                CompileCache.Lookup.HIT, engine().load(Fixtures.wasm("traps")).cacheLookup());
    }

    @Test
    void anEntryWrittenForAnotherModuleOrVersionIsNeverLoaded() throws Exception {
        // A foreign entry planted under this module's file name: intact checksum, wrong key.
        var traps = engine().load(Fixtures.wasm("traps"));
        Path entry = onlyEntry();
        String key = CompileCache.fullKey(traps.wasm().digest() + CodeRewriter.keySuffix(true));
        byte[] payload = CompileCache.decode(Files.readAllBytes(entry), key);
        Files.write(entry, CompileCache.encode("sha-256:someone-else|wharf=9.9.9|chicory=0", payload));
        assertEquals(
                CompileCache.Lookup.CORRUPT,
                engine().load(Fixtures.wasm("traps")).cacheLookup());
    }

    @Test
    void encodeDecodeRoundTripsAndRejectsAnyOtherKey() throws Exception {
        byte[] payload = "classes".getBytes();
        byte[] entry = CompileCache.encode("k1", payload);
        assertArrayEquals(payload, CompileCache.decode(entry, "k1"));
        assertNull(CompileCache.decode(entry, "k2"));
        assertNull(CompileCache.decode(new byte[0], "k1"));
    }

    @Test
    void clearRemovesEveryEntryAndStatsCountsThem() throws Exception {
        var cache = new CompileCache(cacheDir, WharfLog.off());
        new Engine(cache, WharfLog.off()).load(Fixtures.wasm("traps"));
        new Engine(cache, WharfLog.off()).load(Fixtures.wasm("reactor_calc"));
        var stats = cache.stats();
        assertEquals(2, stats.entries());
        assertTrue(stats.bytes() > 0);
        assertEquals(2, cache.clear());
        assertEquals(0, cache.stats().entries());
    }

    @Test
    void anUnwritableCacheDirectoryCostsACompileNotTheRun() throws Exception {
        Path file = cacheDir.resolve("not-a-dir");
        Files.writeString(file, "x");
        var engine = new Engine(new CompileCache(file.resolve("compiled"), WharfLog.off()), WharfLog.off());
        var loaded = engine.load(Fixtures.wasm("traps"));
        assertEquals(
                new RunOutcome.Returned(List.of("5")),
                Runs.invoke(loaded, Limits.none(), "add", "2", "3").outcome());
    }
}
