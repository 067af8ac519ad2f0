package dev.wharf.manifest;

import java.nio.file.Path;

/**
 * Loads an app from a spin.toml / wharf.toml file, a directory holding one, or a bare .wasm (a one-component
 * app with a {@code /...} WAGI route).
 */
public final class AppLoader {
    private AppLoader() {}

    /** @throws ManifestException with a one-line message naming file, line, key and what was expected */
    public static LoadResult load(Path fileOrDirOrWasm) {
        throw new UnsupportedOperationException("AppLoader.load is not implemented yet");
    }
}
