package dev.wharf.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;

/**
 * A blob's bytes as the registry sends them, hashed and counted as they are read: the read that brings more
 * bytes than the descriptor declares fails, and so does the end of the stream unless the size and digest match.
 * A reader that saw the end (-1) holds verified bytes; one that caught an exception holds bytes it must drop.
 * Network failures surface as {@link OciException} too, so a reader's own {@link IOException}s are its own.
 */
final class VerifyingStream extends FilterInputStream {
    private final Digest expected;
    private final long size;
    private final String what;
    private final URI uri;
    private final Progress progress;
    private final MessageDigest md = Digest.newSha256();
    private long total;
    private boolean verified;

    VerifyingStream(InputStream in, Digest expected, long size, String what, URI uri, Progress progress) {
        super(in);
        this.expected = expected;
        this.size = size;
        this.what = what;
        this.uri = uri;
        this.progress = progress;
    }

    Digest digest() {
        return expected;
    }

    /** True once the end was reached with the declared size and digest. */
    boolean verified() {
        return verified;
    }

    @Override
    public int read() throws IOException {
        var one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        int n;
        try {
            n = in.read(buf, off, len);
        } catch (IOException e) {
            throw Transport.ioFailure(uri, "GET " + what, e);
        }
        if (n < 0) {
            finish();
            return -1;
        }
        total += n;
        if (total > size) {
            throw new OciException(
                    OciException.Reason.INTEGRITY,
                    what + ": more than the " + size + " bytes its descriptor declares arrived; refused");
        }
        md.update(buf, off, n);
        progress.advance(n);
        return n;
    }

    private void finish() {
        if (verified) {
            return;
        }
        if (total != size) {
            throw new OciException(
                    OciException.Reason.INTEGRITY,
                    what + ": " + total + " bytes arrived but its descriptor declares " + size + "; refused");
        }
        var actual = Digest.of(md.digest());
        if (!actual.equals(expected)) {
            throw new OciException(
                    OciException.Reason.INTEGRITY,
                    what + ": content does not match its digest (expected " + expected + ", got " + actual
                            + "); refused");
        }
        verified = true;
    }

    /** Drops the rest of the body: the connection is not reused. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // a body we no longer want
        }
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("a verified blob is read, not skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
