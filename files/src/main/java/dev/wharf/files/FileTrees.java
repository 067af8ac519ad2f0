package dev.wharf.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing the scratch and staging trees Wharf makes: staged app files, image build space, half-done pulls. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes `root` and everything under it, best effort: what cannot be deleted stays, since this is cleanup and
     * never the reason an operation fails. Symbolic links are removed, never followed, so the files a staged
     * link points at are untouched.
     */
    public static void deleteQuietly(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    deleteIfPossible(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    deleteIfPossible(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    deleteIfPossible(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the walk could not start: nothing more to do for cleanup
        }
    }

    private static void deleteIfPossible(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left behind: a later cleanup or the user removes it
        }
    }
}
