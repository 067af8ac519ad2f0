package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Everything a pull must refuse, each with one line and nothing unverified left in the cache. */
class RefusalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static RegistryProcess registry;
    static OciClient.Pushed hello;
    static Path helloWasm;

    @BeforeAll
    static void startRegistryWithOneArtifact() throws Exception {
        registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")));
        helloWasm = TestFixtures.wasm("hello");
        hello = client("seed")
                .push(helloWasm, Reference.parse(registry.host() + "/refuse/hello:1"), MediaTypes.WASM_LAYER);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static OciClient client(String cache) {
        return new OciClient(OciClient.Settings.defaults()
                .withCacheRoot(dir.resolve(cache))
                .withDockerConfig(dir.resolve("none.json")));
    }

    private static OciException refused(OciException.Reason reason, Executable action) {
        var e = assertThrows(OciException.class, action);
        assertEquals(reason, e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    /** No blob under the digest's name and no temp file anywhere in the cache. */
    private static void assertNothingPartial(Path cache, Digest digest) throws IOException {
        assertFalse(Files.exists(cache.resolve("blobs/sha256/" + digest.hex())), "the refused blob was cached");
        if (Files.exists(cache)) {
            try (Stream<Path> files = Files.walk(cache)) {
                var temps = files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                        .toList();
                assertTrue(temps.isEmpty(), "temp files left: " + temps);
            }
        }
    }

    @Test
    void anUnknownTagOrRepositoryIsNamed() {
        var tag = refused(
                OciException.Reason.NOT_FOUND,
                () -> client("c").pull(Reference.parse(registry.host() + "/refuse/hello:nope")));
        assertTrue(
                tag.getMessage().contains("no manifest nope in " + registry.host() + "/refuse/hello"),
                tag.getMessage());
        assertTrue(tag.getMessage().contains("MANIFEST_UNKNOWN"), tag.getMessage());
        var repo = refused(
                OciException.Reason.NOT_FOUND,
                () -> client("c").pull(Reference.parse(registry.host() + "/refuse/absent:1")));
        assertTrue(
                repo.getMessage().contains("does not exist")
                        || repo.getMessage().contains("no manifest"),
                repo.getMessage());
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var e = refused(
                OciException.Reason.UNREACHABLE,
                () -> client("c").pull(Reference.parse("127.0.0.1:" + port + "/a/b:1")));
        assertTrue(e.getMessage().contains("cannot connect to 127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void aDockerImageOrAnImageWithoutWasmIsNotAWasmArtifact() throws Exception {
        var layer = Map.of(
                "mediaType",
                "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "digest",
                hello.layerDigest().toString(),
                "size",
                Files.size(helloWasm));
        var config = configDescriptor();
        var docker = JSON.writeValueAsBytes(Map.of(
                "schemaVersion",
                2,
                "mediaType",
                MediaTypes.DOCKER_MANIFEST,
                "config",
                Map.of(
                        "mediaType",
                        "application/vnd.docker.container.image.v1+json",
                        "digest",
                        config.get("digest"),
                        "size",
                        config.get("size")),
                "layers",
                List.of(layer)));
        assertEquals(201, putManifest("refuse/hello", "docker", MediaTypes.DOCKER_MANIFEST, docker));
        var e = refused(
                OciException.Reason.UNSUPPORTED,
                () -> client("c").pull(Reference.parse(registry.host() + "/refuse/hello:docker")));
        assertTrue(e.getMessage().contains("is a Docker container image"), e.getMessage());

        var image = JSON.writeValueAsBytes(Map.of(
                "schemaVersion",
                2,
                "mediaType",
                MediaTypes.OCI_MANIFEST,
                "config",
                Map.of(
                        "mediaType",
                        "application/vnd.oci.image.config.v1+json",
                        "digest",
                        config.get("digest"),
                        "size",
                        config.get("size")),
                "layers",
                List.of(Map.of(
                        "mediaType",
                        "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest",
                        hello.layerDigest().toString(),
                        "size",
                        Files.size(helloWasm)))));
        assertEquals(201, putManifest("refuse/hello", "image", MediaTypes.OCI_MANIFEST, image));
        var e2 = refused(
                OciException.Reason.UNSUPPORTED,
                () -> client("c").pull(Reference.parse(registry.host() + "/refuse/hello:image")));
        assertTrue(
                e2.getMessage()
                        .contains("has no wasm layer (layer types: application/vnd.oci.image.layer.v1.tar+gzip)"),
                e2.getMessage());
    }

    @Test
    void aManifestOfAnUnknownMediaTypeIsRefused() throws Exception {
        var body = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.thing.v1+json\"}".getBytes();
        try (var liar = LyingServer.proxy(
                registry.host(),
                answer -> answer.pathAndQuery().contains("/manifests/")
                        ? answer.withStatus(
                                200, Map.of("Content-Type", List.of("application/vnd.example.thing.v1+json")), body)
                        : answer)) {
            var e = refused(
                    OciException.Reason.UNSUPPORTED,
                    () -> client("c").pull(Reference.parse(liar.host() + "/refuse/hello:1")));
            assertTrue(
                    e.getMessage().contains("unexpected manifest media type application/vnd.example.thing.v1+json"),
                    e.getMessage());
        }
    }

    @Test
    void aTamperedBlobIsRefusedAndNotCached() throws Exception {
        var cache = dir.resolve("tampered-blob");
        try (var liar = LyingServer.proxy(registry.host(), answer -> {
            if (answer.method().equals("GET") && answer.pathAndQuery().endsWith("/blobs/" + hello.layerDigest())) {
                var bytes = answer.body().clone();
                bytes[bytes.length / 2] ^= 0x01;
                return answer.withBody(bytes);
            }
            return answer;
        })) {
            var e = refused(
                    OciException.Reason.INTEGRITY,
                    () -> client(cache.getFileName().toString())
                            .pull(Reference.parse(liar.host() + "/refuse/hello:1")));
            assertTrue(
                    e.getMessage().contains("does not match its digest (expected " + hello.layerDigest()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            assertTrue(
                    liar.requests().contains("GET /v2/refuse/hello/blobs/" + hello.layerDigest()),
                    "the lie was served: " + liar.requests());
        }
        assertNothingPartial(cache, hello.layerDigest());
    }

    @Test
    void aBlobLongerThanItsDescriptorIsCutOffAndRefused() throws Exception {
        var cache = dir.resolve("long-blob");
        try (var liar = LyingServer.proxy(
                registry.host(),
                answer -> answer.method().equals("GET") && answer.pathAndQuery().contains("/blobs/")
                        ? answer.withBody(Arrays.copyOf(answer.body(), answer.body().length + 1_000_000))
                        : answer)) {
            var e = refused(
                    OciException.Reason.INTEGRITY,
                    () -> client(cache.getFileName().toString())
                            .pull(Reference.parse(liar.host() + "/refuse/hello:1")));
            assertTrue(e.getMessage().contains("more than the " + Files.size(helloWasm) + " bytes"), e.getMessage());
        }
        assertNothingPartial(cache, hello.layerDigest());
    }

    @Test
    void aTamperedManifestIsRefusedByDigestAndByTheRegistrysClaim() throws Exception {
        var cache = dir.resolve("tampered-manifest");
        try (var liar = LyingServer.proxy(
                registry.host(),
                answer -> answer.pathAndQuery().contains("/manifests/")
                        ? answer.withBody(new String(answer.body())
                                .replace("hello.wasm", "hellO.wasm")
                                .getBytes())
                        : answer)) {
            var byDigest = Reference.parse(liar.host() + "/refuse/hello@" + hello.manifestDigest());
            var e = refused(
                    OciException.Reason.INTEGRITY,
                    () -> client(cache.getFileName().toString()).pull(byDigest));
            assertTrue(
                    e.getMessage().contains("does not match its digest (expected " + hello.manifestDigest()),
                    e.getMessage());

            var byTag = Reference.parse(liar.host() + "/refuse/hello:1");
            var e2 = refused(
                    OciException.Reason.INTEGRITY,
                    () -> client(cache.getFileName().toString()).pull(byTag));
            assertTrue(e2.getMessage().contains("Docker-Content-Digest " + hello.manifestDigest()), e2.getMessage());
        }
        assertNothingPartial(cache, hello.manifestDigest());
        assertNothingPartial(cache, hello.layerDigest());
        if (Files.exists(cache)) {
            try (var files = Files.walk(cache)) {
                assertTrue(files.noneMatch(Files::isRegularFile), "nothing at all was cached");
            }
        }
    }

    @Test
    void plainHttpToANonLoopbackHostIsRefusedBeforeAnyByteIsSent() throws Exception {
        var address = Loopless.localNonLoopbackAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        try (var witness = Loopless.listen(address.get())) {
            var target = "http://" + witness.host() + "/stolen-blob";
            LyingServer.Lie redirectBlobs = answer ->
                    answer.method().equals("GET") && answer.pathAndQuery().contains("/blobs/")
                            ? answer.withStatus(307, Map.of("Location", List.of(target)), new byte[0])
                            : answer;
            try (var liar = LyingServer.proxy(registry.host(), redirectBlobs)) {
                var ref = Reference.parse(liar.host() + "/refuse/hello:1");
                var e = refused(
                        OciException.Reason.INSECURE, () -> client("redirect").pull(ref));
                assertTrue(e.getMessage().startsWith("refusing plain HTTP to " + witness.host()), e.getMessage());
                assertTrue(e.getMessage().contains("pass --insecure"), e.getMessage());
                assertEquals(0, witness.connections(), "a connection reached the non-loopback host");

                // the control: with --insecure the same redirect is followed, so the witness can see traffic
                var insecure = new OciClient(OciClient.Settings.defaults()
                        .withInsecure(true)
                        .withTimeout(Duration.ofSeconds(5))
                        .withCacheRoot(dir.resolve("redirect-insecure"))
                        .withDockerConfig(dir.resolve("none.json")));
                assertThrows(OciException.class, () -> insecure.pull(ref));
                assertTrue(witness.connections() >= 1, "the control request never arrived: the witness is blind");
                assertTrue(new String(witness.firstBytes().get(0)).startsWith("GET /stolen-blob"));
            }

            // without --insecure a bare non-loopback host is spoken to over TLS only: no plain HTTP request reaches it
            int before = witness.connections();
            var e = refused(
                    OciException.Reason.UNREACHABLE,
                    () -> client("tls").pull(Reference.parse(witness.host() + "/a/b:1")));
            assertTrue(e.getMessage().contains("TLS with " + witness.host() + " failed"), e.getMessage());
            assertTrue(e.getMessage().contains("pass --insecure"), e.getMessage());
            for (var first : witness.firstBytes().subList(before, witness.connections())) {
                assertTrue(first.length == 0 || first[0] == 0x16, "not a TLS handshake: " + new String(first));
            }
        }
    }

    @Test
    void withInsecureAPlainHttpRegistryOnANonLoopbackAddressWorks() throws Exception {
        var address = Loopless.localNonLoopbackAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        try (var remote = RegistryProcess.start(
                Files.createDirectories(dir.resolve("remote")), address.get().getHostAddress(), "")) {
            var ref = Reference.parse(remote.host() + "/far/hello:1");
            var settings = OciClient.Settings.defaults().withInsecure(true).withDockerConfig(dir.resolve("none.json"));
            new OciClient(settings.withCacheRoot(dir.resolve("far-push"))).push(helloWasm, ref, MediaTypes.WASM_LAYER);
            var pulled = new OciClient(settings.withCacheRoot(dir.resolve("far-pull"))).pull(ref);
            assertArrayEquals(Files.readAllBytes(helloWasm), Files.readAllBytes(pulled.wasm()));

            var refusedPush = refused(
                    OciException.Reason.UNREACHABLE,
                    () -> client("far-secure")
                            .push(helloWasm, Reference.parse(remote.host() + "/far/other:1"), MediaTypes.WASM_LAYER));
            assertTrue(refusedPush.getMessage().contains("pass --insecure"), refusedPush.getMessage());
            assertTrue(
                    remote.requests("[A-Z]+", "/v2/far/other[^ ]*").isEmpty(),
                    "a plain HTTP request reached the registry");
        }
    }

    @Test
    void aCorruptedCacheEntryIsDroppedAndFetchedAgain() throws Exception {
        var cache = dir.resolve("corrupt");
        var client = client(cache.getFileName().toString());
        var ref = Reference.parse(registry.host() + "/refuse/hello:1");
        var first = client.pull(ref);
        var bytes = Files.readAllBytes(first.wasm());
        bytes[10] ^= 0x55;
        Files.write(first.wasm(), bytes);
        var second = client.pull(ref);
        assertEquals(1, second.blobsFetched(), "the altered file was not trusted");
        assertArrayEquals(Files.readAllBytes(helloWasm), Files.readAllBytes(second.wasm()));
    }

    private static Map<String, Object> configDescriptor() throws IOException {
        var seed = dir.resolve("seed");
        // the config Wharf pushed is in the registry; find its descriptor through the manifest we cached
        var manifestPath = seed.resolve("blobs/sha256/" + hello.manifestDigest().hex());
        if (!Files.exists(manifestPath)) {
            client("seed").pull(Reference.parse(registry.host() + "/refuse/hello:1"));
        }
        var config = JSON.readTree(manifestPath.toFile()).path("config");
        return Map.of(
                "digest",
                config.path("digest").asText(),
                "size",
                config.path("size").asLong());
    }

    private static int putManifest(String repository, String tag, String mediaType, byte[] body) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(
                            URI.create("http://" + registry.host() + "/v2/" + repository + "/manifests/" + tag))
                    .header("Content-Type", mediaType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
