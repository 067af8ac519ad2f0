package dev.wharf.files;

import java.nio.file.Path;

/**
 * Where Wharf keeps what it can rebuild: compiled code ({@code compiled/}), registry blobs ({@code oci/}) and
 * fetched app sources ({@code apps/}). One rule for all of them, so one setting moves them together.
 */
public final class CacheRoot {
    private CacheRoot() {}

    /**
     * WHARF_CACHE_DIR (or the system property wharf.cache.dir, which embedders and tests set, and which wins), else
     * $XDG_CACHE_HOME/wharf, else ~/.cache/wharf.
     */
    public static Path resolve() {
        var explicit = System.getProperty("wharf.cache.dir", System.getenv("WHARF_CACHE_DIR"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        var xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "wharf");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "wharf");
    }
}
