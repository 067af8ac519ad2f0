package dev.wharf.oci;

import java.util.Map;

/**
 * An OCI content descriptor: what a manifest says about a blob or a child manifest.
 *
 * @param platform for index entries, `architecture/os` (`wasm/wasip1`), else null
 */
record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations, String platform) {
    String title() {
        return annotations.get("org.opencontainers.image.title");
    }
}
