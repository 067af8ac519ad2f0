package dev.wharf.runtime;

import java.nio.file.Path;

/** A host directory granted to the guest under a guest path, writable or read-only. */
public record Preopen(Path hostDir, String guestPath, boolean readOnly) {}
