package dev.wharf.oci;

/** Progress of one transfer. The CLI draws bars on a terminal; the library default does nothing. */
public interface Progress extends AutoCloseable {
    Progress NONE = new Progress() {
        @Override
        public void advance(long bytes) {}

        @Override
        public void close() {}
    };

    /** Called as bytes move. */
    void advance(long bytes);

    /** The transfer is over (done or failed). */
    @Override
    void close();

    /** Makes a {@link Progress} for each transfer: a label (`wasm layer sha256:abcd…`) and its size. */
    @FunctionalInterface
    interface Factory {
        Factory NONE = (label, total) -> Progress.NONE;

        Progress start(String label, long totalBytes);
    }
}
