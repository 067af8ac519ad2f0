package dev.wharf.component;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.WasmFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * The imports and exports of a core module inside a component, with their types: what validating the component's
 * core instantiations and aliases needs, read from the module's type, import, function, table, memory, global,
 * export and tag sections without decoding its code (a JavaScript component's module is megabytes of it). The
 * module's own validation is the core validator's, when the module is compiled or `wharf validate` runs.
 */
final class CoreModuleShape {
    private CoreModuleShape() {}

    /** The module in {@code bytes[start, end)}; offsets in errors are file offsets. */
    static CoreType.Module read(byte[] bytes, int start, int end) {
        try {
            return decode(bytes, start, end);
        } catch (WasmFormatException e) {
            throw new ComponentFormatException(e.offset(), "core module: " + e.reason(), e);
        }
    }

    private static CoreType.Module decode(byte[] bytes, int start, int end) {
        var types = new ArrayList<CoreType.Func>();
        var funcs = new ArrayList<CoreType.Func>();
        var tables = new ArrayList<CoreType.Table>();
        var memories = new ArrayList<CoreType.Memory>();
        var globals = new ArrayList<CoreType.Global>();
        var tags = new ArrayList<CoreType.Tag>();
        var imports = new ArrayList<CoreType.Import>();
        var exports = new ArrayList<CoreType.Export>();
        var r = new ByteReader(bytes, start + 8, end);
        while (!r.atEnd()) {
            int header = r.position();
            int id = r.u8();
            long size = r.u32();
            if (size > r.remaining()) {
                throw new ComponentFormatException(
                        header,
                        "core module: section " + id + " declares " + size + " bytes, only " + r.remaining()
                                + " remain");
            }
            int payload = r.position();
            int sectionEnd = payload + (int) size;
            var s = new ByteReader(bytes, payload, sectionEnd);
            switch (id) {
                case 1 -> {
                    int n = s.count("type", 1);
                    for (int i = 0; i < n; i++) {
                        int at = s.position();
                        int form = s.u8();
                        if (form != 0x60) {
                            throw new ComponentFormatException(
                                    at, "core module: GC type definitions are not supported in components");
                        }
                        var params = new ArrayList<CoreType.Val>();
                        int np = s.count("parameter", 1);
                        for (int k = 0; k < np; k++) {
                            params.add(ComponentReader.coreValType(s));
                        }
                        var results = new ArrayList<CoreType.Val>();
                        int nr = s.count("result", 1);
                        for (int k = 0; k < nr; k++) {
                            results.add(ComponentReader.coreValType(s));
                        }
                        types.add(new CoreType.Func(params, results));
                    }
                }
                case 2 -> {
                    int n = s.count("import", 3);
                    for (int i = 0; i < n; i++) {
                        String module = s.name();
                        String name = s.name();
                        int at = s.position();
                        var raw = ComponentReader.coreExtern(s);
                        CoreType.Extern type = switch (raw.sort()) {
                            case CORE_FUNC -> {
                                var f = type(types, raw.typeIndex(), at);
                                funcs.add(f);
                                yield f;
                            }
                            case CORE_TAG -> {
                                var t = new CoreType.Tag(type(types, raw.typeIndex(), at));
                                tags.add(t);
                                yield t;
                            }
                            case CORE_TABLE -> {
                                tables.add((CoreType.Table) raw.concrete());
                                yield raw.concrete();
                            }
                            case CORE_MEMORY -> {
                                memories.add((CoreType.Memory) raw.concrete());
                                yield raw.concrete();
                            }
                            default -> {
                                globals.add((CoreType.Global) raw.concrete());
                                yield raw.concrete();
                            }
                        };
                        imports.add(new CoreType.Import(module, name, type));
                    }
                }
                case 3 -> {
                    int n = s.count("function", 1);
                    for (int i = 0; i < n; i++) {
                        int at = s.position();
                        funcs.add(type(types, (int) s.u32(), at));
                    }
                }
                case 4 -> {
                    int n = s.count("table", 2);
                    for (int i = 0; i < n; i++) {
                        int at = s.position();
                        if (s.u8() == 0x40) {
                            throw new ComponentFormatException(
                                    at, "core module: tables with initialisers are not " + "supported in components");
                        }
                        s.seek(at);
                        var raw = tableType(s);
                        tables.add(raw);
                    }
                }
                case 5 -> {
                    int n = s.count("memory", 1);
                    for (int i = 0; i < n; i++) {
                        s.seek(s.position());
                        int at = s.position();
                        int flags = s.u8();
                        boolean is64 = (flags & 0x04) != 0;
                        if (flags > 0x07) {
                            throw new ComponentFormatException(at, "core module: malformed memory limits");
                        }
                        long min = is64 ? u64(s) : s.u32();
                        long max = (flags & 0x01) != 0 ? (is64 ? u64(s) : s.u32()) : -1;
                        memories.add(new CoreType.Memory(min, max, (flags & 0x02) != 0, is64));
                    }
                }
                case 6 -> {
                    int n = s.count("global", 2);
                    for (int i = 0; i < n; i++) {
                        CoreType.Val type = ComponentReader.coreValType(s);
                        boolean mutable = s.u8() == 1;
                        skipConstExpr(s);
                        globals.add(new CoreType.Global(type, mutable));
                    }
                }
                case 7 -> {
                    int n = s.count("export", 2);
                    for (int i = 0; i < n; i++) {
                        String name = s.name();
                        int at = s.position();
                        int kind = s.u8();
                        int index = (int) s.u32();
                        CoreType.Extern type = switch (kind) {
                            case 0x00 -> at(funcs, index, at, "function");
                            case 0x01 -> at(tables, index, at, "table");
                            case 0x02 -> at(memories, index, at, "memory");
                            case 0x03 -> at(globals, index, at, "global");
                            case 0x04 -> at(tags, index, at, "tag");
                            default ->
                                throw new ComponentFormatException(
                                        at, "core module: malformed export kind 0x" + Integer.toHexString(kind));
                        };
                        exports.add(new CoreType.Export(name, type));
                    }
                }
                case 13 -> {
                    int n = s.count("tag", 2);
                    for (int i = 0; i < n; i++) {
                        s.u8();
                        int at = s.position();
                        tags.add(new CoreType.Tag(type(types, (int) s.u32(), at)));
                    }
                }
                default -> {
                    // custom, start, element, code, data, data count: nothing a component's linking looks at
                }
            }
            r.seek(sectionEnd);
        }
        return new CoreType.Module(imports, exports);
    }

    private static CoreType.Func type(List<CoreType.Func> types, int index, int at) {
        if (index < 0 || index >= types.size()) {
            throw new ComponentFormatException(at, "core module: unknown type " + index);
        }
        return types.get(index);
    }

    private static <T> T at(List<T> list, int index, int offset, String what) {
        if (index < 0 || index >= list.size()) {
            throw new ComponentFormatException(offset, "core module: exports unknown " + what + " " + index);
        }
        return list.get(index);
    }

    private static CoreType.Table tableType(ByteReader s) {
        CoreType.Val element = ComponentReader.coreValType(s);
        int flags = s.u8();
        boolean is64 = (flags & 0x04) != 0;
        long min = is64 ? u64(s) : s.u32();
        long max = (flags & 0x01) != 0 ? (is64 ? u64(s) : s.u32()) : -1;
        return new CoreType.Table(element, min, max);
    }

    private static long u64(ByteReader s) {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = s.u8();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new ComponentFormatException(s.position(), "core module: integer too long");
    }

    /** Skips a constant expression (a global's initialiser), extended-const arithmetic included. */
    private static void skipConstExpr(ByteReader s) {
        while (true) {
            int at = s.position();
            int op = s.u8();
            switch (op) {
                case 0x0b -> {
                    return;
                }
                case 0x41 -> s.sleb(32);
                case 0x42 -> s.sleb(64);
                case 0x43 -> s.skip(4, "an f32 constant");
                case 0x44 -> s.skip(8, "an f64 constant");
                case 0x23, 0xd2 -> s.u32();
                case 0xd0 -> s.sleb(33);
                case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e -> {}
                case 0xfd -> {
                    s.u32();
                    s.skip(16, "a v128 constant");
                }
                default ->
                    throw new ComponentFormatException(
                            at,
                            "core module: unsupported instruction 0x" + Integer.toHexString(op)
                                    + " in a global's initialiser");
            }
        }
    }
}
