package dev.wharf.errors;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * An error a user can act on: one line naming what is wrong (and the remedy, where there is one), the exit code
 * the command ends with, and the context callers add on the way up. Every module's user-facing exceptions extend
 * this and keep their own typed fields (a byte offset, a file, a manifest line); the CLI renders all of them one
 * way, the outermost context first and this exception's line last, as wasmtime renders an error and its context:
 * {@code wharf: error: pulling 127.0.0.1:5000/tools/app:v1: manifest unknown ...}.
 *
 * <p>A caller that knows more about the step adds it with {@link #context(String)} and rethrows the same exception,
 * never a new one built from this one's message: the typed fields, the exit code and the cause stay intact.
 */
public class WharfException extends RuntimeException {
    /** Something failed: a bad file, an unreachable registry, a module that does not load. */
    public static final int EXIT_FAILURE = 1;

    /** The command line itself is wrong: a malformed argument, a missing option. */
    public static final int EXIT_USAGE = 2;

    // outermost first: a frame added further up the stack describes a wider step
    private final Deque<String> context = new ArrayDeque<>(2);
    private String remedy;
    private int exitCode;

    public WharfException(String line) {
        this(EXIT_FAILURE, line, null);
    }

    public WharfException(String line, Throwable cause) {
        this(EXIT_FAILURE, line, cause);
    }

    public WharfException(int exitCode, String line, Throwable cause) {
        super(line, cause);
        this.exitCode = exitCode;
    }

    /**
     * The problem itself, without context: one line. Subclasses that keep typed fields may compose it from them
     * (the message given to the constructor is then theirs to use or ignore).
     */
    public String line() {
        return super.getMessage();
    }

    /** What the command exits with when this reaches the top: {@link #EXIT_FAILURE} unless the thrower said otherwise. */
    public final int exitCode() {
        return exitCode;
    }

    /** The context frames, outermost first. */
    public final List<String> context() {
        return List.copyOf(context);
    }

    /**
     * Records what the caller was doing when this happened (e.g. {@code "pulling " + ref}) and returns this
     * exception, to be rethrown: {@code throw e.context("build")}. A frame added later, further up, comes first.
     */
    public final WharfException context(String frame) {
        if (frame != null && !frame.isBlank()) {
            context.addFirst(frame);
        }
        return this;
    }

    /**
     * Adds what the user can do about it, when the caller knows and the thrower could not (e.g. that `wharf up
     * --build` makes the missing file), and returns this exception to be rethrown. It is shown after the line, in
     * parentheses; a second one is joined to the first.
     */
    public final WharfException remedy(String text) {
        if (text != null && !text.isBlank()) {
            remedy = remedy == null ? text : remedy + "; " + text;
        }
        return this;
    }

    /** The remedies callers added, or null. */
    public final String remedy() {
        return remedy;
    }

    /**
     * Sets the exit code and returns this exception, for a caller that knows better than the thrower what the
     * problem is to the user: a reference that does not parse is a usage error when the user typed it as an
     * argument, but not when a registry sent it.
     */
    public final WharfException withExitCode(int code) {
        this.exitCode = code;
        return this;
    }

    /**
     * The whole line a user sees after {@code wharf: error: }: the context, outermost first, then {@link #line()},
     * then any remedy a caller added.
     */
    @Override
    public final String getMessage() {
        String message = context.isEmpty() ? line() : String.join(": ", context) + ": " + line();
        return remedy == null ? message : message + " (" + remedy + ")";
    }
}
