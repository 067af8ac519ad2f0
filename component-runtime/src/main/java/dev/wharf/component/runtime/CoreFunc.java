package dev.wharf.component.runtime;

/** A core wasm function as the runtime calls it: flat values in, flat values out (Chicory's long encoding). */
@FunctionalInterface
interface CoreFunc {
    long[] call(long... args);
}
