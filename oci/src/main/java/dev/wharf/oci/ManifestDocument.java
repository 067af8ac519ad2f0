package dev.wharf.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manifests as typed records, parsed once from the verified bytes, and the CNCF wasm artifact
 * written out: config `application/vnd.wasm.config.v0+json` and one layer holding the module.
 */
sealed interface ManifestDocument {
    /** The most a manifest may weigh: containerd and the registries use 4 MiB too. */
    int MAX_BYTES = 4 << 20;

    record ImageManifest(String mediaType, String artifactType, Descriptor config, List<Descriptor> layers)
            implements ManifestDocument {}

    record ImageIndex(String mediaType, List<Descriptor> manifests) implements ManifestDocument {}

    /**
     * Parses manifest bytes. {@code contentType} is the registry's Content-Type, used when the document
     * does not name its own mediaType (it is optional in OCI manifests).
     */
    static ManifestDocument parse(byte[] bytes, String contentType, String what) {
        JsonNode root;
        try {
            root = Transport.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new OciException(OciException.Reason.PROTOCOL, what + ": the manifest is not JSON");
        }
        if (!(root instanceof ObjectNode)) {
            throw new OciException(OciException.Reason.PROTOCOL, what + ": the manifest is not a JSON object");
        }
        var declared = root.path("mediaType").asText("");
        var mediaType = !declared.isEmpty() ? declared : contentType == null ? "" : contentType.split(";")[0].strip();
        if (mediaType.isEmpty()) {
            // mediaType is optional in OCI documents, and a manifest read back from the cache has no Content-Type:
            // the shape says which of the two OCI documents it is
            mediaType = root.path("manifests").isArray()
                    ? MediaTypes.OCI_INDEX
                    : root.path("config").isObject() ? MediaTypes.OCI_MANIFEST : "";
        }
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    what + ": manifest schemaVersion " + root.path("schemaVersion") + " (" + mediaType
                            + ") is not an OCI manifest; push it again with a current tool");
        }
        return switch (mediaType) {
            case MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST ->
                new ImageManifest(
                        mediaType,
                        root.path("artifactType").asText(null),
                        descriptor(root.path("config"), what + ": config"),
                        descriptors(root.path("layers"), what + ": layers"));
            case MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST ->
                new ImageIndex(mediaType, descriptors(root.path("manifests"), what + ": manifests"));
            case "" ->
                throw new OciException(OciException.Reason.PROTOCOL, what + ": the manifest names no media type");
            default ->
                throw new OciException(
                        OciException.Reason.UNSUPPORTED,
                        what + ": unexpected manifest media type " + mediaType
                                + "; wharf pulls OCI image manifests of wasm artifacts");
        };
    }

    private static List<Descriptor> descriptors(JsonNode array, String what) {
        if (!array.isArray()) {
            throw new OciException(OciException.Reason.PROTOCOL, what + " is missing or not a list");
        }
        var out = new ArrayList<Descriptor>();
        for (int i = 0; i < array.size(); i++) {
            out.add(descriptor(array.get(i), what + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static Descriptor descriptor(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new OciException(OciException.Reason.PROTOCOL, what + " is missing or not an object");
        }
        var mediaType = node.path("mediaType").asText("");
        var size = node.path("size");
        if (mediaType.isEmpty()
                || !size.canConvertToLong()
                || size.asLong() < 0
                || !node.path("digest").isTextual()) {
            throw new OciException(OciException.Reason.PROTOCOL, what + " needs mediaType, digest and a size >= 0");
        }
        Digest digest;
        try {
            digest = Digest.parse(node.path("digest").asText());
        } catch (OciException e) {
            throw new OciException(e.reason(), what + ": " + e.getMessage());
        }
        var annotations = new LinkedHashMap<String, String>();
        node.path("annotations")
                .properties()
                .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        String platform = null;
        var p = node.path("platform");
        if (p.isObject()) {
            platform = p.path("architecture").asText("") + "/" + p.path("os").asText("");
        }
        return new Descriptor(mediaType, digest, size.asLong(), Map.copyOf(annotations), platform);
    }

    /** The CNCF wasm config for one module: `{created, architecture: wasm, os, layerDigests}`. */
    static byte[] wasmConfig(Instant created, String os, Digest layer) {
        var config = Transport.JSON.createObjectNode();
        config.put("created", DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS)));
        config.put("architecture", "wasm");
        config.put("os", os);
        config.putArray("layerDigests").add(layer.toString());
        return json(config);
    }

    /** An OCI image manifest with artifactType, the wasm config and the module as its only layer. */
    static byte[] wasmManifest(Descriptor config, Descriptor layer, Instant created) {
        var manifest = Transport.JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("artifactType", MediaTypes.WASM_CONFIG);
        manifest.set("config", descriptorJson(config));
        ArrayNode layers = manifest.putArray("layers");
        layers.add(descriptorJson(layer));
        manifest.putObject("annotations")
                .put(
                        "org.opencontainers.image.created",
                        DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS)));
        return json(manifest);
    }

    /**
     * An OCI image manifest naming a config and layers, without artifactType: the config's media type says
     * what the artifact is (Spin's app layout does the same, and registry 2.8 knows no artifactType).
     */
    static byte[] imageManifest(Descriptor config, List<Descriptor> layers, Instant created) {
        var manifest = Transport.JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptorJson(config));
        ArrayNode array = manifest.putArray("layers");
        layers.forEach(layer -> array.add(descriptorJson(layer)));
        manifest.putObject("annotations")
                .put(
                        "org.opencontainers.image.created",
                        DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS)));
        return json(manifest);
    }

    private static ObjectNode descriptorJson(Descriptor d) {
        var node = Transport.JSON.createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        if (!d.annotations().isEmpty()) {
            var annotations = node.putObject("annotations");
            d.annotations().forEach(annotations::put);
        }
        return node;
    }

    private static byte[] json(ObjectNode node) {
        try {
            return Transport.JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
