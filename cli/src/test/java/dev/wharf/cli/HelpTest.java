package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Cli builds only the subcommand a run names; help must still see every one of them. */
class HelpTest {
    /** A command listing line: two spaces, the name (and aliases), the summary. */
    private static final Pattern LISTED = Pattern.compile("  (\\S+(?:, \\S+)*) +(\\S.*)");

    @Test
    void helpListsEveryCommand() {
        var r = WharfCli.run("--help");
        assertEquals(0, r.exit(), r.err());
        for (String name : Main.COMMANDS.keySet()) {
            assertTrue(r.out().contains("\n  " + name + " "), name + " missing from:\n" + r.out());
        }
    }

    /**
     * `wharf --help` and the help of every command with subcommands list each on one line with a summary of its own: a
     * sentence that ends where it should, not the first line of a longer text cut mid-sentence or wrapped onto a second.
     */
    @Test
    void everyCommandListedHasAOneLineSummaryOfItsOwn() {
        var listings = new ArrayList<List<String>>();
        listings.add(List.of("--help"));
        for (String name : Main.COMMANDS.keySet()) {
            listings.add(List.of(name, "--help"));
        }
        int summaries = 0;
        for (var args : listings) {
            var r = WharfCli.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), args + ": " + r.err());
            for (String line : commandsSection(r.out())) {
                var m = LISTED.matcher(line);
                assertTrue(m.matches(), args + ": a summary wrapped onto a second line: \"" + line + "\"\n" + r.out());
                String summary = m.group(2);
                assertTrue(summary.endsWith("."), args + ": summary is not a whole sentence: \"" + summary + "\"");
                assertFalse(summary.endsWith(",.") || summary.endsWith(":."), args + ": " + summary);
                summaries++;
            }
        }
        // every top-level command with help, and every subcommand (cache info, registry login, k8s manifests, ...)
        var top = Cli.newCommandLine(new String[0]).getSubcommands();
        long listed = top.size()
                + top.values().stream()
                        // by command, not by name: an alias (apps list, ls) is listed on its command's line
                        .mapToLong(c ->
                                c.getSubcommands().values().stream().distinct().count())
                        .sum();
        assertEquals(listed, (long) summaries, "every listed command's summary was checked");
    }

    @Test
    void eachCommandsOwnHelpKeepsItsLongText() {
        var run = WharfCli.run("run", "--help").out();
        assertTrue(run.contains("Run a WebAssembly module in a capability sandbox."), run);
        assertTrue(run.contains("The guest sees only what you grant"), run);
        var validate = WharfCli.run("validate", "--help").out();
        assertTrue(validate.contains("Check that a module or component is well-formed and valid."), validate);
        assertTrue(validate.contains("as far as Chicory supports it"), validate);
        var summary = WharfCli.run("--help").out();
        assertFalse(summary.contains("as far as Chicory supports it"), "long text in the listing:\n" + summary);
    }

    /** picocli wraps a longer description line wherever the width runs out, mid-word too ("a bare .\nwasm"). */
    @Test
    void everyDescriptionLineFitsTheHelpWidth() {
        var tooLong = new ArrayList<String>();
        var commands = new ArrayList<CommandLine>(List.of(Cli.newCommandLine(new String[0])));
        for (int i = 0; i < commands.size(); i++) {
            var command = commands.get(i);
            var usage = command.getCommandSpec().usageMessage();
            for (String line : usage.description()) {
                if (line.length() > usage.width()) {
                    tooLong.add(command.getCommandSpec().qualifiedName() + ": " + line);
                }
            }
            command.getSubcommands().values().stream().distinct().forEach(commands::add);
        }
        assertEquals(List.of(), tooLong);
    }

    /** The lines under "Commands:" up to the next blank line or the end. */
    private static List<String> commandsSection(String help) {
        var lines = help.lines().toList();
        int start = lines.indexOf("Commands:");
        if (start < 0) {
            return List.of();
        }
        var section = new ArrayList<String>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
            section.add(lines.get(i));
        }
        return section;
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
