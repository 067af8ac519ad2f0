package dev.wharf.manifest;

/** A component's build command failed or could not start; the message is one line naming the component. */
public final class BuildException extends RuntimeException {
    private final String componentId;
    private final int exitCode;

    BuildException(String componentId, int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.componentId = componentId;
        this.exitCode = exitCode;
    }

    public String componentId() {
        return componentId;
    }

    /** The command's exit code, or -1 when it could not be started. */
    public int exitCode() {
        return exitCode;
    }
}
