package dev.wharf.oci;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI distribution API of one registry, over a {@link Transport}: manifests (head, get, put) and blobs (head,
 * get verified while it streams, push with skip, mount and chunks). It knows nothing of wasm, apps or caches: each
 * method is one API request (plus the transport's probe and auth), and what it hands back has been checked against
 * the digest it was asked for or the registry claims. {@link OciClient} holds the artifact rules above it.
 */
final class Registry implements AutoCloseable {
    /** The manifest bytes as the registry sent them, their digest, and the Content-Type it gave them. */
    record Manifest(Digest digest, String contentType, byte[] bytes) {}

    /** What a HEAD says about a manifest without sending it. */
    record ManifestHead(Digest digest, String contentType) {}

    /** How a blob came to be in the repository. */
    enum BlobPush {
        /** Its bytes were sent. */
        UPLOADED,
        /** Mounted from another repository of the same registry. */
        MOUNTED,
        /** It was there already. */
        SKIPPED
    }

    private final Transport transport;
    private final long chunkSize;

    Registry(Transport transport, long chunkSize) {
        this.transport = transport;
        this.chunkSize = chunkSize;
    }

    /** The registry as references name it (`127.0.0.1:5000`, `docker.io`). */
    String host() {
        return transport.registry;
    }

    /** Requests sent so far, probes and token fetches included. */
    long requestCount() {
        return transport.requestCount.get();
    }

    private static List<String> pullScope(String repository) {
        return List.of(Transport.scope(repository, "pull"));
    }

    private static List<String> pushScope(String repository) {
        return List.of(Transport.scope(repository, "pull,push"));
    }

    private URI manifestUrl(String repository, String tagOrDigest) {
        return transport.url("/v2/" + repository + "/manifests/" + tagOrDigest);
    }

    private URI blobUrl(String repository, Digest digest) {
        return transport.url("/v2/" + repository + "/blobs/" + digest);
    }

    /**
     * `HEAD /v2/<name>/manifests/<ref>`: the digest the tag names now, without the body. Empty when the registry
     * has no such manifest or does not say its digest; a GET then gets the registry's own words for why.
     */
    Optional<ManifestHead> headManifest(String repository, String tagOrDigest, String what) {
        var call = new Transport.Call(
                "HEAD",
                manifestUrl(repository, tagOrDigest),
                Map.of("Accept", MediaTypes.MANIFEST_ACCEPT),
                HttpRequest.BodyPublishers.noBody(),
                pullScope(repository),
                "HEAD " + what);
        try (var r = transport.send(call)) {
            if (r.status == 404) {
                return Optional.empty();
            }
            if (!r.ok()) {
                throw transport.statusFailure(r, "HEAD " + what);
            }
            Digest digest;
            try {
                digest = r.header("Docker-Content-Digest")
                        .map(String::strip)
                        .map(Digest::parse)
                        .orElse(null);
            } catch (OciException e) {
                // an odd header only costs the caller a GET
                digest = null;
            }
            return digest == null
                    ? Optional.empty()
                    : Optional.of(
                            new ManifestHead(digest, r.header("Content-Type").orElse(null)));
        }
    }

    /**
     * `GET /v2/<name>/manifests/<ref>` with the OCI and Docker Accept types (registry 2.8 answers 404 without them).
     * The bytes must hash to {@code expected} when it is given, else to the Docker-Content-Digest the registry
     * claims, if it claims one.
     */
    Manifest getManifest(String repository, String tagOrDigest, Digest expected, String what) {
        var call = Transport.Call.get(
                manifestUrl(repository, tagOrDigest),
                pullScope(repository),
                "GET " + what,
                Map.of("Accept", MediaTypes.MANIFEST_ACCEPT));
        try (var r = transport.send(call)) {
            if (r.status == 404) {
                var detail = Transport.registryError(r.prefix(64 * 1024));
                if (detail.startsWith("NAME_UNKNOWN")) {
                    throw new OciException(
                            OciException.Reason.NOT_FOUND,
                            "repository " + repository + " does not exist on " + host() + " (" + what + ")");
                }
                throw new OciException(
                        OciException.Reason.NOT_FOUND,
                        "no manifest " + tagOrDigest + " in " + host() + "/" + repository + " ("
                                + (detail.isEmpty() ? "HTTP 404" : detail) + "); check the tag");
            }
            if (!r.ok()) {
                throw transport.statusFailure(r, "GET " + what);
            }
            var contentType = r.header("Content-Type").orElse(null);
            var bytes = r.bytes(ManifestDocument.MAX_BYTES, what);
            var actual = Digest.sha256(bytes);
            if (expected != null && !actual.equals(expected)) {
                throw new OciException(
                        OciException.Reason.INTEGRITY,
                        what + ": content does not match its digest (expected " + expected + ", got " + actual
                                + "); refused");
            }
            var claimed = r.header("Docker-Content-Digest").map(String::strip).orElse(null);
            if (expected == null && claimed != null && !claimed.equals(actual.toString())) {
                throw new OciException(
                        OciException.Reason.INTEGRITY,
                        what + ": content does not match the digest the registry claims (Docker-Content-Digest "
                                + claimed + ", got " + actual + "); refused");
            }
            return new Manifest(actual, contentType, bytes);
        }
    }

    /** `PUT /v2/<name>/manifests/<ref>`; a registry that stores another digest than the bytes have is refused. */
    void putManifest(String repository, String tagOrDigest, String mediaType, byte[] bytes, String what) {
        var digest = Digest.sha256(bytes);
        var call = new Transport.Call(
                "PUT",
                manifestUrl(repository, tagOrDigest),
                Map.of("Content-Type", mediaType),
                HttpRequest.BodyPublishers.ofByteArray(bytes),
                pushScope(repository),
                "PUT " + what);
        try (var r = transport.send(call)) {
            if (!r.ok()) {
                throw transport.statusFailure(r, "PUT " + what);
            }
            var claimed = r.header("Docker-Content-Digest").map(String::strip).orElse(null);
            if (claimed != null && !claimed.equals(digest.toString())) {
                throw new OciException(
                        OciException.Reason.INTEGRITY,
                        "PUT " + what + ": the registry stored digest " + claimed + " but the manifest sent has "
                                + digest);
            }
        }
    }

    /**
     * `GET /v2/<name>/blobs/<digest>`, redirects followed: the body as a stream that verifies the size and digest
     * as it is read. The caller closes it.
     */
    VerifyingStream openBlob(String repository, Digest digest, long size, String what, Progress progress) {
        var uri = blobUrl(repository, digest);
        var r = transport.send(Transport.Call.get(uri, pullScope(repository), "GET " + what, Map.of()));
        if (r.status == 404) {
            r.close();
            throw new OciException(
                    OciException.Reason.NOT_FOUND,
                    host() + "/" + repository + " has no blob " + digest + " (" + what
                            + "), though a manifest names it; push the artifact again");
        }
        if (!r.ok()) {
            try (r) {
                throw transport.statusFailure(r, "GET " + what);
            }
        }
        return new VerifyingStream(r.body(), digest, size, what, r.uri, progress);
    }

    /**
     * Puts a blob in {@code repository}: nothing is sent when it is there already (HEAD), it is mounted when one
     * of {@code mountFrom} (repositories of this registry) has it, else uploaded: in one PUT, or in PATCH chunks
     * when larger than the chunk size.
     */
    BlobPush pushBlob(
            String repository,
            Descriptor blob,
            BlobSource source,
            List<String> mountFrom,
            Progress.Factory progress,
            String what) {
        var label = what + " " + blob.digest().shortHex();
        var scopes = pushScope(repository);
        try (var r = transport.send(new Transport.Call(
                "HEAD",
                blobUrl(repository, blob.digest()),
                Map.of(),
                HttpRequest.BodyPublishers.noBody(),
                scopes,
                "HEAD " + label))) {
            if (r.ok()) {
                return BlobPush.SKIPPED;
            }
            if (r.status != 404) {
                throw transport.statusFailure(r, "HEAD " + label);
            }
        }
        URI location = null;
        for (var from : mountFrom) {
            var uri = transport.url("/v2/" + repository + "/blobs/uploads/?mount=" + blob.digest() + "&from="
                    + URLEncoder.encode(from, StandardCharsets.UTF_8));
            var mountScopes = List.of(Transport.scope(repository, "pull,push"), Transport.scope(from, "pull"));
            try (var r = transport.send(new Transport.Call(
                    "POST",
                    uri,
                    Map.of(),
                    HttpRequest.BodyPublishers.noBody(),
                    mountScopes,
                    "mount " + label + " from " + from))) {
                if (r.status == 201) {
                    return BlobPush.MOUNTED;
                }
                if (r.status == 202 && r.header("Location").isPresent()) {
                    // the registry declined the mount and opened an upload instead: use it
                    location = r.uri.resolve(r.header("Location").get());
                    break;
                }
            } catch (OciException e) {
                if (e.reason() != OciException.Reason.UNAUTHORIZED && e.reason() != OciException.Reason.DENIED) {
                    throw e;
                }
                // no read access to the other repository: upload instead
            }
        }
        if (location == null) {
            location = startUpload(repository, scopes, label);
        }
        long size = blob.size();
        try (var bar = progress.start("push " + label, size)) {
            if (size > chunkSize) {
                location = uploadChunks(location, source, size, scopes, label, bar);
                finishUpload(location, blob.digest(), HttpRequest.BodyPublishers.noBody(), scopes, label);
            } else {
                finishUpload(location, blob.digest(), source.publisher(size, bar), scopes, label);
            }
        }
        return BlobPush.UPLOADED;
    }

    private URI startUpload(String repository, List<String> scopes, String label) {
        var uri = transport.url("/v2/" + repository + "/blobs/uploads/");
        var step = "start upload of " + label;
        try (var r = transport.send(
                new Transport.Call("POST", uri, Map.of(), HttpRequest.BodyPublishers.noBody(), scopes, step))) {
            if (r.status != 202) {
                throw transport.statusFailure(r, step);
            }
            return r.uri.resolve(r.header("Location")
                    .orElseThrow(() -> new OciException(
                            OciException.Reason.PROTOCOL, host() + ": " + step + " answered 202 without a Location")));
        }
    }

    /** PATCHes the blob in chunks; each answer carries the next upload Location. */
    private URI uploadChunks(
            URI location, BlobSource source, long size, List<String> scopes, String label, Progress progress) {
        for (long offset = 0; offset < size; offset += chunkSize) {
            int length = (int) Math.min(chunkSize, size - offset);
            var bytes = source.slice(offset, length);
            long last = offset + length - 1;
            var step = "upload " + label + " bytes " + offset + "-" + last;
            var call = new Transport.Call(
                    "PATCH",
                    location,
                    Map.of("Content-Type", "application/octet-stream", "Content-Range", offset + "-" + last),
                    HttpRequest.BodyPublishers.ofByteArray(bytes),
                    scopes,
                    step);
            try (var r = transport.send(call)) {
                if (r.status != 202) {
                    throw transport.statusFailure(r, step);
                }
                var range = r.header("Range").orElse(null);
                if (range != null && !range.equals("0-" + last)) {
                    throw new OciException(
                            OciException.Reason.PROTOCOL,
                            host() + ": " + step + ": the registry has range " + range + ", expected 0-" + last);
                }
                location = r.uri.resolve(r.header("Location")
                        .orElseThrow(() -> new OciException(
                                OciException.Reason.PROTOCOL,
                                host() + ": " + step + " answered 202 without a Location")));
            }
            progress.advance(length);
        }
        return location;
    }

    /** `PUT <location>&digest=...`; registry 2.8 wants Content-Type application/octet-stream here. */
    private void finishUpload(
            URI location, Digest digest, HttpRequest.BodyPublisher body, List<String> scopes, String label) {
        var sep = location.getRawQuery() == null ? "?" : "&";
        var uri = URI.create(location + sep + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
        var step = "upload " + label;
        var call =
                new Transport.Call("PUT", uri, Map.of("Content-Type", "application/octet-stream"), body, scopes, step);
        try (var r = transport.send(call)) {
            if (r.status == 201 || r.status == 204) {
                return;
            }
            if (r.status == 400) {
                var detail = Transport.registryError(r.prefix(64 * 1024));
                if (detail.startsWith("DIGEST_INVALID")) {
                    throw new OciException(
                            OciException.Reason.INTEGRITY,
                            host() + ": " + step + ": the registry computed another digest for the bytes sent ("
                                    + detail + ")");
                }
                throw new OciException(
                        OciException.Reason.PROTOCOL,
                        host() + ": " + step + " failed: HTTP 400" + (detail.isEmpty() ? "" : " (" + detail + ")"));
            }
            throw transport.statusFailure(r, step);
        }
    }

    /** `GET /v2/` answered with the transport's credentials: what `docker login` checks. */
    void checkCredentials() {
        var step = "login to " + host();
        try (var r = transport.send(Transport.Call.get(transport.url("/v2/"), List.of(), step, Map.of()))) {
            if (!r.ok()) {
                throw transport.statusFailure(r, step);
            }
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
