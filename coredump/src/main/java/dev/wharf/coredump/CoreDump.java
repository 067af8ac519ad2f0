package dev.wharf.coredump;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.Section;
import dev.wharf.binary.WasmFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A wasm core dump in the WebAssembly tool-conventions "Coredump" format (experimental there): a wasm binary that is
 * never instantiated, whose custom sections describe the process ({@code core}), its modules ({@code coremodules}),
 * instances ({@code coreinstances}) and one {@code corestack} per thread, while the memory, global and data sections
 * hold the memories' sizes and contents and the globals' values as constants. `wharf run -D coredump=PATH` writes
 * one on a trap; `wharf inspect` reads one back. Encoding and decoding live here together so the layout is written
 * down once.
 *
 * @param executable the process name (the `core` section)
 * @param modules module names (paths) that instances refer to by index
 * @param threads each thread's frames, innermost (youngest) first
 */
public record CoreDump(
        String executable,
        List<String> modules,
        List<CoreInstance> instances,
        List<CoreThread> threads,
        List<CoreMemory> memories,
        List<CoreGlobal> globals) {

    /** Value type bytes, as in the binary format; {@link #MISSING} marks a local or stack value that was not captured. */
    public static final int I32 = 0x7F;

    public static final int I64 = 0x7E;
    public static final int F32 = 0x7D;
    public static final int F64 = 0x7C;
    public static final int V128 = 0x7B;
    public static final int FUNCREF = 0x70;
    public static final int EXTERNREF = 0x6F;
    public static final int MISSING = 0x01;

    private static final int PAGE = 65536;

    public CoreDump {
        modules = List.copyOf(modules);
        instances = List.copyOf(instances);
        threads = List.copyOf(threads);
        memories = List.copyOf(memories);
        globals = List.copyOf(globals);
    }

    /** Which module an instance runs, and which of the dump's memories and globals are its own, in its own order. */
    public record CoreInstance(int module, List<Integer> memories, List<Integer> globals) {
        public CoreInstance {
            memories = List.copyOf(memories);
            globals = List.copyOf(globals);
        }
    }

    public record CoreThread(String name, List<CoreFrame> frames) {
        public CoreThread {
            frames = List.copyOf(frames);
        }
    }

    /** One frame: {@code codeOffset} is relative to the start of the function's body (0 = the function's start). */
    public record CoreFrame(int instance, int function, int codeOffset, List<CoreValue> locals, List<CoreValue> stack) {
        public CoreFrame {
            locals = List.copyOf(locals);
            stack = List.copyOf(stack);
        }
    }

    /** A local or operand value: its type byte and its bits (f32/f64 as raw IEEE bits, f32's as an int), or MISSING. */
    public record CoreValue(int type, long bits) {
        public static final CoreValue MISSING_VALUE = new CoreValue(MISSING, 0);
    }

    /** One linear memory: its size in pages and its contents as (offset, bytes) pieces; bytes not covered are zero. */
    public record CoreMemory(long pages, List<Segment> segments) {
        public CoreMemory {
            segments = List.copyOf(segments);
        }

        public long byteSize() {
            return pages * PAGE;
        }

        public long capturedBytes() {
            return segments.stream().mapToLong(s -> s.bytes().length).sum();
        }
    }

    public record Segment(long offset, byte[] bytes) {}

    /**
     * A global's value: its type byte and bits ({@code high} only for v128). Reference globals are kept as null
     * references: a function reference cannot be expressed in a dump, which has no functions.
     */
    public record CoreGlobal(int type, long low, long high) {
        public String typeName() {
            return CoreDump.typeName(type);
        }

        /** The value as it would read in WAT. */
        public String valueText() {
            return switch (type) {
                case I32 -> Integer.toString((int) low);
                case I64 -> Long.toString(low);
                case F32 -> Float.toString(Float.intBitsToFloat((int) low));
                case F64 -> Double.toString(Double.longBitsToDouble(low));
                case V128 -> String.format("0x%016x%016x", high, low);
                default -> "null";
            };
        }
    }

    public static String typeName(int type) {
        return switch (type) {
            case I32 -> "i32";
            case I64 -> "i64";
            case F32 -> "f32";
            case F64 -> "f64";
            case V128 -> "v128";
            case FUNCREF -> "funcref";
            case EXTERNREF -> "externref";
            case MISSING -> "missing";
            default -> String.format("type 0x%02x", type);
        };
    }

    /** A core dump announces itself with its `core` custom section. */
    public static boolean isCoreDump(ModuleSource source) {
        return source.customSection("core").isPresent();
    }

    // ---- encoding --------------------------------------------------------------------------------------------------

    /** The dump as a wasm binary that wasm-validate accepts. */
    public byte[] encode() {
        var out = new Out();
        out.raw(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});

        var core = new Out();
        core.u8(0).name(executable);
        out.custom("core", core);

        var mods = new Out();
        mods.u32(modules.size());
        modules.forEach(m -> mods.u8(0).name(m));
        out.custom("coremodules", mods);

        var insts = new Out();
        insts.u32(instances.size());
        for (CoreInstance i : instances) {
            insts.u8(0).u32(i.module());
            insts.u32(i.memories().size());
            i.memories().forEach(insts::u32);
            insts.u32(i.globals().size());
            i.globals().forEach(insts::u32);
        }
        out.custom("coreinstances", insts);

        for (CoreThread t : threads) {
            var stack = new Out();
            stack.u8(0).name(t.name());
            stack.u32(t.frames().size());
            for (CoreFrame f : t.frames()) {
                stack.u8(0).u32(f.instance()).u32(f.function()).u32(f.codeOffset());
                values(stack, f.locals());
                values(stack, f.stack());
            }
            out.custom("corestack", stack);
        }

        if (!memories.isEmpty()) {
            var mem = new Out();
            mem.u32(memories.size());
            // minimum only: the dump is never instantiated, it only has to say how big each memory was
            memories.forEach(m -> mem.u8(0).u32(m.pages()));
            out.section(Section.MEMORY, mem);
        }
        if (!globals.isEmpty()) {
            var glob = new Out();
            glob.u32(globals.size());
            for (CoreGlobal g : globals) {
                glob.u8(g.type()).u8(0); // immutable: the spec stores globals as constants
                constant(glob, g);
                glob.u8(0x0B);
            }
            out.section(Section.GLOBAL, glob);
        }
        int segmentCount = memories.stream().mapToInt(m -> m.segments().size()).sum();
        if (segmentCount > 0) {
            var data = new Out();
            data.u32(segmentCount);
            for (int mi = 0; mi < memories.size(); mi++) {
                for (Segment s : memories.get(mi).segments()) {
                    if (mi == 0) {
                        data.u8(0);
                    } else {
                        data.u8(2).u32(mi);
                    }
                    // i32.const is signed: offsets past 2 GiB wrap to negative numbers, which address the same byte
                    data.u8(0x41).sleb((int) s.offset()).u8(0x0B);
                    data.u32(s.bytes().length).raw(s.bytes());
                }
            }
            out.section(Section.DATA, data);
        }
        return out.toByteArray();
    }

    private static void values(Out out, List<CoreValue> values) {
        out.u32(values.size());
        for (CoreValue v : values) {
            out.u8(v.type());
            switch (v.type()) {
                case I32 -> out.sleb((int) v.bits());
                case I64 -> out.sleb(v.bits());
                case F32 -> out.le(v.bits(), 4);
                case F64 -> out.le(v.bits(), 8);
                default -> {} // MISSING carries no bytes
            }
        }
    }

    private static void constant(Out out, CoreGlobal g) {
        switch (g.type()) {
            case I32 -> out.u8(0x41).sleb((int) g.low());
            case I64 -> out.u8(0x42).sleb(g.low());
            case F32 -> out.u8(0x43).le(g.low(), 4);
            case F64 -> out.u8(0x44).le(g.low(), 8);
            case V128 -> out.u8(0xFD).u32(12).le(g.low(), 8).le(g.high(), 8);
            case FUNCREF, EXTERNREF -> out.u8(0xD0).u8(g.type());
            default -> throw new IllegalArgumentException("no constant form for global type " + typeName(g.type()));
        }
    }

    /** Just enough of a binary writer for the sections a core dump has. */
    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Out u8(int b) {
            bytes.write(b);
            return this;
        }

        Out u32(long v) {
            do {
                int b = (int) (v & 0x7f);
                v >>>= 7;
                bytes.write(v != 0 ? b | 0x80 : b);
            } while (v != 0);
            return this;
        }

        Out sleb(long v) {
            while (true) {
                int b = (int) (v & 0x7f);
                v >>= 7;
                boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
                bytes.write(done ? b : b | 0x80);
                if (done) {
                    return this;
                }
            }
        }

        Out le(long v, int n) {
            for (int i = 0; i < n; i++) {
                bytes.write((int) (v >>> (8 * i)) & 0xff);
            }
            return this;
        }

        Out name(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return u32(b.length).raw(b);
        }

        Out raw(byte[] b) {
            bytes.write(b, 0, b.length);
            return this;
        }

        Out section(int id, Out payload) {
            u8(id).u32(payload.bytes.size());
            return raw(payload.toByteArray());
        }

        Out custom(String name, Out payload) {
            return section(Section.CUSTOM, new Out().name(name).raw(payload.toByteArray()));
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    // ---- decoding --------------------------------------------------------------------------------------------------

    /**
     * Reads a core dump; anything malformed is a {@link WasmFormatException} at its offset. The sections that make a
     * file a core dump ({@code core}, {@code corestack}) must be there; the others may be absent (older writers).
     */
    public static CoreDump decode(ModuleSource source) {
        Section coreSection = source.customSection("core")
                .orElseThrow(() -> new WasmFormatException(-1, "not a core dump: there is no `core` custom section"));
        ByteReader r = custom(source, coreSection);
        expectZero(r, "process-info");
        String executable = r.name();

        List<String> modules = new ArrayList<>();
        var modulesSection = source.customSection("coremodules");
        if (modulesSection.isPresent()) {
            ByteReader m = custom(source, modulesSection.get());
            int n = m.count("coremodules", 2);
            for (int i = 0; i < n; i++) {
                expectZero(m, "coremodule");
                modules.add(m.name());
            }
        }

        List<CoreInstance> instances = new ArrayList<>();
        var instancesSection = source.customSection("coreinstances");
        if (instancesSection.isPresent()) {
            ByteReader in = custom(source, instancesSection.get());
            int n = in.count("coreinstances", 4);
            for (int i = 0; i < n; i++) {
                expectZero(in, "coreinstance");
                int module = (int) in.u32();
                instances.add(new CoreInstance(module, indexes(in, "memories"), indexes(in, "globals")));
            }
        }

        List<CoreThread> threads = new ArrayList<>();
        for (Section s : source.sections()) {
            if (!s.isCustom() || !s.name().equals("corestack")) {
                continue;
            }
            ByteReader t = custom(source, s);
            expectZero(t, "thread-info");
            String name = t.name();
            int n = t.count("frames", 6);
            List<CoreFrame> frames = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                expectZero(t, "frame");
                int instance = (int) t.u32();
                int function = (int) t.u32();
                int offset = (int) t.u32();
                frames.add(new CoreFrame(instance, function, offset, readValues(t), readValues(t)));
            }
            threads.add(new CoreThread(name, frames));
        }

        List<Long> pages = new ArrayList<>();
        source.section(Section.MEMORY).ifPresent(sec -> {
            ByteReader m = source.reader(sec);
            int n = m.count("memories", 2);
            for (int i = 0; i < n; i++) {
                int flags = m.u8();
                pages.add(m.u32());
                if ((flags & 1) != 0) {
                    m.u32();
                }
            }
        });
        List<List<Segment>> segments = new ArrayList<>();
        pages.forEach(p -> segments.add(new ArrayList<>()));
        source.section(Section.DATA).ifPresent(sec -> readData(source.reader(sec), segments));
        List<CoreMemory> memories = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            memories.add(new CoreMemory(pages.get(i), segments.get(i)));
        }

        List<CoreGlobal> globals = new ArrayList<>();
        source.section(Section.GLOBAL).ifPresent(sec -> {
            ByteReader g = source.reader(sec);
            int n = g.count("globals", 3);
            for (int i = 0; i < n; i++) {
                int type = g.u8();
                g.u8(); // mutability: always const in a dump, and nothing here depends on it
                globals.add(readConstant(g, type));
            }
        });
        return new CoreDump(executable, modules, instances, threads, memories, globals);
    }

    private static ByteReader custom(ModuleSource source, Section s) {
        ByteReader r = source.reader(s);
        r.name(); // the section's own name, already known
        return r;
    }

    private static void expectZero(ByteReader r, String what) {
        int at = r.position();
        int b = r.u8();
        if (b != 0) {
            throw new WasmFormatException(at, what + " starts with 0x" + Integer.toHexString(b) + ", expected 0x0");
        }
    }

    private static List<Integer> indexes(ByteReader r, String what) {
        int n = r.count(what, 1);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add((int) r.u32());
        }
        return out;
    }

    private static List<CoreValue> readValues(ByteReader r) {
        int n = r.count("values", 1);
        List<CoreValue> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = r.position();
            int type = r.u8();
            out.add(
                    switch (type) {
                        case MISSING -> CoreValue.MISSING_VALUE;
                        case I32 -> new CoreValue(type, r.sleb(32));
                        case I64 -> new CoreValue(type, r.sleb(64));
                        case F32 -> new CoreValue(type, (int) le(r, 4));
                        case F64 -> new CoreValue(type, le(r, 8));
                        default ->
                            throw new WasmFormatException(
                                    at, "unknown value type 0x" + Integer.toHexString(type) + " in a core dump frame");
                    });
        }
        return out;
    }

    private static void readData(ByteReader r, List<List<Segment>> segments) {
        int n = r.count("data segments", 3);
        for (int i = 0; i < n; i++) {
            int at = r.position();
            long flags = r.u32();
            int memory = 0;
            if (flags == 1) {
                r.bytes(r.u32()); // passive: not part of any memory's image
                continue;
            }
            if (flags == 2) {
                memory = (int) r.u32();
            } else if (flags != 0) {
                throw new WasmFormatException(at, "data segment flags " + flags + " are not used in a core dump");
            }
            long offset = readOffset(r);
            byte[] bytes = r.bytes(r.u32());
            if (memory >= segments.size()) {
                throw new WasmFormatException(
                        at, "data segment for memory " + memory + ", which the dump does not have");
            }
            segments.get(memory).add(new Segment(offset, bytes));
        }
    }

    private static long readOffset(ByteReader r) {
        int at = r.position();
        int op = r.u8();
        long offset = switch (op) {
            case 0x41 -> Integer.toUnsignedLong((int) r.sleb(32));
            case 0x42 -> r.sleb(64);
            default -> throw new WasmFormatException(at, "data segment offset is not a constant");
        };
        if (r.u8() != 0x0B) {
            throw new WasmFormatException(r.position() - 1, "data segment offset expression does not end");
        }
        return offset;
    }

    private static CoreGlobal readConstant(ByteReader r, int type) {
        int at = r.position();
        int op = r.u8();
        CoreGlobal g = switch (op) {
            case 0x41 -> new CoreGlobal(type, r.sleb(32), 0);
            case 0x42 -> new CoreGlobal(type, r.sleb(64), 0);
            case 0x43 -> new CoreGlobal(type, (int) le(r, 4), 0);
            case 0x44 -> new CoreGlobal(type, le(r, 8), 0);
            case 0xFD -> {
                if (r.u32() != 12) {
                    throw new WasmFormatException(at, "global initializer is not a constant");
                }
                long low = le(r, 8);
                yield new CoreGlobal(type, low, le(r, 8));
            }
            case 0xD0 -> {
                r.sleb(33); // heap type
                yield new CoreGlobal(type, 0, 0);
            }
            default -> throw new WasmFormatException(at, "global initializer is not a constant");
        };
        if (r.u8() != 0x0B) {
            throw new WasmFormatException(r.position() - 1, "global initializer does not end after its constant");
        }
        return g;
    }

    private static long le(ByteReader r, int n) {
        byte[] b = r.bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
