package dev.wharf.cli;

import java.util.Arrays;
import picocli.CommandLine;

/** Builds the configured command line: errors to {@link ErrorReport}, and the `wharf MODULE` shortcut. */
final class Cli {
    private Cli() {}

    /**
     * The command line for these arguments. Only the subcommand they name is built (picocli reads every
     * annotation of a command it adds, and all of them cost a few hundred milliseconds at start-up);
     * anything else (help, no command, an unknown word) gets them all, so listings and errors are complete.
     */
    static CommandLine newCommandLine(String[] args) {
        var cl = new CommandLine(new Main());
        String wanted = args.length > 0 && Main.COMMANDS.containsKey(args[0]) ? args[0] : null;
        Main.COMMANDS.forEach((name, command) -> {
            if (wanted == null || wanted.equals(name)) {
                cl.addSubcommand(command);
            }
        });
        // settings after the subcommands: picocli applies them to the subcommands that exist at the time
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Cli::handleExecutionException);
        cl.setParameterExceptionHandler((e, unparsed) -> ErrorReport.printUsage(e));
        // everything after the module belongs to the guest, even if it looks like an option
        var run = cl.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true);
        }
        return cl;
    }

    /**
     * `wharf app.wasm args...` means `wharf run app.wasm args...`, as with wasmtime; a leading `--debug`
     * (before the command) turns on WHARF_LOG=debug for this run: diagnostics and stack traces.
     */
    static String[] routeBareModule(String[] args) {
        if (args.length > 0 && args[0].equals("--debug")) {
            System.setProperty("wharf.log", "debug");
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length == 0) {
            return args;
        }
        var first = args[0];
        boolean known = first.equals("help") || Main.COMMANDS.containsKey(first);
        if (!known
                && !first.startsWith("-")
                && (first.endsWith(".wasm") || first.endsWith(".wat") || first.contains("/"))) {
            var routed = new String[args.length + 1];
            routed[0] = "run";
            System.arraycopy(args, 0, routed, 1, args.length);
            return routed;
        }
        return args;
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof CommandLine.ParameterException p) {
            return ErrorReport.printUsage(p);
        }
        return ErrorReport.print(e, cl.getErr());
    }
}
