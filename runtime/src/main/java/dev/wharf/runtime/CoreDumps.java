package dev.wharf.runtime;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.binary.ParsedModule;
import dev.wharf.coredump.CoreDump;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Captures a trapped instance as a {@link CoreDump} (`-D coredump=PATH`) and writes it. */
final class CoreDumps {
    /** Deep recursion folds into a few repeated frames; unfolded, a dump keeps at most this many. */
    static final int MAX_FRAMES = 100_000;

    private static final int PAGE = Memory.PAGE_SIZE;
    private static final int MAX_SEGMENT_PAGES = 1024;

    private CoreDumps() {}

    /**
     * The dump of one trapped instance: its frames from the trap's backtrace, its memory as it is now (all-zero pages
     * left out, which the format allows) and its globals' current values.
     *
     * <p>What cannot be recovered: Chicory compiles each wasm function into one JVM method and keeps no map from JVM
     * code back to wasm instruction offsets, and the JVM does not let us read a frame's locals after the fact. So each
     * frame says which function it is with code offset 0 (the function's start, as the format allows when the offset
     * is unknown), lists each of its locals (parameters included) as "missing", and has an empty operand stack.
     */
    static CoreDump capture(LoadedModule module, Instance instance, TrapReport report) {
        // a metered run executes the rewrite; the dump describes the module the user has (same function indexes,
        // and the fuel counter is the one global the rewrite appends)
        WasmModule user = module.metered() || module.bodiless()
                ? ParsedModule.parse(module.source()).wasm()
                : module.wasm();
        int imported = module.importedFunctionCount();

        List<CoreDump.CoreFrame> frames = new ArrayList<>();
        for (TrapReport.Frame f : report.frames()) {
            var locals = Collections.nCopies(
                    localCount(user, f.functionIndex() - imported), CoreDump.CoreValue.MISSING_VALUE);
            for (int i = 0; i < f.repeats() && frames.size() < MAX_FRAMES; i++) {
                frames.add(new CoreDump.CoreFrame(0, f.functionIndex(), 0, locals, List.of()));
            }
        }

        List<CoreDump.CoreMemory> memories = new ArrayList<>();
        if (user.memorySection().map(s -> s.memoryCount() > 0).orElse(false)) {
            memories.add(memory(instance.memory()));
        }
        List<CoreDump.CoreGlobal> globals = new ArrayList<>();
        int globalCount = module.metered() ? instance.globalCount() - 1 : instance.globalCount();
        for (int i = 0; i < globalCount; i++) {
            globals.add(global(instance.global(i)));
        }
        List<Integer> memoryIndexes = memories.isEmpty() ? List.of() : List.of(0);
        List<Integer> globalIndexes = new ArrayList<>();
        for (int i = 0; i < globals.size(); i++) {
            globalIndexes.add(i);
        }
        // absolute, so `wharf inspect` finds the module (and its function names) from any directory
        String modulePath = module.source().path().toAbsolutePath().normalize().toString();
        return new CoreDump(
                module.displayName(),
                List.of(modulePath),
                List.of(new CoreDump.CoreInstance(0, memoryIndexes, globalIndexes)),
                List.of(new CoreDump.CoreThread("main", frames)),
                memories,
                globals);
    }

    /** Writes next to the target, then renames over it: a reader never sees half a dump. */
    static void write(Path target, CoreDump dump) throws IOException {
        // owner-only: a dump holds the guest's whole memory
        dev.wharf.files.AtomicFiles.writePrivate(target, dump.encode());
    }

    private static int localCount(WasmModule wasm, int defined) {
        if (defined < 0 || defined >= wasm.functionSection().functionCount()) {
            return 0;
        }
        int params = wasm.functionSection()
                .getFunctionType(defined, wasm.typeSection())
                .params()
                .size();
        return params + wasm.codeSection().getFunctionBody(defined).localTypes().size();
    }

    /** Whole pages that hold anything but zeros, runs of them merged into segments of at most 64 MiB. */
    private static CoreDump.CoreMemory memory(Memory memory) {
        int pages = memory.pages();
        byte[] zero = new byte[PAGE];
        List<CoreDump.Segment> segments = new ArrayList<>();
        int runStart = -1;
        for (int p = 0; p <= pages; p++) {
            boolean used = p < pages && !Arrays.equals(memory.readBytes(p * PAGE, PAGE), zero);
            if (used && runStart >= 0 && p - runStart == MAX_SEGMENT_PAGES) {
                segments.add(new CoreDump.Segment(
                        (long) runStart * PAGE, memory.readBytes(runStart * PAGE, MAX_SEGMENT_PAGES * PAGE)));
                runStart = p;
            } else if (used && runStart < 0) {
                runStart = p;
            } else if (!used && runStart >= 0) {
                long offset = (long) runStart * PAGE;
                segments.add(new CoreDump.Segment(offset, memory.readBytes((int) offset, (p - runStart) * PAGE)));
                runStart = -1;
            }
        }
        return new CoreDump.CoreMemory(pages, segments);
    }

    private static CoreDump.CoreGlobal global(GlobalInstance g) {
        ValType t = g.getType();
        int type;
        if (t.equals(ValType.I32)) {
            type = CoreDump.I32;
        } else if (t.equals(ValType.I64)) {
            type = CoreDump.I64;
        } else if (t.equals(ValType.F32)) {
            type = CoreDump.F32;
        } else if (t.equals(ValType.F64)) {
            type = CoreDump.F64;
        } else if (t.equals(ValType.V128)) {
            return new CoreDump.CoreGlobal(CoreDump.V128, g.getValueLow(), g.getValueHigh());
        } else if (t.equals(ValType.FuncRef)) {
            return new CoreDump.CoreGlobal(CoreDump.FUNCREF, 0, 0);
        } else {
            return new CoreDump.CoreGlobal(CoreDump.EXTERNREF, 0, 0);
        }
        return new CoreDump.CoreGlobal(type, g.getValueLow(), 0);
    }
}
