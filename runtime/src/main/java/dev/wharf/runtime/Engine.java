package dev.wharf.runtime;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wharf.binary.Feature;
import dev.wharf.binary.ModuleFileException;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.WasmFormatException;
import dev.wharf.fuel.FuelCosts;
import dev.wharf.fuel.FuelMeter;
import dev.wharf.fuel.MeteredModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns module files into {@link LoadedModule}s: read, validate, then compile to JVM bytecode with
 * Chicory's compiler, going through the on-disk {@link CompileCache} when one is configured. The CLI,
 * the app host and tests all load modules through here.
 */
public final class Engine {
    private final CompileCache cache;
    private final WharfLog log;

    public Engine(CompileCache cache, WharfLog log) {
        this.cache = cache;
        this.log = log;
    }

    /** An engine with the default on-disk cache and the WHARF_LOG filter. */
    public static Engine withDefaults() {
        var log = WharfLog.fromEnvironment();
        return new Engine(CompileCache.atDefaultLocation(log), log);
    }

    /** An engine that compiles every time (no disk cache). */
    public static Engine uncached(WharfLog log) {
        return new Engine(null, log);
    }

    public WharfLog log() {
        return log;
    }

    public CompileCache cache() {
        return cache;
    }

    /** Loads a module file with {@link LoadOptions#defaults()}. */
    public LoadedModule load(Path path) {
        return load(path, LoadOptions.defaults());
    }

    /**
     * Loads a module file, or a `wharf compile -o` artifact when the options allow one, compiled as the options say
     * (see {@link LoadOptions}). `wharf run` loads with {@link LoadOptions#forLimits(Limits)} of its run's limits.
     */
    public LoadedModule load(Path path, LoadOptions options) {
        if (startsWithPrecompiledMagic(path)) {
            if (!options.allowPrecompiled()) {
                throw new RunException(path + " is a precompiled artifact from `wharf compile -o`: pass "
                        + "--allow-precompiled to run it (only for artifacts you built: they are loaded as JVM code)");
            }
            if (options.metered()) {
                throw new RunException(path + ": -W fuel needs the module itself, not a precompiled artifact");
            }
            try {
                return loadPrecompiled(path, Files.readAllBytes(path));
            } catch (IOException e) {
                throw new ModuleFileException(path, "cannot be read: " + e.getMessage());
            }
        }
        return load(ModuleSource.read(path), options);
    }

    private static boolean startsWithPrecompiledMagic(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (var in = Files.newInputStream(path)) {
            return Precompiled.looksPrecompiled(in.readNBytes(CompileCache.MAGIC.length));
        } catch (IOException e) {
            return false; // ModuleSource.read reports the unreadable file properly
        }
    }

    /**
     * Loads a module already read, compiled as the options say ({@code allowPrecompiled} does not apply: these are a
     * module's bytes). The metered and the plain code are different cache entries.
     */
    public LoadedModule load(ModuleSource source, LoadOptions options) {
        boolean metered = options.metered();
        boolean interruptible = options.interruptible();
        long start = System.nanoTime();
        CachedParse hit = metered ? null : parseCached(source, interruptible);
        boolean revalidated = hit == null;
        WasmModule wasm = hit == null ? compilable(ParsedModule.parse(source)).wasm() : hit.wasm();
        Optional<MeteredModule> metering = Optional.empty();
        if (metered) {
            MeteredModule rewritten;
            try {
                rewritten = FuelMeter.instrument(source.bytes(), FuelCosts.defaults());
            } catch (WasmFormatException e) {
                throw e.in(source.path()); // an instruction metering cannot rewrite, in the user's module
            }
            metering = Optional.of(rewritten);
            wasm = ParsedModule.parse(ModuleSource.frame(source.path(), rewritten.bytes()))
                    .wasm();
        }
        long parsed = System.nanoTime();
        log.debug(String.format(
                "loaded %s: %d bytes, parsed%s%s in %.1f ms",
                source.path(),
                source.bytes().length,
                revalidated ? " and validated" : " (validated when its compile-cache entry was made)",
                metered ? " and metered for fuel" : "",
                (parsed - start) / 1e6));
        Function<Instance, Machine> machines = null;
        boolean bodiless = false;
        if (hit != null) {
            machines = loadCached(hit, source);
            if (machines != null) {
                bodiless = hit.bodiless();
            } else if (hit.bodiless()) {
                wasm = ParsedModule.parse(source).wasm(); // stubbed bodies cannot be compiled: the real ones, then
            }
        }
        if (machines == null) {
            machines = compileRewritten(wasm, source, interruptible);
        }
        if (machines == null) {
            interruptible = true; // the rewrite failed: Chicory's own code runs just the same, poll and all
            machines = cache == null ? MachineFactoryCompiler.builder(wasm).compile() : compileThroughCache(wasm);
        }
        CompileCache.Lookup lookup = cache == null ? CompileCache.Lookup.NONE : cache.lastLookup();
        long compiled = System.nanoTime();
        double ms = (compiled - parsed) / 1e6;
        log.debug(
                switch (lookup) {
                    case HIT ->
                        String.format("compile cache hit: loaded compiled code for %s in %.1f ms", source.path(), ms);
                    case MISS, CORRUPT ->
                        String.format("compile cache miss: compiled %s in %.1f ms", source.path(), ms);
                    case NONE -> String.format("compiled %s in %.1f ms (no compile cache)", source.path(), ms);
                });
        return new LoadedModule(
                source, wasm, machines, lookup, Duration.ofNanos(compiled - start), metering, interruptible, bodiless);
    }

