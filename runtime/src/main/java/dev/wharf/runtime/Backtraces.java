package dev.wharf.runtime;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers the wasm call stack from a JVM exception. Chicory's compiler emits one static method per wasm
 * function, named `func_<index>`, in generated classes under `com.dylibso.chicory.$gen`; the JVM frames of
 * those methods, in order, are the wasm frames. For stack exhaustion the frames live on the
 * StackOverflowError that Chicory wraps, so the whole cause chain is searched.
 */
final class Backtraces {
    private static final String GENERATED_PACKAGE = "com.dylibso.chicory.$gen.";
    private static final Pattern FUNC = Pattern.compile("func_(\\d+)");
    /** Deep recursion yields thousands of identical frames; keep the report short. */
    private static final int MAX_FRAMES = 64;

    private Backtraces() {}

    static List<TrapReport.Frame> of(Throwable trap, LoadedModule module) {
        int[] bodyOffsets = codeBodyOffsets(module);
        int imported = module.importedFunctionCount();
        for (Throwable t = trap; t != null; t = t.getCause()) {
            var frames = framesOf(t, module, bodyOffsets, imported);
            if (!frames.isEmpty()) {
                return frames;
            }
        }
        return List.of();
    }

    private static List<TrapReport.Frame> framesOf(Throwable t, LoadedModule module, int[] bodyOffsets, int imported) {
        var frames = new ArrayList<TrapReport.Frame>();
        for (StackTraceElement e : t.getStackTrace()) {
            if (!e.getClassName().startsWith(GENERATED_PACKAGE)) {
                continue;
            }
            Matcher m = FUNC.matcher(e.getMethodName());
            if (!m.matches()) {
                continue;
            }
            int index = Integer.parseInt(m.group(1));
            if (!frames.isEmpty() && frames.get(frames.size() - 1).functionIndex() == index) {
                var last = frames.remove(frames.size() - 1);
                frames.add(new TrapReport.Frame(index, last.name(), last.codeOffset(), last.repeats() + 1));
                continue;
            }
            if (frames.size() == MAX_FRAMES) {
                break;
            }
            int defined = index - imported;
            int offset = defined >= 0 && defined < bodyOffsets.length ? bodyOffsets[defined] : -1;
            frames.add(new TrapReport.Frame(index, module.functionName(index), offset, 1));
        }
        return frames;
    }

    /** File offsets of each defined function's body, in order. */
    static int[] codeBodyOffsets(LoadedModule module) {
        var source = module.source();
        var code = source.section(Section.CODE);
        if (code.isEmpty()) {
            return new int[0];
        }
        ByteReader r = source.reader(code.get());
        int count = (int) r.u32();
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            int size = (int) r.u32();
            offsets[i] = r.position();
            r.seek(r.position() + size);
        }
        return offsets;
    }
}
