package dev.wharf.wasi;

import java.nio.file.Path;
import java.util.List;

/**
 * A directory capability: a preopen, or a directory opened below one. Java offers no openat(2), so a directory is
 * held as its place inside the preopen ({@code components}, each a plain name) and re-walked without following
 * symlinks on every use; that is what keeps a renamed-and-replaced directory from becoming an escape hatch.
 * Like a cap-std Dir, it is its own sandbox root: {@code ..} cannot climb above it.
 */
final class DirDescriptor extends Descriptor {
    final Preopen preopen;
    final List<String> components;
    /** non-null only for the preopened fds themselves: what fd_prestat_dir_name reports */
    final String prestatName;
    /** fd_readdir listing taken at cookie 0 and reused for later cookies, so cookies stay stable */
    List<DirListing.Entry> listing;

    DirDescriptor(Preopen preopen, List<String> components, String prestatName) {
        this.preopen = preopen;
        this.components = List.copyOf(components);
        this.prestatName = prestatName;
    }

    Path host() {
        Path p = preopen.root();
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    /** The guest-visible absolute path of this directory, for messages. */
    String guestPath() {
        StringBuilder sb = new StringBuilder(preopen.guestPath());
        for (String c : components) {
            if (sb.length() == 0 || sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
