package dev.wharf.oci;

import dev.wharf.errors.WharfException;

/**
 * Why an OCI operation stopped, as one line for the user that names the reference or host, the step
 * and, where there is one, the remedy. {@link #reason()} lets callers and tests tell the cases apart
 * without matching on text.
 */
public final class OciException extends WharfException {

    public enum Reason {
        /** The reference text does not parse. */
        BAD_REFERENCE,
        /** No TCP/TLS conversation with the registry (refused, unresolvable, timed out, TLS failed). */
        UNREACHABLE,
        /** The registry wants credentials we lack, or rejected the ones we sent. */
        UNAUTHORIZED,
        /** The registry knows who we are but refuses the operation. */
        DENIED,
        /** Unknown repository, tag, manifest or blob. */
        NOT_FOUND,
        /** Something other than a wasm artifact, or a digest algorithm we do not handle. */
        UNSUPPORTED,
        /** Content that does not match its digest or declared size. */
        INTEGRITY,
        /** Plain HTTP to a host that is not loopback, without --insecure. */
        INSECURE,
        /** The registry answered something the distribution spec does not allow. */
        PROTOCOL,
        /** A local file could not be read or written. */
        LOCAL_IO,
    }

    private final Reason reason;

    public OciException(Reason reason, String line) {
        this(reason, line, null);
    }

    public OciException(Reason reason, String line, Throwable cause) {
        super(line, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
