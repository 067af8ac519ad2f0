package dev.wharf.component.runtime;

/** A component uses a part of the component model Wharf cannot run yet (the async ABI of WASI 0.3, values...). */
final class UnsupportedFeature extends RuntimeException {
    UnsupportedFeature(String message) {
        super(message);
    }
}
