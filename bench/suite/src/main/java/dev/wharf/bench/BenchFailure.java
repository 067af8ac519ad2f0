package dev.wharf.bench;

/** Something that makes the numbers meaningless (a checksum disagreement, a crashed engine): stop the suite. */
final class BenchFailure extends RuntimeException {
    BenchFailure(String message) {
        super(message);
    }
}
