package dev.wharf.wasi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Resolves guest paths inside a directory capability the way cap-std does for wasmtime: one component at a time,
 * never asking the OS to follow a symlink (every lookup is lstat with NOFOLLOW_LINKS), expanding symlinks ourselves
 * with the same rules, and refusing anything that would leave the capability's directory with EPERM, which is what
 * wasmtime returns (cap-std's "a path led outside of the filesystem" is a PermissionDenied io::Error without an OS
 * code, mapped to ErrorCode::NotPermitted, mapped to Errno::Perm).
 *
 * <p>What java.nio cannot give us is openat(2): after resolving, the OS call still takes a whole host path. To shrink
 * the window where another host process swaps a checked directory for a symlink, the parent's real path is checked
 * again right before each operation ({@link #verifyParent}), and final components are always opened with
 * NOFOLLOW_LINKS. A race by a concurrent host process between that check and the syscall remains possible; the
 * guest itself cannot race us (preview1 calls run one at a time on the calling thread).
 */
final class Sandbox {
    /** cap-std's MAX_SYMLINK_EXPANSIONS; past it, ELOOP */
    static final int MAX_SYMLINK_EXPANSIONS = 40;
    /** NAME_MAX on Linux: the kernel answers ENAMETOOLONG for a longer component */
    static final int NAME_MAX = 255;

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final List<Preopen> preopens;
    private final Consumer<Denial> denials;

    Sandbox(List<Preopen> preopens, Consumer<Denial> denials) {
        this.preopens = preopens;
        this.denials = denials;
    }

    /**
     * Resolves {@code guestPath} relative to {@code base}. {@code followFinal}: expand a symlink in the last component
     * (lookupflags SYMLINK_FOLLOW); a trailing slash always does, as in POSIX.
     */
    Resolved resolve(String function, DirDescriptor base, String guestPath, boolean followFinal) throws WasiError {
        refuseDiagnosticRoot(function, base, guestPath);
        if (guestPath.isEmpty()) {
            throw new WasiError(Errno.ENOENT);
        }
        if (guestPath.indexOf('\0') >= 0) {
            // rustix refuses to build a C string with an interior NUL: io::Errno::INVAL, so wasmtime answers EINVAL
            throw new WasiError(Errno.EINVAL);
        }
        if (guestPath.startsWith("/")) {
            denyAbsolute(function, base, guestPath);
            throw new WasiError(Errno.EPERM);
        }
        Preopen preopen = base.preopen;
        Path dir = walkBase(base);
        List<String> below = new ArrayList<>(); // components below base
        List<Path> dirs = new ArrayList<>(); // host path of each level in `below`
        Deque<String> pending = new ArrayDeque<>(split(guestPath));
        boolean trailingSlash = guestPath.endsWith("/");
        String viaSymlink = null;
        int expansions = 0;
        String lastName = null;
        PosixFileAttributes lastAttrs = null;
        boolean lastIsEntry = false;

        while (!pending.isEmpty()) {
            String c = pending.pollFirst();
            boolean last = pending.isEmpty();
            lastIsEntry = false;
            if (c.equals(".")) {
                if (last) {
                    lastAttrs = null;
                }
                continue;
            }
            if (c.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                throw new WasiError(Errno.ENAMETOOLONG);
            }
            Path current = dirs.isEmpty() ? dir : dirs.get(dirs.size() - 1);
            if (c.equals("..")) {
                if (below.isEmpty()) {
                    denyClimb(function, base, guestPath, viaSymlink);
                    throw new WasiError(Errno.EPERM);
                }
                below.remove(below.size() - 1);
                dirs.remove(dirs.size() - 1);
                continue;
            }
            Path candidate = current.resolve(c);
            PosixFileAttributes attrs = lstat(candidate);
            boolean follow = !last || followFinal || trailingSlash;
            if (attrs != null && attrs.isSymbolicLink() && follow) {
                if (++expansions > MAX_SYMLINK_EXPANSIONS) {
                    throw new WasiError(Errno.ELOOP);
                }
                String target = readLink(candidate);
                String linkGuestPath = join(base, below, c);
                if (target.startsWith("/")) {
                    // cap-std never follows an absolute symlink: it would be resolved against the host's root
                    report(
                            function,
                            guestPath,
                            "symlink " + linkGuestPath + " points to the absolute path " + target + ", outside "
                                    + base.guestPath(),
                            "make the link relative and inside " + base.guestPath()
                                    + ", or grant its target's directory with --dir");
                    throw new WasiError(Errno.EPERM);
                }
                if (target.isEmpty()) {
                    throw new WasiError(Errno.ENOENT);
                }
                viaSymlink = linkGuestPath + " -> " + target;
                List<String> targetParts = split(target);
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    pending.addFirst(targetParts.get(i));
                }
                if (last && target.endsWith("/")) {
                    trailingSlash = true;
                }
                continue;
            }
            if (last) {
                lastName = c;
                lastAttrs = attrs;
                lastIsEntry = true;
                break;
            }
            if (attrs == null) {
                throw new WasiError(Errno.ENOENT);
            }
            if (!attrs.isDirectory()) {
                throw new WasiError(Errno.ENOTDIR);
            }
            below.add(c);
            dirs.add(candidate);
        }

        List<String> parentComponents = new ArrayList<>(base.components);
        parentComponents.addAll(below);
        Path parent = dirs.isEmpty() ? dir : dirs.get(dirs.size() - 1);
        if (!lastIsEntry) {
            // the path named a directory we walked into ("." , "a/.", "a/..")
            return new Resolved(preopen, parentComponents, parent, null, lstatRequired(parent), false);
        }
        if (trailingSlash && lastAttrs != null && !lastAttrs.isDirectory()) {
            throw new WasiError(Errno.ENOTDIR);
        }
        return new Resolved(preopen, parentComponents, parent, lastName, lastAttrs, trailingSlash);
    }

    /**
     * Re-checks, right before the OS call, that the parent directory's real path is still where the walk found it
     * (every component a real directory under the preopen's real root). Fails with EPERM if a component was swapped
     * for a symlink in the meantime.
     */
    void verifyParent(String function, Resolved r) throws WasiError {
        Path expected = r.preopen().root();
        for (String c : r.parentComponents()) {
            expected = expected.resolve(c);
        }
        try {
            Path real = r.parent().toRealPath();
            if (!real.equals(expected) || !real.startsWith(r.preopen().root())) {
                report(
                        function,
                        r.host().toString(),
                        "a directory on the path was replaced while resolving it",
                        "do not swap directories for symlinks under a preopened directory while a guest runs");
                throw new WasiError(Errno.EPERM);
            }
        } catch (IOException e) {
            throw IoErrors.wrap(e);
        }
    }

    /** Refuses a mutation under a read-only preopen with EPERM, as wasmtime does without DirPerms::MUTATE. */
    void requireWritable(String function, DirDescriptor dir, String guestPath) throws WasiError {
        refuseDiagnosticRoot(function, dir, guestPath);
        if (dir.preopen.readOnly()) {
            report(
                    function,
                    guestPath,
                    "the directory " + dir.preopen.guestPath() + " is read-only",
                    "--dir " + dir.preopen.grant() + " without the read-only form");
            throw new WasiError(Errno.EPERM);
        }
    }

    /**
     * Every path under the diagnostic root fails with ENOTCAPABLE, the errno wasi-libc itself answers when no preopen
     * matches, so the guest sees what it would have seen without the root; the denial names the grant that would
     * have let it through. The host file system is never consulted.
     */
    private void refuseDiagnosticRoot(String function, DirDescriptor base, String guestPath) throws WasiError {
        if (!base.preopen.diagnostic()) {
            return;
        }
        String absolute = normalize(base.guestPath() + "/" + guestPath);
        String parent = parentOf(absolute);
        report(
                function,
                absolute,
                "not inside any preopened directory",
                parent.equals("/")
                        ? "--dir HOST::/ (a host directory to appear as /)"
                        : "--dir " + parent + "::" + parent);
        throw new WasiError(Errno.ENOTCAPABLE);
    }

    void report(String function, String guestPath, String reason, String remedy) {
        if (denials != null) {
            denials.accept(new Denial(function, guestPath, reason, remedy));
        }
    }

    /** The base directory's own chain, re-walked without following symlinks. */
    private Path walkBase(DirDescriptor base) throws WasiError {
        Path p = base.preopen.root();
        for (String c : base.components) {
            p = p.resolve(c);
            PosixFileAttributes a = lstat(p);
            if (a == null || a.isSymbolicLink()) {
                // the directory this fd was opened as is gone or was replaced: it is no longer reachable
                throw new WasiError(Errno.ENOENT);
            }
            if (!a.isDirectory()) {
                throw new WasiError(Errno.ENOTDIR);
            }
        }
        return p;
    }

    private void denyAbsolute(String function, DirDescriptor base, String guestPath) {
        for (Preopen p : preopens) {
            if (isUnder(guestPath, p.guestPath())) {
                report(
                        function,
                        guestPath,
                        "absolute paths are not resolved by the host",
                        "open it relative to the preopened directory " + p.guestPath()
                                + " (wasi-libc and Rust std do this for you)");
                return;
            }
        }
        String parent = parentOf(normalize(guestPath));
        report(function, guestPath, "not inside any preopened directory", "--dir " + parent + "::" + parent);
    }

    private void denyClimb(String function, DirDescriptor base, String guestPath, String viaSymlink) {
        if (viaSymlink != null) {
            report(
                    function,
                    guestPath,
                    "symlink " + viaSymlink + " resolves outside " + base.guestPath(),
                    "keep symlink targets inside " + base.guestPath() + ", or grant the target's directory with --dir");
            return;
        }
        String logical = normalize(base.guestPath() + "/" + guestPath);
        String parent = parentOf(logical);
        String remedy = base.prestatName != null
                ? "--dir HOST::" + parent + " to grant " + parent + " as well"
                : "open it from the preopened directory " + base.preopen.guestPath() + " instead";
        report(function, guestPath, "resolves outside the preopened directory " + base.guestPath(), remedy);
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return parts;
    }

    static PosixFileAttributes lstat(Path p) throws WasiError {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            Errno errno = IoErrors.errno(e);
            if (errno == Errno.ENOENT) {
                return null;
            }
            throw new WasiError(errno);
        }
    }

    private static PosixFileAttributes lstatRequired(Path p) throws WasiError {
        PosixFileAttributes a = lstat(p);
        if (a == null) {
            throw new WasiError(Errno.ENOENT);
        }
        return a;
    }

    private static String readLink(Path p) throws WasiError {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            throw IoErrors.wrap(e);
        }
    }

    private static String join(DirDescriptor base, List<String> below, String name) {
        StringBuilder sb = new StringBuilder(base.guestPath());
        for (String c : below) {
            sb.append(sb.toString().endsWith("/") ? "" : "/").append(c);
        }
        return sb.append(sb.toString().endsWith("/") ? "" : "/").append(name).toString();
    }

    private static boolean isUnder(String path, String dir) {
        String d = normalize(dir);
        String p = normalize(path);
        return d.equals("/") || p.equals(d) || p.startsWith(d + "/");
    }

    /** Lexical normalization of an absolute guest path ("/a/./b/../c" -> "/a/c"); ".." at the root stays at root. */
    static String normalize(String path) {
        Deque<String> out = new ArrayDeque<>();
        for (String c : split(path)) {
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(c);
            }
        }
        return "/" + String.join("/", out);
    }

    private static String parentOf(String normalized) {
        int slash = normalized.lastIndexOf('/');
        return slash <= 0 ? "/" : normalized.substring(0, slash);
    }
}
