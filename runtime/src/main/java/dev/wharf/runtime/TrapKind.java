package dev.wharf.runtime;

import java.util.Locale;

/** Every way a guest can be stopped, each with the message users see (wasmtime's wording where it has one). */
public enum TrapKind {
    UNREACHABLE("wasm `unreachable` instruction executed"),
    INTEGER_OVERFLOW("integer overflow"),
    DIVIDE_BY_ZERO("integer divide by zero"),
    INVALID_CONVERSION("invalid conversion to integer"),
    OUT_OF_BOUNDS_MEMORY("out of bounds memory access"),
    OUT_OF_BOUNDS_TABLE("undefined element: out of bounds table access"),
    UNINITIALIZED_ELEMENT("uninitialized element"),
    INDIRECT_CALL_TYPE_MISMATCH("indirect call type mismatch"),
    NULL_REFERENCE("null reference"),
    STACK_EXHAUSTED("call stack exhausted"),
    OUT_OF_FUEL("all fuel consumed by WebAssembly"),
    TIMEOUT("interrupted: the guest ran past its timeout"),
    MEMORY_GROW_FAILED("memory.grow failed with trap-on-grow-failure set"),
    TABLE_GROW_FAILED("table.grow failed with trap-on-grow-failure set"),
    COMPONENT_RULE("component model trap"),
    HOST_ERROR("error in a host function");

    private final String message;

    TrapKind(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    /** Chicory's exception messages, mapped onto kinds. Unknown messages are host errors, not guesses. */
    public static TrapKind classify(String chicoryMessage) {
        String m = chicoryMessage == null ? "" : chicoryMessage.toLowerCase(Locale.ROOT);
        if (m.contains("unreachable")) {
            return UNREACHABLE;
        } else if (m.contains("divide by zero") || m.contains("division by zero")) {
            return DIVIDE_BY_ZERO;
        } else if (m.contains("integer overflow")) {
            return INTEGER_OVERFLOW;
        } else if (m.contains("invalid conversion")) {
            return INVALID_CONVERSION;
        } else if (m.contains("out of bounds memory")) {
            return OUT_OF_BOUNDS_MEMORY;
        } else if (m.contains("uninitialized element")) {
            return UNINITIALIZED_ELEMENT;
        } else if (m.contains("undefined element") || m.contains("out of bounds table")) {
            return OUT_OF_BOUNDS_TABLE;
        } else if (m.contains("indirect call type mismatch") || m.contains("type mismatch")) {
            return INDIRECT_CALL_TYPE_MISMATCH;
        } else if (m.contains("null")) {
            return NULL_REFERENCE;
        } else if (m.contains("call stack exhausted") || m.contains("stack overflow")) {
            return STACK_EXHAUSTED;
        }
        return HOST_ERROR;
    }
}
