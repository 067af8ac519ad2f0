package dev.wharf.wasi;

import java.io.OutputStream;

/** What a guest fd number refers to. Files and directories are separate classes; stdio is small and fixed. */
sealed interface Descriptor permits Descriptor.Stdin, Descriptor.Output, FileDescriptor, DirDescriptor {

    /** fd 0. */
    record Stdin(StdinStream stream) implements Descriptor {}

    /** fd 1 and 2 (or wherever the guest renumbered them). */
    record Output(OutputStream stream) implements Descriptor {}
}
