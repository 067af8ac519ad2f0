package dev.wharf.cli;

import dev.wharf.binary.ParsedModule;
import dev.wharf.component.WitPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `wharf component wit COMPONENT`: component-specific tools, as `wasm-tools component` has them. */
@Command(
        name = "component",
        mixinStandardHelpOptions = true,
        description = "Tools for WebAssembly components.",
        subcommands = {ComponentCommand.Wit.class})
final class ComponentCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    @Command(
            name = "wit",
            mixinStandardHelpOptions = true,
            description = {
                "Print a component's world as WIT, as `wasm-tools component wit` does.",
                "First the world's imports and exports, then each package it names with",
                "its interfaces, types, resources and functions."
            })
    static final class Wit implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "COMPONENT", description = "The component (.wasm) to describe.")
        Path component;

        @Override
        public Integer call() {
            if (!Components.isComponent(component)) {
                ParsedModule.read(component); // a missing or malformed file gets its own line
                throw new Failure(component + " is a core module, not a component: it has no WIT world "
                        + "(`wharf inspect` lists its imports and exports)");
            }
            System.out.print(WitPrinter.print(Components.load(component, false).type()));
            System.out.flush();
            return 0;
        }
    }
}
