package dev.wharf.oci;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A registry answer whose body is still unread: callers stream it, read a bounded prefix, or drop it. */
final class Response implements AutoCloseable {
    final int status;
    final HttpHeaders headers;
    final URI uri;
    private final InputStream body;

    Response(int status, HttpHeaders headers, URI uri, InputStream body) {
        this.status = status;
        this.headers = headers;
        this.uri = uri;
        this.body = body;
    }

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The declared Content-Length, or -1. */
    long contentLength() {
        return headers.firstValueAsLong("Content-Length").orElse(-1);
    }

    InputStream body() {
        return body;
    }

    /**
     * The whole body, refusing more than {@code limit} bytes: a registry (or something posing as one)
     * must not make us buffer without bound.
     */
    byte[] bytes(int limit, String what) {
        try (body) {
            var bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new OciException(
                        OciException.Reason.PROTOCOL, what + " is larger than " + limit + " bytes; refusing it");
            }
            return bytes;
        } catch (IOException e) {
            throw Transport.ioFailure(uri, what, e);
        }
    }

    /** Up to {@code limit} bytes of the body, for error messages; never fails. */
    String prefix(int limit) {
        try (body) {
            return new String(body.readNBytes(limit), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // a body we no longer want; the connection is simply not reused
        }
    }
}
