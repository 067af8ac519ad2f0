package dev.wharf.cli;

import dev.wharf.binary.ModuleFileException;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.WasmFormatException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * `wharf validate MODULE`: is this a well-formed, valid core module? Prints "MODULE: valid" and exits 0,
 * or prints one line naming the byte offset and the reason and exits 1. The same check runs before
 * every other command, through {@link #load(Path)}.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check that a module or component is well-formed and valid (what `wasm-tools validate` checks, as",
            "Chicory supports it; a component's core modules included). Exit status 0 when it is; otherwise one",
            "line says where and why it is not."
        })
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm file to check.")
    Path module;

    @Override
    public Integer call() {
        if (Components.isComponent(module)) {
            var parsed = Components.load(module, true);
            System.out.println(
                    module + ": valid (component: " + parsed.coreModules().size() + " core module"
                            + (parsed.coreModules().size() == 1 ? "" : "s") + ")");
            return 0;
        }
        load(module);
        System.out.println(module + ": valid");
        return 0;
    }

    /**
     * Reads, checks and parses a module for a command, turning every problem with the file or its
     * bytes into the one line the user sees:
     * "MODULE: invalid module at byte offset 0x1a2: function 3 (`compute`): type mismatch: ...".
     */
    static ParsedModule load(Path module) {
        try {
            return ParsedModule.read(module);
        } catch (ModuleFileException e) {
            throw new Failure(e.getMessage(), e);
        } catch (WasmFormatException e) {
            String where = e.offset() >= 0 ? String.format(" at byte offset 0x%x", e.offset()) : "";
            throw new Failure(module + ": invalid module" + where + ": " + e.reason(), e);
        }
    }
}
