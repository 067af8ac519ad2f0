package dev.wharf.http;

import dev.wharf.manifest.Component;
import dev.wharf.manifest.FileMount;
import dev.wharf.runtime.Preopen;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Turns a component's `files` (one mount per file, globs already expanded) into one read-only preopen at "/":
 * the files are hard-linked (copied when linking is impossible, e.g. across file systems) into a staging tree
 * under the app's state directory, so the guest sees exactly the declared files at their destinations and nothing
 * else of the directories they came from. Hard links also mean an in-place edit of a source file shows at once.
 */
final class FileMounts {
    private FileMounts() {}

    /** Stages the component's files under {@code stagingDir}; empty when it has none. */
    static Optional<Preopen> stage(Component component, Path stagingDir) {
        List<FileMount> files = component.files();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Path root = stagingDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            for (FileMount mount : files) {
                String relative = mount.guestPath().replaceFirst("^/+", "");
                Path target = root.resolve(relative).normalize();
                if (relative.isEmpty() || !target.startsWith(root) || target.equals(root)) {
                    throw new AppHostException("component `" + component.id() + "`: file destination \""
                            + mount.guestPath() + "\" is not a file path inside the guest's /");
                }
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target); // a later mount of the same destination wins, as in Spin
                link(mount.hostPath(), target);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new AppHostException(
                    "component `" + component.id() + "`: cannot prepare its files under " + root + ": "
                            + e.getMessage(),
                    e);
        }
        return Optional.of(new Preopen(root, "/", true));
    }

    private static void link(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source.toRealPath());
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
