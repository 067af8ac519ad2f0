package dev.wharf.cli;

import dev.wharf.binary.ParsedModule;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * `wharf validate MODULE`: is this a well-formed, valid core module? Prints "MODULE: valid" and exits 0,
 * or prints one line naming the byte offset and the reason and exits 1. The same check
 * ({@link ParsedModule#read(Path)}) runs before every other command that reads a module.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check that a module or component is well-formed and valid.",
            "It checks what `wasm-tools validate` checks, as far as Chicory supports it;",
            "a component's core modules are checked too.",
            "Exit status 0 when it is; otherwise one line says where and why it is not."
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
        ParsedModule.read(module);
        System.out.println(module + ": valid");
        return 0;
    }
}
