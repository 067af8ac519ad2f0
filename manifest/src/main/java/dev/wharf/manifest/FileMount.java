package dev.wharf.manifest;

import java.nio.file.Path;

/**
 * One regular file the component may read: hostPath on disk appears at guestPath (absolute, '/'-separated)
 * inside the guest. Directories in the manifest are expanded to their files, so a host can materialize the
 * guest view by copying or linking these into one directory preopened at "/".
 */
public record FileMount(Path hostPath, String guestPath) {}
