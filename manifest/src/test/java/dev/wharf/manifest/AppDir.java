package dev.wharf.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an app directory on disk for a test: a manifest and the files it names. */
final class AppDir {
    /** The smallest valid module: magic and version. The loader only needs the file to exist. */
    static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    final Path dir;

    AppDir(Path dir) {
        this.dir = dir;
    }

    AppDir file(String relative, String text) {
        try {
            var p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AppDir wasm(String relative) {
        try {
            var p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, EMPTY_MODULE);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path manifest(String text) {
        file("spin.toml", text);
        return dir.resolve("spin.toml");
    }

    LoadResult load(String manifestText) {
        return AppLoader.load(manifest(manifestText));
    }

    /** The message of the ManifestException loading this manifest throws, with the directory cut off. */
    ManifestException error(String manifestText) {
        try {
            var result = AppLoader.load(manifest(manifestText));
            throw new AssertionError("expected a ManifestException, loaded " + result.app());
        } catch (ManifestException e) {
            return e;
        }
    }

    String shortMessage(ManifestException e) {
        return e.getMessage().replace(dir.toString() + "/", "");
    }
}
