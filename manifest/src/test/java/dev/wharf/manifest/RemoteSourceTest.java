package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** source = { url, digest }: downloaded into the app's cache directory and checked against the digest. */
class RemoteSourceTest {
    @TempDir
    Path tmp;

    private final byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0, 0, 4, 'n', 'a', 'm', 'e'};

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private String manifest(String url, String digest) {
        return """
                spin_manifest_version = 2
                [application]
                name = "Remote App"
                [[trigger.http]]
                route = "/..."
                component = "api"
                [component.api]
                source = { url = "%s", digest = "%s" }
                """.formatted(url, digest);
    }

    private Path cacheRoot() {
        return tmp.resolve("cache");
    }

    private LoadResult load(String manifestText) {
        var dir = new AppDir(tmp.resolve("app"));
        return AppLoader.load(dir.manifest(manifestText), AppLoader.Mode.RUN, cacheRoot());
    }

    @Test
    void aFileUrlIsCopiedIntoTheAppCacheWhenTheDigestMatches() throws Exception {
        var remote = tmp.resolve("published/api.wasm");
        Files.createDirectories(remote.getParent());
        Files.write(remote, module);
        var digest = sha256(module);
        var component = load(manifest(remote.toUri().toString(), digest))
                .app()
                .components()
                .get("api");
        assertEquals(Optional.of(new RemoteSource(remote.toUri(), digest)), component.remote());
        assertEquals(
                cacheRoot().resolve("apps/remote-app/" + digest.replace(':', '-') + ".wasm"), component.sourcePath());
        assertArrayEquals(module, Files.readAllBytes(component.sourcePath()));
    }

    @Test
    void aDigestMismatchIsAnErrorNamingTheComponent() throws Exception {
        var remote = tmp.resolve("api.wasm");
        Files.write(remote, module);
        var wrong = sha256(new byte[] {1, 2, 3});
        var e = assertThrows(
                ManifestException.class, () -> load(manifest(remote.toUri().toString(), wrong)));
        assertEquals(
                tmp.resolve("app/spin.toml") + ":8: [component.api] source: digest mismatch for " + remote.toUri()
                        + ": the manifest says " + wrong + " but the file is " + sha256(module),
                e.getMessage());
        assertEquals("component.api.source", e.key());
        try (var left = Files.list(cacheRoot().resolve("apps/remote-app"))) {
            assertEquals(0, left.count(), "nothing unverified stays in the cache");
        }
    }

    @Test
    void anHttpUrlIsDownloadedOnceAndThenServedFromTheCache() throws Exception {
        var requests = new AtomicInteger();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/modules/api.wasm", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, module.length);
            try (var out = exchange.getResponseBody()) {
                out.write(module);
            }
        });
        server.createContext("/missing.wasm", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        var digest = sha256(module);
        try {
            var first = load(manifest(base + "/modules/api.wasm", digest))
                    .app()
                    .components()
                    .get("api");
            assertArrayEquals(module, Files.readAllBytes(first.sourcePath()));
            assertEquals(1, requests.get());

            var e = assertThrows(
                    ManifestException.class, () -> load(manifest(base + "/missing.wasm", sha256(new byte[] {9}))));
            assertTrue(
                    e.getMessage()
                            .endsWith("[component.api] source: cannot download " + base + "/missing.wasm: HTTP 404"),
                    e.getMessage());
        } finally {
            server.stop(0);
        }
        // the server is gone: the verified copy in the cache is used
        var again = load(manifest(base + "/modules/api.wasm", digest))
                .app()
                .components()
                .get("api");
        assertArrayEquals(module, Files.readAllBytes(again.sourcePath()));
        assertEquals(1, requests.get());
    }

    @Test
    void aCorruptedCacheEntryIsFetchedAgain() throws Exception {
        var remote = tmp.resolve("api.wasm");
        Files.write(remote, module);
        var digest = sha256(module);
        var path = load(manifest(remote.toUri().toString(), digest))
                .app()
                .components()
                .get("api")
                .sourcePath();
        Files.write(path, new byte[] {0, 0});
        load(manifest(remote.toUri().toString(), digest));
        assertArrayEquals(module, Files.readAllBytes(path));
    }

    @Test
    void unsupportedSchemesAreRefused() throws Exception {
        var e = assertThrows(ManifestException.class, () -> load(manifest("ftp://example.com/a.wasm", sha256(module))));
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "[component.api] source: cannot download ftp://example.com/a.wasm: only file://, http:// and https:// URLs are supported"),
                e.getMessage());
        assertEquals(URI.create("ftp://example.com/a.wasm").getScheme(), "ftp");
    }
}
