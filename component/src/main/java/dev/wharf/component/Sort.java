package dev.wharf.component;

/**
 * The index spaces of a component: the core sorts (core functions, tables, memories, globals, tags, core types,
 * core modules, core instances) and the component sorts (functions, values, types, components, instances).
 */
public enum Sort {
    CORE_FUNC("core func"),
    CORE_TABLE("core table"),
    CORE_MEMORY("core memory"),
    CORE_GLOBAL("core global"),
    CORE_TAG("core tag"),
    CORE_TYPE("core type"),
    CORE_MODULE("core module"),
    CORE_INSTANCE("core instance"),
    FUNC("func"),
    VALUE("value"),
    TYPE("type"),
    COMPONENT("component"),
    INSTANCE("instance");

    private final String text;

    Sort(String text) {
        this.text = text;
    }

    /** The sort as the text format writes it: "core func", "instance". */
    public String text() {
        return text;
    }

    public boolean isCore() {
        return ordinal() <= CORE_INSTANCE.ordinal();
    }

    /** The core sort of a {@code core:sort} byte, or null when the byte is not one. */
    static Sort core(int code) {
        return switch (code) {
            case 0x00 -> CORE_FUNC;
            case 0x01 -> CORE_TABLE;
            case 0x02 -> CORE_MEMORY;
            case 0x03 -> CORE_GLOBAL;
            case 0x04 -> CORE_TAG;
            case 0x10 -> CORE_TYPE;
            case 0x11 -> CORE_MODULE;
            case 0x12 -> CORE_INSTANCE;
            default -> null;
        };
    }

    /** The component sort of a {@code sort} byte (not 0x00, which a core sort follows), or null. */
    static Sort component(int code) {
        return switch (code) {
            case 0x01 -> FUNC;
            case 0x02 -> VALUE;
            case 0x03 -> TYPE;
            case 0x04 -> COMPONENT;
            case 0x05 -> INSTANCE;
            default -> null;
        };
    }
}
