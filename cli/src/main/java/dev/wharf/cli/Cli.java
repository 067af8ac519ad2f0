package dev.wharf.cli;

import dev.wharf.binary.ModuleFileException;
import dev.wharf.binary.WasmFormatException;
import dev.wharf.runtime.WharfLog;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/** Builds the configured command line: error handling, exit codes and the `wharf MODULE` shortcut. */
final class Cli {
    static final int EXIT_USAGE = 2;

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
        cl.setParameterExceptionHandler(Cli::handleParameterException);
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

    /** True when the user asked for stack traces: `wharf --debug ...`, or WHARF_LOG=debug. */
    static boolean debugEnabled() {
        return WharfLog.fromEnvironment().debug();
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && e.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("wharf: error: unknown command `" + u.getUnmatched().get(0)
                    + "` (to run a module, give its path: wharf run MODULE.wasm)");
        } else {
            err.println("wharf: error: " + e.getMessage());
        }
        var name = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println("Run '" + name + " --help' for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof CommandLine.ParameterException p) {
            return handleParameterException(p, new String[0]);
        }
        return reportFailure(e, cl.getErr());
    }

    /** One line for a command that failed (a stack trace too when debugging), and the exit code it gets. */
    static int reportFailure(Exception e, PrintWriter err) {
        int code;
        String line;
        if (e instanceof Failure f) {
            code = f.exitCode;
            line = f.getMessage();
        } else if (e instanceof ModuleFileException m) {
            code = 1;
            line = m.getMessage();
        } else if (e instanceof WasmFormatException w) {
            code = 1;
            line = "invalid module: " + w.getMessage();
        } else {
            code = 1;
            line = "internal error: " + e + (debugEnabled() ? "" : " (run with WHARF_LOG=debug for details)");
        }
        err.println("wharf: error: " + line);
        if (debugEnabled()) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
