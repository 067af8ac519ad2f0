package dev.wharf.cli;

import dev.wharf.errors.WharfException;

/**
 * A problem only the command line knows about: a file it cannot write, a password it cannot read, a flag that makes
 * no sense. What the libraries throw is theirs and reaches {@link ErrorReport} unchanged, with context added.
 */
final class Failure extends WharfException {
    Failure(String problem) {
        super(problem);
    }

    Failure(String problem, Throwable cause) {
        super(problem, cause);
    }

    private Failure(int exitCode, String problem) {
        super(exitCode, problem, null);
    }

    /** A usage error (exit code 2): the arguments themselves are wrong. */
    static Failure usage(String problem) {
        return new Failure(EXIT_USAGE, problem);
    }
}
