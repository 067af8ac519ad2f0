package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Cli builds only the subcommand a run names; help must still see every one of them. */
class HelpTest {
    @Test
    void helpListsEveryCommand() {
        var r = WharfCli.run("--help");
        assertEquals(0, r.exit(), r.err());
        for (String name : Main.COMMANDS.keySet()) {
            assertTrue(r.out().contains("\n  " + name + " "), name + " missing from:\n" + r.out());
        }
    }

    @Test
    void theRoutingTableNamesEachCommandAsItsAnnotationDoes() {
        Main.COMMANDS.forEach((name, c) ->
                assertEquals(name, c.getAnnotation(CommandLine.Command.class).name()));
    }

    @Test
    void helpForOneCommandAndEachCommandsOwnHelpWork() {
        for (String name : Main.COMMANDS.keySet()) {
            var viaHelp = WharfCli.run("help", name);
            assertEquals(0, viaHelp.exit(), name + ": " + viaHelp.err());
            assertTrue(viaHelp.out().startsWith("Usage: wharf " + name), viaHelp.out());
            var own = WharfCli.run(name, "--help");
            assertEquals(0, own.exit(), name + ": " + own.err());
            assertEquals(viaHelp.out(), own.out());
        }
    }
}
