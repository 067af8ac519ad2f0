package dev.wharf.wasi;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/**
 * A guest path resolved inside a directory capability: the parent directory (a chain of real directories under the
 * preopen, every symlink already expanded by us) and the final name, or no name when the path named the directory
 * itself ("." or "a/.."). {@code attrs} are the final entry's attributes, not following a final symlink unless
 * asked to; null when it does not exist. {@code trailingSlash}: the guest wrote "name/", so it must be a directory.
 */
record Resolved(
        Preopen preopen,
        List<String> parentComponents,
        Path parent,
        String name,
        PosixFileAttributes attrs,
        boolean trailingSlash) {

    Path host() {
        return name == null ? parent : parent.resolve(name);
    }

    boolean exists() {
        return attrs != null;
    }
}
