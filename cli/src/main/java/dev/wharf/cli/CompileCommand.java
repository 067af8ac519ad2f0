package dev.wharf.cli;

import dev.wharf.binary.ModuleSource;
import dev.wharf.files.AtomicFiles;
import dev.wharf.runtime.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `wharf compile MODULE [-o FILE]`: compile ahead of time into the cache, or into a standalone artifact. */
@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        description = {
            "Compile a module to JVM code ahead of time.",
            "Without -o the result goes into the compile cache, so the next `wharf run` of",
            "the same module starts without compiling. With -o it is written to FILE, which",
            "`wharf run --allow-precompiled FILE` runs."
        })
final class CompileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODULE")
    Path module;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write a precompiled artifact here.")
    Path output;

    @Override
    public Integer call() {
        Engine engine = Engine.withDefaults();
        long start = System.nanoTime();
        ModuleSource source = ModuleSource.read(module);
        if (output == null) {
            engine.compileIntoCache(source);
            System.out.printf(
                    "%s: compiled in %.0f ms, cached in %s%n",
                    module, (System.nanoTime() - start) / 1e6, engine.cache().directory());
            return 0;
        }
        byte[] artifact = engine.precompile(source);
        writeAtomically(output, artifact);
        System.out.printf(
                "%s: compiled in %.0f ms, wrote %s (%d bytes)%n",
                module, (System.nanoTime() - start) / 1e6, output, artifact.length);
        return 0;
    }

    /** A temp file beside the target, then a move: never a half-written artifact under the real name. */
    static void writeAtomically(Path target, byte[] bytes) {
        try {
            AtomicFiles.write(target, bytes);
        } catch (IOException e) {
            throw new Failure("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
