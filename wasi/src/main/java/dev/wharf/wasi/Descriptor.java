package dev.wharf.wasi;

import java.io.OutputStream;

/**
 * What a guest fd number refers to. Files and directories are separate classes; stdio is small and fixed. Every kind
 * carries the rights the guest dropped from it ({@link Rights}); they travel with it through fd_renumber.
 */
abstract sealed class Descriptor permits Descriptor.Stdin, Descriptor.Output, FileDescriptor, DirDescriptor {
    /** base rights dropped with fd_fdstat_set_rights (or inherited as dropped): calls needing one are ENOTCAPABLE */
    long droppedBase;
    /** inheriting rights dropped: fds opened below this directory start without them */
    long droppedInheriting;

    /** fd 0. */
    static final class Stdin extends Descriptor {
        private final StdinStream stream;

        Stdin(StdinStream stream) {
            this.stream = stream;
        }

        StdinStream stream() {
            return stream;
        }
    }

    /** fd 1 and 2 (or wherever the guest renumbered them). */
    static final class Output extends Descriptor {
        private final OutputStream stream;

        Output(OutputStream stream) {
            this.stream = stream;
        }

        OutputStream stream() {
            return stream;
        }
    }
}
