package dev.wharf.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo (containers/image, an independent OCI client) reads what Wharf pushes, and Wharf reads what skopeo pushes. */
class SkopeoInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static RegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static OciClient client(String cacheName) {
        return new OciClient(OciClient.Settings.defaults()
                .withCacheRoot(dir.resolve(cacheName))
                .withDockerConfig(dir.resolve("none.json")));
    }

    @Test
    void skopeoCopiesWhatWharfPushedIntact() throws Exception {
        var wasm = TestFixtures.wasm("hello");
        var pushed = client("push")
                .push(wasm, Reference.parse(registry.host() + "/interop/from-wharf:1"), MediaTypes.WASM_LAYER);

        var layout = dir.resolve("skopeo-out");
        skopeo(
                "copy",
                "--src-tls-verify=false",
                "docker://" + registry.host() + "/interop/from-wharf:1",
                "oci:" + layout + ":1");

        var index = JSON.readTree(layout.resolve("index.json").toFile());
        var manifestDigest =
                Digest.parse(index.path("manifests").get(0).path("digest").asText());
        assertEquals(pushed.manifestDigest(), manifestDigest, "skopeo kept the manifest byte for byte");
        var manifestBytes = Files.readAllBytes(blob(layout, manifestDigest));
        assertEquals(manifestDigest, Digest.sha256(manifestBytes));
        var manifest = JSON.readTree(manifestBytes);
        assertEquals(MediaTypes.WASM_CONFIG, manifest.path("artifactType").asText());
        var layer = manifest.path("layers").get(0);
        assertEquals(MediaTypes.WASM_LAYER, layer.path("mediaType").asText());
        assertArrayEquals(
                Files.readAllBytes(wasm),
                Files.readAllBytes(
                        blob(layout, Digest.parse(layer.path("digest").asText()))));
        var config = JSON.readTree(
                blob(layout, Digest.parse(manifest.path("config").path("digest").asText()))
                        .toFile());
        assertEquals("wasm", config.path("architecture").asText());
    }

    @Test
    void wharfPullsWhatSkopeoPushedFromAHandMadeLayout() throws Exception {
        var wasm = TestFixtures.wasm("traps");
        var wasmBytes = Files.readAllBytes(wasm);
        var layout = dir.resolve("hand-made");
        var layerDigest = writeBlob(layout, wasmBytes);
        var config = ManifestDocument.wasmConfig(Instant.parse("2025-01-02T03:04:05Z"), "wasip1", layerDigest);
        var configDigest = writeBlob(layout, config);
        // written as a third party would, not through Wharf's own manifest writer
        var manifest = JSON.writeValueAsBytes(Map.of(
                "schemaVersion",
                2,
                "mediaType",
                MediaTypes.OCI_MANIFEST,
                "artifactType",
                MediaTypes.WASM_CONFIG,
                "config",
                Map.of("mediaType", MediaTypes.WASM_CONFIG, "digest", configDigest.toString(), "size", config.length),
                "layers",
                List.of(Map.of(
                        "mediaType",
                        MediaTypes.RUNWASI_LAYER,
                        "digest",
                        layerDigest.toString(),
                        "size",
                        wasmBytes.length))));
        var manifestDigest = writeBlob(layout, manifest);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.write(
                layout.resolve("index.json"),
                JSON.writeValueAsBytes(Map.of(
                        "schemaVersion",
                        2,
                        "manifests",
                        List.of(Map.of(
                                "mediaType",
                                MediaTypes.OCI_MANIFEST,
                                "digest",
                                manifestDigest.toString(),
                                "size",
                                manifest.length,
                                "annotations",
                                Map.of("org.opencontainers.image.ref.name", "1"))))));

        skopeo(
                "copy",
                "--dest-tls-verify=false",
                "oci:" + layout + ":1",
                "docker://" + registry.host() + "/interop/from-skopeo:1");

        var pulled = client("pull").pull(Reference.parse(registry.host() + "/interop/from-skopeo:1"));
        assertEquals(manifestDigest, pulled.manifestDigest());
        assertEquals(MediaTypes.RUNWASI_LAYER, pulled.layerMediaType());
        assertArrayEquals(wasmBytes, Files.readAllBytes(pulled.wasm()));
    }

    private static Path blob(Path layout, Digest digest) {
        return layout.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    private static Digest writeBlob(Path layout, byte[] bytes) throws IOException {
        var digest = Digest.sha256(bytes);
        var path = blob(layout, digest);
        Files.createDirectories(path.getParent());
        Files.write(path, bytes);
        return digest;
    }

    private static void skopeo(String... args) throws Exception {
        var command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        // skopeo keeps auth and temp state under HOME/XDG dirs: give it its own
        var home = Files.createDirectories(dir.resolve("skopeo-home"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_RUNTIME_DIR", home.toString());
        builder.environment().put("TMPDIR", home.toString());
        var process = builder.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(
                    "skopeo " + String.join(" ", args) + " failed: " + output + "\nregistry log:\n" + registry.log());
        }
    }
}
