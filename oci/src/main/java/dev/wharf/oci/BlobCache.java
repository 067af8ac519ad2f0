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

/**
 * Content-addressed blobs on disk: `ROOT/blobs/sha256/<hex>`. A blob enters only after its bytes were
 * hashed on the way in and matched the digest (and size) they were asked for; it is written to a
 * temp file in the same directory, forced to disk, then moved into place atomically, so a reader
 * never sees a partial or unverified file under a digest's name.
 *
 * <p>Beside the blobs, `ROOT/sources/sha256/<hex>` lists the `registry/repository`s a blob is known
 * to be in, so a push to another repository of the same registry can mount it instead of uploading; and
 * `ROOT/tags/sha256/<hash of registry/repository:tag>` holds the manifest digest a tag named when it was last
 * pulled, so the next pull asks whether it still does (a HEAD) only when the answer can save the GET.
 */
final class BlobCache {
    private static final int BUFFER = 64 * 1024;

    private final Path blobs;
    private final Path sources;
    private final Path tags;

    BlobCache(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.sources = root.resolve("sources").resolve("sha256");
        this.tags = root.resolve("tags").resolve("sha256");
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

    /**
     * A small cached blob (a manifest) read into memory and checked against its digest in one pass; empty when it
     * is absent, larger than {@code limit}, or altered (then it is deleted).
     */
    Optional<byte[]> read(Digest digest, int limit) {
        var path = pathOf(digest);
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > limit) {
                return Optional.empty();
            }
            var bytes = Files.readAllBytes(path);
            if (!Digest.sha256(bytes).equals(digest)) {
                Files.deleteIfExists(path);
                return Optional.empty();
            }
            return Optional.of(bytes);
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
     * Streams a blob into the cache as it arrives. The stream verifies size and digest as it goes and fails at the
     * latest on its last read, before the file is moved into place: a refused blob leaves nothing behind.
     */
    Path store(VerifyingStream in) {
        return write(in.digest(), out -> {
            var buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
            if (!in.verified()) {
                throw new IllegalStateException("the blob stream ended unverified");
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

    /** The manifest digest {@code tag} named at its last pull here, if that manifest is still cached. */
    Optional<Digest> lastDigestOf(String registry, String repository, String tag) {
        try {
            var digest = Digest.parse(Files.readString(tagFile(registry, repository, tag), StandardCharsets.UTF_8)
                    .strip());
            return Files.isRegularFile(pathOf(digest)) ? Optional.of(digest) : Optional.empty();
        } catch (IOException | OciException e) {
            return Optional.empty();
        }
    }

    /** Notes which manifest a tag named (best effort: losing it costs the next pull a HEAD, nothing more). */
    void rememberTag(String registry, String repository, String tag, Digest digest) {
        var file = tagFile(registry, repository, tag);
        try {
            Files.createDirectories(tags);
            var tmp = Files.createTempFile(tags, "." + digest.shortHex() + ".", ".tmp");
            try {
                Files.writeString(tmp, digest.toString(), StandardCharsets.UTF_8);
                moveIntoPlace(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // best effort, as above
        }
    }

    private Path tagFile(String registry, String repository, String tag) {
        var key = registry + "/" + repository + ":" + tag;
        return tags.resolve(Digest.sha256(key.getBytes(StandardCharsets.UTF_8)).hex());
    }
}
