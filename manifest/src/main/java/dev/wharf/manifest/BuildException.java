package dev.wharf.manifest;

import dev.wharf.errors.WharfException;

/** A component's build command failed or could not start; the message is one line naming the component. */
public final class BuildException extends WharfException {
    private final String componentId;
    private final int commandExitCode;

    BuildException(String componentId, int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.componentId = componentId;
        this.commandExitCode = exitCode;
    }

    public String componentId() {
        return componentId;
    }

    /** The build command's exit code, or -1 when it could not be started. */
    public int commandExitCode() {
        return commandExitCode;
    }
}
