package dev.wharf.cli;

/**
 * What a command throws when it must stop: one line for the user (naming the file, the step and the
 * remedy) and the exit code. The cause is kept for `--debug`.
 */
final class Failure extends RuntimeException {
    final int exitCode;

    Failure(int exitCode, String line, Throwable cause) {
        super(line, cause);
        this.exitCode = exitCode;
    }

    Failure(String line) {
        this(1, line, null);
    }

    Failure(String line, Throwable cause) {
        this(1, line, cause);
    }
}