    /**
     * The module's code after Wharf's rewrite (see CodeRewriter), without the interruption poll unless
     * `interruptible`: from the cache's entry for that variant, or compiled, rewritten (and cached) now. Null when
     * the rewrite fails, so the caller loads Chicory's own code instead of failing the run.
     */
    private Function<Instance, Machine> compileRewritten(WasmModule wasm, ModuleSource source, boolean interruptible) {
        var rewriter = new CodeRewriter(cache, interruptible);
        try {
            var fromCache =
                    MachineFactoryCompiler.builder(wasm).withCache(rewriter).compile();
            if (rewriter.rewritten() == null) {
                return fromCache;
            }
            // a miss: Chicory built that factory from the classes it generated; load the rewritten ones
            return MachineFactoryCompiler.builder(wasm)
                    .withCache(new Precompiled.Seeded(wasm.digest(), rewriter.rewritten()))
                    .compile();
        } catch (RuntimeException | LinkageError e) {
            log.debug("rewriting the compiled code of " + source.path() + " failed (" + e + "); using Chicory's own");
            if (cache != null && cache.lastLookup() == CompileCache.Lookup.HIT) {
                cache.evict(wasm.digest() + CodeRewriter.keySuffix(interruptible));
            }
            return null;
        }
    }

    /** A module found in the compile cache: parsed (bodiless when allowed) and its cached classes. */
    private record CachedParse(String key, WasmModule wasm, byte[] classes, boolean bodiless) {}

    /**
     * The module parsed without validation, when the compile cache holds an intact entry for exactly these bytes
     * and this code variant (the entry's key is their SHA-256, and entries are written only after validation
     * passed): validation is most of a parse, and the verdict cannot differ. Unless the cached code calls the
     * interpreter, the function bodies are stubbed before parsing (BodylessModule): the cached classes are the
     * functions. Null when there is no entry, or when anything goes wrong, so the caller takes the validating path.
     */
    private CachedParse parseCached(ModuleSource source, boolean interruptible) {
        String key = chicoryDigest(source.bytes()) + CodeRewriter.keySuffix(interruptible);
        byte[] classes = cache == null ? null : cache.peek(key);
        if (classes == null) {
            return null;
        }
        try {
            byte[] stubbed = CodeRewriter.interpretsFunctions(classes) ? null : BodylessModule.of(source);
            byte[] bytes = stubbed != null ? stubbed : source.bytes();
            var wasm = Parser.builder().withValidation(false).build().parse(() -> new ByteArrayInputStream(bytes));
            return new CachedParse(key, wasm, classes, stubbed != null);
        } catch (RuntimeException e) {
            log.debug("compile cache: parsing " + source.path() + " without validation failed (" + e + "); validating");
            return null;
        }
    }

    /** The machine factory of a cache hit's classes; null (the entry evicted) when they do not load. */
    private Function<Instance, Machine> loadCached(CachedParse hit, ModuleSource source) {
        try {
            // keyed by the parsed module's own digest, which for stubbed bytes is not the cache key
            var machines = MachineFactoryCompiler.builder(hit.wasm())
                    .withCache(new Precompiled.Seeded(hit.wasm().digest(), hit.classes()))
                    .compile();
            cache.servedHit();
            return machines;
        } catch (RuntimeException | LinkageError e) {
            log.debug("compile cache: the entry for " + source.path() + " failed to load (" + e + "); recompiling");
            cache.evict(hit.key());
            return null;
        }
    }

    /** The digest Chicory gives a module (WasmModule.digest()): the compile cache's key. */
    static String chicoryDigest(byte[] bytes) {
        return "sha-256:" + Base64.getEncoder().encodeToString(CompileCache.sha256(bytes));
    }

