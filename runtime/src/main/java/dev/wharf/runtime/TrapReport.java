package dev.wharf.runtime;

import java.util.List;

/**
 * A trap explained: its kind, the engine's detail (e.g. the address of an out-of-bounds access) and
 * the wasm frames that were live, innermost first.
 */
public record TrapReport(String module, TrapKind kind, String detail, List<Frame> frames) {

    public TrapReport {
        frames = List.copyOf(frames);
    }

    /**
     * One wasm frame. `repeats` > 1 folds identical consecutive frames (deep recursion) into one line.
     * `codeOffset` is where the function's body starts in the module file.
     */
    public record Frame(int functionIndex, String name, int codeOffset, int repeats) {}

    /** The lines printed to stderr: the trap on the first line, then the backtrace. */
    public String render() {
        var sb = new StringBuilder();
        sb.append("wharf: error: ")
                .append(module)
                .append(kind == TrapKind.HOST_ERROR ? ": " : ": wasm trap: ")
                .append(kind.message());
        if (detail != null && !detail.isBlank() && !detail.equalsIgnoreCase(kind.message())) {
            sb.append(" (").append(detail).append(')');
        }
        sb.append('\n');
        if (frames.isEmpty()) {
            sb.append("wasm backtrace: not available (the trap happened outside compiled wasm code)\n");
            return sb.toString();
        }
        sb.append("wasm backtrace:\n");
        String base = baseName(module);
        for (int i = 0; i < frames.size(); i++) {
            var f = frames.get(i);
            sb.append(String.format("  %3d: ", i));
            sb.append(f.codeOffset() >= 0 ? String.format("%#8x", f.codeOffset()) : "       ?");
            sb.append(" - ").append(base).append('!');
            sb.append(f.name() != null ? f.name() : "<wasm function " + f.functionIndex() + ">");
            if (f.name() != null) {
                sb.append(" (func ").append(f.functionIndex()).append(')');
            }
            if (f.repeats() > 1) {
                sb.append("  [repeated ").append(f.repeats()).append(" times]");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
