package dev.wharf.cli;

import dev.wharf.oci.AppPuller;
import dev.wharf.oci.OciClient;
import dev.wharf.oci.OciException;
import dev.wharf.oci.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * `wharf run REF` and `wharf up --from REF`: where a command takes a local path it also takes an OCI
 * reference. A word is read as a reference only when it is not an existing path and names its registry
 * host explicitly (a dot, a port, or `localhost` before the first slash), so a mistyped file name is
 * reported as a missing file instead of turning into a pull from Docker Hub.
 */
final class RegistrySources {
    private RegistrySources() {}

    static Optional<Reference> asReference(String word) {
        if (word == null || word.isBlank() || Files.exists(Path.of(word))) {
            return Optional.empty();
        }
        int slash = word.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String host = word.substring(0, slash);
        if (!(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Reference.parse(word));
        } catch (OciException e) {
            return Optional.empty();
        }
    }

    /** Pulls a single-module artifact (digest-verified, cached) and returns the local .wasm. */
    static Path pullModule(Reference ref) {
        try (var client = new OciClient(OciClient.Settings.defaults())) {
            return client.pull(ref).wasm();
        } catch (OciException e) {
            throw new Failure("pulling " + ref + ": " + e.getMessage(), e);
        }
    }

    /** Pulls an app artifact into its own directory under the cache and returns its manifest. */
    static Path pullApp(Reference ref) {
        Path dir = OciClient.Settings.defaultCacheRoot()
                .resolve("apps")
                .resolve((ref.registry() + "/" + ref.repository() + "/" + ref.tagOrDigest())
                        .replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            return AppPuller.pull(ref, dir).manifest();
        } catch (OciException e) {
            throw new Failure("pulling " + ref + ": " + e.getMessage(), e);
        }
    }
}
