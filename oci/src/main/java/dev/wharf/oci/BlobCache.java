package dev.wharf.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Content-addressed blobs on disk: `ROOT/blobs/sha256/<hex>`. A blob enters only after its bytes were
 * hashed on the way in and matched the digest (and size) they were asked for; it is written to a
 * temp file in the same directory, forced to disk, then moved into place atomically, so a reader
 * never sees a partial or unverified file under a digest's name.
 *
 * <p>Beside the blobs, `ROOT/sources/sha256/<hex>` lists the `registry/repository`s a blob is known
 * to be in, so a push to another repository of the same registry can mount it instead of uploading.
 */
final class BlobCache {
    private static final int BUFFER = 64 * 1024;

    private final Path blobs;
    private final Path sources;

    BlobCache(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.sources = root.resolve("sources").resolve("sha256");
    }

    Path pathOf(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    /**
     * The cached blob, after re-hashing it: a cache feeds `wharf run`, so a file altered on disk since
     * it was stored must not be handed out. A blob that fails the check is deleted.
     */
    Optional<Path> find(Digest digest, long expectedSize) {
        var path = pathOf(digest);
        try {
            if (!Files.isRegularFile(path) || (expectedSize >= 0 && Files.size(path) != expectedSize)) {
                return Optional.empty();
            }
            var md = Digest.newSha256();
            try (InputStream in = Files.newInputStream(path)) {
                var buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            if (!Digest.of(md.digest()).equals(digest)) {
                Files.deleteIfExists(path);
                return Optional.empty();
            }
            return Optional.of(path);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores bytes already in memory (manifests), after checking them. */
    Path store(Digest digest, byte[] bytes, String what) {
        var actual = Digest.sha256(bytes);
        if (!actual.equals(digest)) {
            throw mismatch(what, digest, actual);
        }
        return write(digest, out -> out.write(bytes));
    }

    /**
     * Streams {@code in} into the cache under {@code digest}, hashing and counting as it goes; refuses
     * (and leaves nothing behind) when the size or the digest differs, or when more than
     * {@code expectedSize} bytes arrive. A failure to read {@code in} is reported through
     * {@code readFailure}, as it is the source's (the network's), not the cache's.
     */
    Path store(
            Digest digest,
            long expectedSize,
            InputStream in,
            Progress progress,
            String what,
            Function<IOException, OciException> readFailure) {
        return write(digest, out -> {
            var md = Digest.newSha256();
            var buf = new byte[BUFFER];
            long total = 0;
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    throw readFailure.apply(e);
                }
                if (n < 0) {
                    break;
                }
                total += n;
                if (expectedSize >= 0 && total > expectedSize) {
                    throw new OciException(
                            OciException.Reason.INTEGRITY,
                            what + ": more than the " + expectedSize
                                    + " bytes its descriptor declares arrived; refused, nothing cached");
                }
                md.update(buf, 0, n);
                out.write(buf, 0, n);
                progress.advance(n);
            }
            if (expectedSize >= 0 && total != expectedSize) {
                throw new OciException(
                        OciException.Reason.INTEGRITY,
                        what + ": " + total + " bytes arrived but its descriptor declares " + expectedSize
                                + "; refused, nothing cached");
            }
            var actual = Digest.of(md.digest());
            if (!actual.equals(digest)) {
                throw mismatch(what, digest, actual);
            }
        });
    }

    private static OciException mismatch(String what, Digest expected, Digest actual) {
        return new OciException(
                OciException.Reason.INTEGRITY,
                what + ": content does not match its digest (expected " + expected + ", got " + actual
                        + "); refused, nothing cached");
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private Path write(Digest digest, Writer writer) {
        var target = pathOf(digest);
        Path tmp = null;
        try {
            Files.createDirectories(blobs);
            tmp = Files.createTempFile(blobs, "." + digest.shortHex() + ".", ".tmp");
            try (var channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                var out = Channels.newOutputStream(channel);
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(tmp, target);
            forceDirectory(blobs);
            return target;
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.LOCAL_IO,
                    "cannot write " + target + " to the blob cache: " + e.getMessage(),
                    e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort: a stray temp file never carries a digest's name
                }
            }
        }
    }

    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable; file systems that cannot open a directory skip it. */
    static void forceDirectory(Path dir) {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here (e.g. some platforms refuse to open directories): durability is best effort
        }
    }

    /** The `registry/repository`s this blob is known to be in. */
    List<String> knownSources(Digest digest) {
        try {
            return Files.readAllLines(sources.resolve(digest.hex()), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Remembers that a registry repository holds this blob (best effort: it only saves uploads). */
    void rememberSource(Digest digest, String registry, String repository) {
        var line = registry + "/" + repository;
        Set<String> known = new LinkedHashSet<>(knownSources(digest));
        if (!known.add(line)) {
            return;
        }
        try {
            Files.createDirectories(sources);
            var tmp = Files.createTempFile(sources, "." + digest.shortHex() + ".", ".tmp");
            try {
                Files.write(tmp, known, StandardCharsets.UTF_8);
                moveIntoPlace(tmp, sources.resolve(digest.hex()));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // losing this note costs an upload later, nothing more
        }
    }
}
