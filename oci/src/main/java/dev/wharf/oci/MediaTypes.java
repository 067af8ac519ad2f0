package dev.wharf.oci;

import java.util.Set;

/** The media types Wharf writes and reads (OCI image-spec 1.1, the CNCF wasm artifact layout, runwasi). */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** CNCF wasm artifact config, also the manifest's artifactType. */
    public static final String WASM_CONFIG = "application/vnd.wasm.config.v0+json";
    /** CNCF wasm artifact layer: the module's bytes as they are. */
    public static final String WASM_LAYER = "application/wasm";
    /** The layer type containerd's runwasi shims (and `oras push` recipes for them) use. */
    public static final String RUNWASI_LAYER = "application/vnd.wasm.content.layer.v1+wasm";

    /** Spin's app artifact config: the JSON "locked app" naming every layer by digest. */
    public static final String SPIN_APP_CONFIG = "application/vnd.fermyon.spin.application.v1+config";
    /** A file an app component reads (Spin's data layer), one file per layer. */
    public static final String DATA_LAYER = "application/vnd.wasm.content.layer.v1+data";
    /** Spin's archive of several files; Wharf does not write these and refuses them when pulling. */
    public static final String ARCHIVE_LAYER = "application/vnd.wasm.content.bundle.v1.tar+gzip";

    /** Layer types that hold one wasm module, byte for byte. */
    public static final Set<String> WASM_LAYERS = Set.of(WASM_LAYER, RUNWASI_LAYER);

    /** Sent as Accept on manifest requests: registry 2.8 answers 404 to a manifest request without it. */
    static final String MANIFEST_ACCEPT =
            String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

    private MediaTypes() {}
}
