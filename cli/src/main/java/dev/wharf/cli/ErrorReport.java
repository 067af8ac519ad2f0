package dev.wharf.cli;

import dev.wharf.errors.WharfException;
import dev.wharf.runtime.WharfLog;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place an error becomes what the user sees: {@code wharf: error: <context>: <problem>} on one line,
 * outermost context first (see {@link WharfException}), and the exit code the exception carries; a command line that
 * does not parse gets its problem and a pointer to --help. Anything that is not a {@link WharfException} is a bug in
 * Wharf and says so. The stack trace, with its chain of causes, follows only when debugging (`wharf --debug`,
 * WHARF_LOG=debug).
 */
final class ErrorReport {
    private ErrorReport() {}

    /** Prints the error and returns the exit code the command ends with. */
    static int print(Throwable e, PrintWriter err) {
        boolean debug = debugEnabled();
        int code;
        if (e instanceof WharfException w) {
            code = w.exitCode();
            err.println("wharf: error: " + w.getMessage());
        } else {
            code = WharfException.EXIT_FAILURE;
            err.println(
                    "wharf: error: internal error: " + e + (debug ? "" : " (run with WHARF_LOG=debug for details)"));
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * A command line picocli could not parse: the problem, then where the usage is, and exit code 2. A word that is
     * neither a command nor a module path gets the hint that runs a module.
     */
    static int printUsage(CommandLine.ParameterException e) {
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
        err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return WharfException.EXIT_USAGE;
    }

    /** True when the user asked for stack traces: `wharf --debug ...`, or WHARF_LOG=debug. */
    static boolean debugEnabled() {
        return WharfLog.fromEnvironment().debug();
    }
}
