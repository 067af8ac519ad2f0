package dev.wharf.cli;

import dev.wharf.binary.ParsedModule;
import dev.wharf.explore.ExplorePage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `wharf explore MODULE [-o FILE]`: one self-contained HTML page about a module, like `wasmtime explore`. */
@Command(
        name = "explore",
        mixinStandardHelpOptions = true,
        description = {
            "Write one self-contained HTML page about a module.",
            "It shows its sections and their sizes, imports, exports, and every function",
            "by body size with its WAT text. The page makes no network requests. It is",
            "written next to the module as <module>.explore.html unless -o says otherwise."
        })
final class ExploreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm module to explore.")
    Path module;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the page here instead of <module>.explore.html.")
    Path output;

    @Override
    public Integer call() {
        ParsedModule parsed = ParsedModule.read(module);
        Path target = output != null ? output : ExplorePage.defaultOutput(module);
        try {
            ExplorePage.of(parsed).writeTo(target);
        } catch (IOException e) {
            throw PrintCommand.cannotWrite(target.toString(), e);
        }
        System.out.println("wrote " + target);
        return 0;
    }
}
