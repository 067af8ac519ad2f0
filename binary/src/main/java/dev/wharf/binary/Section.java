package dev.wharf.binary;

/**
 * One section of a module as it lies in the file: its id, its name (for custom sections, the name
 * inside it), where its header starts, where its payload starts and how long the payload is.
 */
public record Section(int id, String name, int headerOffset, int payloadOffset, int payloadSize) {

    public static final int CUSTOM = 0;
    public static final int TYPE = 1;
    public static final int IMPORT = 2;
    public static final int FUNCTION = 3;
    public static final int TABLE = 4;
    public static final int MEMORY = 5;
    public static final int GLOBAL = 6;
    public static final int EXPORT = 7;
    public static final int START = 8;
    public static final int ELEMENT = 9;
    public static final int CODE = 10;
    public static final int DATA = 11;
    public static final int DATA_COUNT = 12;
    public static final int TAG = 13;

    public int end() {
        return payloadOffset + payloadSize;
    }

    /** Size on disk, header included. */
    public int totalSize() {
        return end() - headerOffset;
    }

    public boolean isCustom() {
        return id == CUSTOM;
    }

    /**
     * Where a known section must stand in a module, 1 (type) to 13 (data); 0 for custom and unknown ids.
     * Ids are not in that order: the tag section (13) sits between memory and global, datacount (12) before code.
     */
    public static int specOrder(int id) {
        return switch (id) {
            case TYPE -> 1;
            case IMPORT -> 2;
            case FUNCTION -> 3;
            case TABLE -> 4;
            case MEMORY -> 5;
            case TAG -> 6;
            case GLOBAL -> 7;
            case EXPORT -> 8;
            case START -> 9;
            case ELEMENT -> 10;
            case DATA_COUNT -> 11;
            case CODE -> 12;
            case DATA -> 13;
            default -> 0;
        };
    }

    /** The standard name of a section id ("type", "import", ...), or "custom". */
    public static String kindName(int id) {
        return switch (id) {
            case CUSTOM -> "custom";
            case TYPE -> "type";
            case IMPORT -> "import";
            case FUNCTION -> "function";
            case TABLE -> "table";
            case MEMORY -> "memory";
            case GLOBAL -> "global";
            case EXPORT -> "export";
            case START -> "start";
            case ELEMENT -> "element";
            case CODE -> "code";
            case DATA -> "data";
            case DATA_COUNT -> "datacount";
            case TAG -> "tag";
            default -> "unknown(" + id + ")";
        };
    }
}
