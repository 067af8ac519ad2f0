package dev.wharf.component.runtime;

/**
 * A cursor over flat core values in Chicory's encoding: every value a long; an i32 in its low 32 bits, an f32 as its
 * bit pattern in the low 32 bits, an f64 as its bit pattern. Values written here keep i32s and f32s zero-extended,
 * so a variant's joined i64 slot holds them as the canonical ABI says.
 */
final class Flat {
    final long[] values;
    int position;

    Flat(long[] values) {
        this.values = values;
    }

    Flat(int size) {
        this.values = new long[size];
    }

    long next() {
        return values[position++];
    }

    int nextI32() {
        return (int) values[position++];
    }

    void put(long v) {
        values[position++] = v;
    }

    void putI32(int v) {
        values[position++] = v & 0xffffffffL;
    }

    void skip(int n) {
        position += n;
    }
}
