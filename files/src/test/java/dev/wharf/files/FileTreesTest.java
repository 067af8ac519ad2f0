package dev.wharf.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void deletesTheTreeAndRemovesLinksWithoutTouchingWhatTheyPointAt() throws Exception {
        Path outside = Files.writeString(tmp.resolve("keep.txt"), "source");
        Path outsideDir = Files.createDirectories(tmp.resolve("keep-dir"));
        Files.writeString(outsideDir.resolve("inner.txt"), "inner");
        Path root = Files.createDirectories(tmp.resolve("staging/a/b"));
        Files.writeString(root.resolve("file.txt"), "x");
        Files.createSymbolicLink(root.resolve("link.txt"), outside);
        Files.createSymbolicLink(tmp.resolve("staging/dirlink"), outsideDir);

        FileTrees.deleteQuietly(tmp.resolve("staging"));

        assertFalse(Files.exists(tmp.resolve("staging")));
        assertEquals("source", Files.readString(outside));
        assertEquals("inner", Files.readString(outsideDir.resolve("inner.txt")));
        FileTrees.deleteQuietly(tmp.resolve("staging")); // a missing tree is fine
    }
}