    /**
     * Fills the compile cache for this module (`wharf compile` without -o): Chicory compiles it once, and both
     * rewritten variants are stored, the one runs without a timeout load and the polled one the rest load.
     */
    public void compileIntoCache(ModuleSource source) {
        if (cache == null) {
            throw new RunException("no compile cache is configured");
        }
        WasmModule wasm = compilable(ParsedModule.parse(source)).wasm();
        var capturing = new Precompiled.Capturing(null);
        MachineFactoryCompiler.builder(wasm).withCache(capturing).compile();
        if (capturing.captured == null) {
            throw new RunException("compiling " + source.path() + " produced no classes to cache");
        }
        for (boolean keepPoll : new boolean[] {false, true}) {
            try {
                cache.putIfAbsent(
                        wasm.digest() + CodeRewriter.keySuffix(keepPoll),
                        CodeRewriter.rewrite(capturing.captured, keepPoll));
            } catch (IOException | RuntimeException e) {
                throw new RunException(
                        "caching the compiled code of " + source.path() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Compiles (or finds in the cache) and returns a precompiled artifact: module bytes plus compiled classes. */
    public byte[] precompile(ModuleSource source) {
        WasmModule wasm = compilable(ParsedModule.parse(source)).wasm();
        var capturing = new Precompiled.Capturing(cache);
        MachineFactoryCompiler.builder(wasm).withCache(capturing).compile();
        if (capturing.captured == null) {
            throw new RunException("compiling " + source.path() + " produced no classes to write");
        }
        try {
            return Precompiled.write(CompileCache.fullKey(wasm.digest()), source.bytes(), capturing.captured);
        } catch (IOException e) {
            throw new RunException("cannot encode the precompiled artifact: " + e.getMessage(), e);
        }
    }

    /** Loads a `wharf compile -o` artifact; refuses a damaged one or one built by another Wharf or Chicory. */
    private LoadedModule loadPrecompiled(Path path, byte[] file) {
        long start = System.nanoTime();
        var contents = Precompiled.read(file);
        if (contents == null) {
            throw new RunException(path + ": the precompiled artifact is damaged (checksum mismatch); "
                    + "run `wharf compile` on the module again");
        }
        var source = ModuleSource.frame(path, contents.wasm());
        WasmModule wasm = compilable(ParsedModule.parse(source)).wasm();
        if (!CompileCache.fullKey(wasm.digest()).equals(contents.key())) {
            throw new RunException(path + ": precompiled by a different Wharf or Chicory version ("
                    + contents.key().substring(contents.key().indexOf('|') + 1) + "); run `wharf compile` again");
        }
        var machines = MachineFactoryCompiler.builder(wasm)
                .withCache(new Precompiled.Seeded(wasm.digest(), contents.classes()))
                .compile();
        log.debug(String.format("loaded precompiled %s in %.1f ms", path, (System.nanoTime() - start) / 1e6));
        return new LoadedModule(
                source,
                wasm,
                machines,
                CompileCache.Lookup.HIT,
                Duration.ofNanos(System.nanoTime() - start),
                Optional.empty(),
                true,
                false);
    }

    /**
     * Chicory 1.7.5's compiler has no v128 support and fails deep inside with "Unhandled opcode": a module that
     * uses SIMD is refused here, before compiling, with the one line a user needs. (The code generator will
     * compile SIMD; this check goes when it does.)
     */
    private static ParsedModule compilable(ParsedModule parsed) {
        if (parsed.features().contains(Feature.SIMD)) {
            throw new RunException(
                    (parsed.path() == null ? "the module" : parsed.path().toString())
                            + ": uses SIMD (v128), which this build of Wharf cannot compile yet (rebuild it without -msimd128"
                            + " to run it here)");
        }
        return parsed;
    }

    private Function<Instance, Machine> compileThroughCache(WasmModule wasm) {
        try {
            return MachineFactoryCompiler.builder(wasm).withCache(cache).compile();
        } catch (RuntimeException | LinkageError e) {
            // An entry that passed its checksum but still does not load (a class format problem we cannot
            // see from the bytes) is evicted and the module compiled without the cache: a cache must never
            // be the reason a module fails to run.
            if (cache.lastLookup() != CompileCache.Lookup.HIT) {
                throw e;
            }
            log.debug("compile cache: entry for " + wasm.digest() + " failed to load (" + e + "); recompiling");
            cache.evict(wasm.digest());
            return MachineFactoryCompiler.builder(wasm).withCache(cache).compile();
        }
    }
}
