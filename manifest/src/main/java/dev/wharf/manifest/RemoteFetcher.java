package dev.wharf.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings a {@code source = { url, digest }} module into the app's cache directory, named by its digest,
 * and refuses it unless its sha256 matches. A cached copy is re-hashed before reuse, so a corrupted cache
 * is fetched again rather than trusted.
 */
final class RemoteFetcher {
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    // components are wasm modules; anything past this is a wrong URL, not a module
    static final long MAX_BYTES = 512L * 1024 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private RemoteFetcher() {}

    /** Thrown with a reason that the loader turns into a manifest error naming the component. */
    static final class FetchException extends Exception {
        FetchException(String message, Throwable cause) {
            super(message, cause);
        }

        FetchException(String message) {
            super(message);
        }
    }

    static Path cachedPath(Path cacheDir, String digest) {
        return cacheDir.resolve(digest.replace(':', '-') + ".wasm");
    }

    static Path fetch(RemoteSource source, Path cacheDir) throws FetchException {
        var target = cachedPath(cacheDir, source.digest());
        try {
            if (Files.isRegularFile(target) && source.digest().equals(sha256(target))) {
                return target;
            }
            Files.createDirectories(cacheDir);
            var partial = Files.createTempFile(cacheDir, "download-", ".part");
            try {
                String actual;
                try (var in = open(source.url());
                        var out = Files.newOutputStream(partial)) {
                    actual = copyHashing(in, out, source.url());
                }
                if (!actual.equals(source.digest())) {
                    throw new FetchException("digest mismatch for " + source.url() + ": the manifest says "
                            + source.digest() + " but the file is " + actual);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new FetchException("cannot download " + source.url() + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(URI url) throws IOException, FetchException {
        var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                return Files.newInputStream(Path.of(url));
            }
            case "http", "https" -> {
                var client = HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
                var request = HttpRequest.newBuilder(url)
                        .timeout(REQUEST_TIMEOUT)
                        .GET()
                        .build();
                try {
                    var response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() != 200) {
                        response.body().close();
                        throw new FetchException("cannot download " + url + ": HTTP " + response.statusCode());
                    }
                    return response.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            default ->
                throw new FetchException(
                        "cannot download " + url + ": only file://, http:// and https:// URLs are supported");
        }
    }

    private static String copyHashing(InputStream in, OutputStream out, URI url) throws IOException, FetchException {
        var digest = sha256Digest();
        var buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > MAX_BYTES) {
                throw new FetchException("cannot download " + url + ": larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(Path file) throws IOException {
        var digest = sha256Digest();
        try (var in = Files.newInputStream(file)) {
            var buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
