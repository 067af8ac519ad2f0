package dev.wharf.cli;

import dev.wharf.binary.ParsedModule;
import dev.wharf.wat.WatPrinter;
import dev.wharf.wat.WatUnsupportedException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `wharf print MODULE [-o FILE]`: the module as WebAssembly text, like `wasm-tools print`. */
@Command(
        name = "print",
        mixinStandardHelpOptions = true,
        description = {
            "Print a module as WebAssembly text (WAT).",
            "wat2wasm assembles the text back into the same module. Instructions are flat,",
            "one per line; names from the name section become $identifiers, each",
            "definition's index in a (;N;) comment."
        })
final class PrintCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm module to print.")
    Path module;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the text to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        ParsedModule parsed = ParsedModule.read(module);
        try {
            WatPrinter printer = WatPrinter.of(parsed);
            if (output != null) {
                printer.writeTo(output);
                return 0;
            }
            printer.requirePrintable(); // never half a module on the terminal
            var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            printer.printModule(out);
            out.flush();
            return 0;
        } catch (WatUnsupportedException e) {
            throw e.context(module.toString()).remedy("wasm2wat or wasm-tools print can show it");
        } catch (IOException e) {
            throw cannotWrite(output == null ? "standard output" : output.toString(), e);
        }
    }

    static Failure cannotWrite(String target, IOException e) {
        String reason;
        if (Files.isDirectory(Path.of(target))) {
            reason = "it is a directory";
        } else if (e instanceof NoSuchFileException missing) {
            Path parent = missing.getFile() == null
                    ? null
                    : Path.of(missing.getFile()).toAbsolutePath().getParent();
            reason = parent != null && Files.isDirectory(parent)
                    ? "files cannot be created there"
                    : "the directory does not exist";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            reason = fs.getReason();
        } else {
            reason = e.getMessage();
        }
        return new Failure("cannot write " + target + ": " + reason + "; choose another path with -o", e);
    }
}
