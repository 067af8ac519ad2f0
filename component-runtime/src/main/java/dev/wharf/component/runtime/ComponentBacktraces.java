package dev.wharf.component.runtime;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.Section;
import dev.wharf.runtime.LoadedModule;
import dev.wharf.runtime.TrapReport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wasm frames of a trap in a component, each named by its core module and function. Chicory compiles every
 * module to classes of the same names, so a JVM frame alone does not say which module it is in; the instance
 * records which core instances were running when the trap passed its innermost boundary, and the stack trace's
 * boundary frames (a lifted function called, one core instance calling another's export) split the generated
 * frames into one run per core instance, innermost first. Calls through a table shared between modules cross no
 * such boundary: their frames count as the caller's module.
 */
final class ComponentBacktraces {
    private static final String GENERATED_PACKAGE = "com.dylibso.chicory.$gen.";
    private static final Pattern FUNC = Pattern.compile("func_(\\d+)");
    private static final String LIFTED = ComponentInstance.LiftedFunc.class.getName();
    private static final String CROSS = ComponentInstance.CrossModuleCall.class.getName();
    private static final int MAX_FRAMES = 64;

    private ComponentBacktraces() {}

    static List<TrapReport.Frame> of(Throwable trap, ComponentInstance instance) {
        if (instance == null) {
            return List.of();
        }
        int[] running = instance.runningWhen(trap);
        for (Throwable t = trap; t != null; t = t.getCause()) {
            var frames = framesOf(t, instance, running);
            if (!frames.isEmpty()) {
                return frames;
            }
        }
        return List.of();
    }

    private static List<TrapReport.Frame> framesOf(Throwable t, ComponentInstance instance, int[] running) {
        var frames = new ArrayList<TrapReport.Frame>();
        int level = running.length - 1;
        for (StackTraceElement e : t.getStackTrace()) {
            String cls = e.getClassName();
            if ((cls.equals(LIFTED) && e.getMethodName().equals("call"))
                    || (cls.equals(CROSS) && e.getMethodName().equals("apply"))) {
                level--;
                continue;
            }
            if (!cls.startsWith(GENERATED_PACKAGE)) {
                continue;
            }
            Matcher m = FUNC.matcher(e.getMethodName());
            if (!m.matches()) {
                continue;
            }
            int index = Integer.parseInt(m.group(1));
            int slot = level >= 0 && level < running.length ? running[level] : -1;
            String module = slot >= 0 ? instance.moduleName(slot) : "?";
            if (!frames.isEmpty()) {
                var last = frames.get(frames.size() - 1);
                if (last.functionIndex() == index && last.name().startsWith(module + "!")) {
                    frames.set(
                            frames.size() - 1,
                            new TrapReport.Frame(index, last.name(), last.codeOffset(), last.repeats() + 1));
                    continue;
                }
            }
            if (frames.size() == MAX_FRAMES) {
                break;
            }
            frames.add(frame(instance, slot, module, index));
        }
        return frames;
    }

    private static TrapReport.Frame frame(ComponentInstance instance, int slot, String module, int index) {
        if (slot < 0) {
            return new TrapReport.Frame(index, module + "!<wasm function " + index + ">", -1, 1);
        }
        int planModule = instance.plan.instantiations[slot].module();
        LoadedModule loaded = instance.plan.modules[planModule];
        String name = loaded.functionName(index);
        int defined = index - loaded.importedFunctionCount();
        int[] bodies = bodyOffsets(loaded);
        int offset = defined >= 0 && defined < bodies.length
                ? bodies[defined] + instance.plan.moduleOffsets[planModule]
                : -1;
        return new TrapReport.Frame(
                index, module + "!" + (name != null ? name : "<wasm function " + index + ">"), offset, 1);
    }

    /** Offsets of each defined function's body in the module's own bytes. */
    private static int[] bodyOffsets(LoadedModule module) {
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
