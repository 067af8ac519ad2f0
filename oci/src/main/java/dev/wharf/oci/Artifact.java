package dev.wharf.oci;

/**
 * What a reference names, resolved once: the image manifest (an index's wasm entry already followed), verified
 * against its digest and cached. Every pull starts here, so deciding what kind of artifact it is and pulling it
 * cost one manifest request between them.
 */
public final class Artifact {
    private final Reference requested;
    private final Digest digest;
    private final ManifestDocument.ImageManifest manifest;

    Artifact(Reference requested, Digest digest, ManifestDocument.ImageManifest manifest) {
        this.requested = requested;
        this.digest = digest;
        this.manifest = manifest;
    }

    /** The reference pinned to the manifest digest (the tag kept for display). */
    public Reference reference() {
        return requested.withDigest(digest);
    }

    /** The reference as it was asked for: what messages name. */
    Reference requested() {
        return requested;
    }

    /** The digest of the manifest the reference names (the index's, when it names an index). */
    public Digest digest() {
        return digest;
    }

    /** True for an app in Spin's layout (its config is a locked app); false for anything else, e.g. one module. */
    public boolean isApp() {
        return manifest.config().mediaType().equals(MediaTypes.SPIN_APP_CONFIG);
    }

    ManifestDocument.ImageManifest manifest() {
        return manifest;
    }

    @Override
    public String toString() {
        return requested.toString();
    }
}
