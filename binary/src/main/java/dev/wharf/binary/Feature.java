package dev.wharf.binary;

import java.util.Locale;

/**
 * The WebAssembly proposal an instruction comes from, for what `inspect` reports and for what the printer and
 * the runtime can handle. The ids are the names wasmtime's `-W` flags and wasm-tools use (`simd`, `tail-call`).
 */
public enum Feature {
    /** WebAssembly 1.0 (the MVP): never reported as a feature. */
    CORE,
    SIGN_EXTENSION,
    SATURATING_FLOAT_TO_INT,
    BULK_MEMORY,
    REFERENCE_TYPES,
    TAIL_CALL,
    FUNCTION_REFERENCES,
    GC,
    EXCEPTIONS,
    THREADS,
    SIMD,
    /** Decoded so that it can be named in an error, but not accepted: Chicory 1.7.5 does not know it. */
    RELAXED_SIMD;

    /** "simd", "tail-call", "relaxed-simd". */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The feature an instruction belongs to, by its {@link Opcode#code() code}: the proposals' opcode ranges. */
    static Feature of(int code) {
        int prefix = code >>> 16;
        int sub = code & 0xffff;
        return switch (prefix) {
            case 0xfb -> GC;
            case 0xfc ->
                sub <= 0x07 ? SATURATING_FLOAT_TO_INT : sub <= 0x0e ? BULK_MEMORY : REFERENCE_TYPES; // table.grow..fill
            case 0xfd -> sub >= 0x100 ? RELAXED_SIMD : SIMD;
            case 0xfe -> THREADS;
            default ->
                switch (code) {
                    case 0x08, 0x0a, 0x1f -> EXCEPTIONS; // throw, throw_ref, try_table
                    case 0x12, 0x13 -> TAIL_CALL;
                    case 0x14, 0x15, 0xd4, 0xd5, 0xd6 -> FUNCTION_REFERENCES; // call_ref, ref.as_non_null, br_on_null
                    case 0xd3 -> GC; // ref.eq
                    case 0x1c, 0x25, 0x26, 0xd0, 0xd1, 0xd2 -> REFERENCE_TYPES; // typed select, table.get/set, ref.*
                    case 0xc0, 0xc1, 0xc2, 0xc3, 0xc4 -> SIGN_EXTENSION;
                    default -> CORE;
                };
        };
    }
}
