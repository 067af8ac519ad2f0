package dev.wharf.manifest;

import java.util.Optional;

/**
 * How a trigger calls its component. WAGI runs the module's entrypoint (default {@code _start}) as a CGI
 * program per request; SPIN is Spin's own handler ABI and is the default when no executor is given.
 *
 * @param entrypoint WAGI only: the exported function to call instead of {@code _start}
 * @param argv WAGI only: the argv template (Spin's default is {@code "${SCRIPT_NAME} ${ARGS}"})
 */
public record Executor(Kind kind, Optional<String> entrypoint, Optional<String> argv) {
    public enum Kind {
        WAGI,
        SPIN
    }

    public static final Executor SPIN = new Executor(Kind.SPIN, Optional.empty(), Optional.empty());
    public static final Executor WAGI = new Executor(Kind.WAGI, Optional.empty(), Optional.empty());
}
