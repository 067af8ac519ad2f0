package dev.wharf.runtime;

import com.dylibso.chicory.compiler.Cache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Compiled code on disk, so a second run of the same module skips compilation. Chicory asks for
 * entries by the module's digest; each entry here is keyed by that digest plus Wharf's and Chicory's
 * versions, and carries its key and a SHA-256 of its payload. An entry whose key or checksum does not
 * match (corrupt, truncated, written by another version, or planted) is deleted and reported as a miss,
 * never handed to the class loader. Entries are written to a temp file and moved into place, so a
 * crash or a concurrent run never leaves half an entry under the real name.
 */
public final class CompileCache implements Cache {
    static final byte[] MAGIC = "WHARF-CC".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    private static final String SUFFIX = ".wcc";

    public enum Lookup {
        NONE,
        HIT,
        MISS,
        CORRUPT
    }

    private final Path dir;
    private final WharfLog log;
    private volatile Lookup lastLookup = Lookup.NONE;

    public CompileCache(Path dir, WharfLog log) {
        this.dir = dir;
        this.log = log;
    }

    /** Wharf's cache root ({@link dev.wharf.files.CacheRoot}); compiled code lives in its `compiled/`. */
    public static Path defaultRoot() {
        return dev.wharf.files.CacheRoot.resolve();
    }

    public static CompileCache atDefaultLocation(WharfLog log) {
        return new CompileCache(defaultRoot().resolve("compiled"), log);
    }

    public Path directory() {
        return dir;
    }

    /** What the most recent lookup found: lets callers report "cache hit" and tests check it. */
    public Lookup lastLookup() {
        return lastLookup;
    }

    static String fullKey(String moduleDigest) {
        return moduleDigest + "|wharf=" + WharfVersion.wharf() + "|chicory=" + WharfVersion.chicory();
    }

    Path entryPath(String moduleDigest) {
        return dir.resolve(sha256Hex(fullKey(moduleDigest).getBytes(StandardCharsets.UTF_8)) + SUFFIX);
    }

    /**
     * The payload of an intact entry for this module, or null. The engine asks before parsing: an entry is only
     * ever written for a module that passed validation, and its key is the SHA-256 of the module's bytes, so a
     * module with an entry need not be validated again, and the payload is the code it loads. A damaged entry
     * answers null and is left for {@link #get} to report and delete.
     */
    byte[] peek(String moduleDigest) {
        try {
            return decode(Files.readAllBytes(entryPath(moduleDigest)), fullKey(moduleDigest));
        } catch (IOException e) {
            return null; // missing or unreadable: not held
        }
    }

    /** Records a hit the engine served from {@link #peek} without asking {@link #get}. */
    void servedHit() {
        lastLookup = Lookup.HIT;
    }

    @Override
    public byte[] get(String moduleDigest) throws IOException {
        Path file = entryPath(moduleDigest);
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            lastLookup = Lookup.MISS;
            return null;
        } catch (IOException e) {
            // an unreadable cache costs a compile, never a run
            lastLookup = Lookup.MISS;
            log.debug("compile cache: cannot read " + file + " (" + e + "); compiling");
            return null;
        }
        byte[] payload = decode(raw, fullKey(moduleDigest));
        if (payload == null) {
            lastLookup = Lookup.CORRUPT;
            log.debug("compile cache: entry " + file + " is corrupt or foreign; deleting it and compiling afresh");
            Files.deleteIfExists(file);
            return null;
        }
        lastLookup = Lookup.HIT;
        return payload;
    }

    @Override
    public void putIfAbsent(String moduleDigest, byte[] payload) throws IOException {
        try {
            store(moduleDigest, payload);
        } catch (IOException e) {
            // a full disk or a read-only home costs the next run a compile, never this run
            log.debug("compile cache: cannot write to " + dir + " (" + e + "); continuing without caching");
        }
    }

    private void store(String moduleDigest, byte[] payload) throws IOException {
        Path file = entryPath(moduleDigest);
        if (Files.exists(file)) {
            return;
        }
        dev.wharf.files.AtomicFiles.writePrivate(file, encode(fullKey(moduleDigest), payload));
    }

    /**
     * Removes the entry for one module, e.g. after its classes failed to load. A file that cannot be deleted is
     * logged and left: the caller compiles either way, and the next load finds the entry bad again.
     */
    public void evict(String moduleDigest) {
        try {
            Files.deleteIfExists(entryPath(moduleDigest));
        } catch (IOException e) {
            log.debug("compile cache: could not evict " + entryPath(moduleDigest) + ": " + e);
        }
    }

    public record Stats(Path directory, int entries, long bytes) {}

    public Stats stats() throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Stats(dir, 0, 0);
        }
        int n = 0;
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(SUFFIX)) {
                    n++;
                    total += Files.size(p);
                }
            }
        }
        return new Stats(dir, n, total);
    }

    /** Deletes every entry (and stray temp files); returns how many entries went. */
    public int clear() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX) || name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                    if (name.endsWith(SUFFIX)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    static byte[] encode(String key, byte[] payload) throws IOException {
        var bytes = new ByteArrayOutputStream(payload.length + 128);
        try (var out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(FORMAT);
            out.writeUTF(key);
            out.writeLong(payload.length);
            out.write(sha256(payload));
            out.write(payload);
        }
        return bytes.toByteArray();
    }

    /** The payload, or null when the entry is not a complete, intact entry for exactly this key. */
    static byte[] decode(byte[] raw, String expectedKey) {
        try (var in = new DataInputStream(new ByteArrayInputStream(raw))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC) || in.readUnsignedShort() != FORMAT) {
                return null;
            }
            if (!expectedKey.equals(in.readUTF())) {
                return null;
            }
            long length = in.readLong();
            byte[] checksum = in.readNBytes(32);
            if (length < 0 || length != in.available()) {
                return null;
            }
            byte[] payload = in.readNBytes((int) length);
            return Arrays.equals(checksum, sha256(payload)) ? payload : null;
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }
}
