package dev.wharf.component;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.WasmFormatException;
import dev.wharf.component.ComponentAst.Alias;
import dev.wharf.component.ComponentAst.AliasDecl;
import dev.wharf.component.ComponentAst.AliasDef;
import dev.wharf.component.ComponentAst.AliasKind;
import dev.wharf.component.ComponentAst.Arg;
import dev.wharf.component.ComponentAst.Builtin;
import dev.wharf.component.ComponentAst.Canon;
import dev.wharf.component.ComponentAst.CanonDef;
import dev.wharf.component.ComponentAst.CanonOptions;
import dev.wharf.component.ComponentAst.CoreArg;
import dev.wharf.component.ComponentAst.CoreDecl;
import dev.wharf.component.ComponentAst.CoreExportDecl;
import dev.wharf.component.ComponentAst.CoreImportDecl;
import dev.wharf.component.ComponentAst.CoreInlineExport;
import dev.wharf.component.ComponentAst.CoreInlineExports;
import dev.wharf.component.ComponentAst.CoreInstantiate;
import dev.wharf.component.ComponentAst.CoreModuleDef;
import dev.wharf.component.ComponentAst.CoreOuterAlias;
import dev.wharf.component.ComponentAst.CoreTypeDecl;
import dev.wharf.component.ComponentAst.CoreTypeDef;
import dev.wharf.component.ComponentAst.CoreTypeInModule;
import dev.wharf.component.ComponentAst.Decl;
import dev.wharf.component.ComponentAst.Definition;
import dev.wharf.component.ComponentAst.ExportDecl;
import dev.wharf.component.ComponentAst.ExportDef;
import dev.wharf.component.ComponentAst.ImportDecl;
import dev.wharf.component.ComponentAst.ImportDef;
import dev.wharf.component.ComponentAst.InlineExports;
import dev.wharf.component.ComponentAst.Instantiate;
import dev.wharf.component.ComponentAst.Lift;
import dev.wharf.component.ComponentAst.Lower;
import dev.wharf.component.ComponentAst.NestedComponent;
import dev.wharf.component.ComponentAst.RawBorrow;
import dev.wharf.component.ComponentAst.RawCase;
import dev.wharf.component.ComponentAst.RawComponentType;
import dev.wharf.component.ComponentAst.RawCoreExtern;
import dev.wharf.component.ComponentAst.RawCoreFunc;
import dev.wharf.component.ComponentAst.RawCoreModule;
import dev.wharf.component.ComponentAst.RawCoreType;
import dev.wharf.component.ComponentAst.RawEnum;
import dev.wharf.component.ComponentAst.RawExtern;
import dev.wharf.component.ComponentAst.RawField;
import dev.wharf.component.ComponentAst.RawFlags;
import dev.wharf.component.ComponentAst.RawFunc;
import dev.wharf.component.ComponentAst.RawFuture;
import dev.wharf.component.ComponentAst.RawInstanceType;
import dev.wharf.component.ComponentAst.RawList;
import dev.wharf.component.ComponentAst.RawMap;
import dev.wharf.component.ComponentAst.RawOption;
import dev.wharf.component.ComponentAst.RawOwn;
import dev.wharf.component.ComponentAst.RawParam;
import dev.wharf.component.ComponentAst.RawPrim;
import dev.wharf.component.ComponentAst.RawResource;
import dev.wharf.component.ComponentAst.RawResult;
import dev.wharf.component.ComponentAst.RawStream;
import dev.wharf.component.ComponentAst.RawTuple;
import dev.wharf.component.ComponentAst.RawType;
import dev.wharf.component.ComponentAst.RawVal;
import dev.wharf.component.ComponentAst.RawVariant;
import dev.wharf.component.ComponentAst.ResourceDrop;
import dev.wharf.component.ComponentAst.ResourceNew;
import dev.wharf.component.ComponentAst.ResourceRep;
import dev.wharf.component.ComponentAst.SectionInfo;
import dev.wharf.component.ComponentAst.StartDef;
import dev.wharf.component.ComponentAst.StringEncoding;
import dev.wharf.component.ComponentAst.TypeDecl;
import dev.wharf.component.ComponentAst.TypeDef;
import dev.wharf.component.ComponentAst.ValueDef;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a component binary into a {@link ComponentAst.Component}: the preamble, every section, every definition in
 * it with its byte offset, nested components recursively. Only the grammar is checked here (every byte accounted for,
 * every code known); what the indices mean is {@link ComponentValidator}'s. Every problem is a
 * {@link ComponentFormatException} at the offset where reading stopped.
 */
public final class ComponentReader {
    static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    /** The pre-standard component version (0x0d) and layer 1, as every current toolchain writes them. */
    static final int VERSION = 0x0d;

    static final int LAYER = 1;

    /** Components nest components; a bound keeps hostile nesting from exhausting the Java stack. */
    private static final int MAX_NESTING = 100;

    private final byte[] bytes;

    private ComponentReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Decodes a whole file's bytes, which must be one component. */
    public static ComponentAst.Component read(byte[] bytes) {
        var reader = new ComponentReader(bytes);
        try {
            return reader.component(0, bytes.length, 0);
        } catch (WasmFormatException e) {
            throw new ComponentFormatException(e.offset(), e.reason(), e);
        }
    }

    /** True when these bytes start like a component (magic, then version 0x0d and layer 1) rather than a module. */
    public static boolean isComponent(byte[] bytes) {
        return bytes.length >= 8
                && startsWithMagic(bytes)
                && (bytes[4] & 0xff) == VERSION
                && bytes[5] == 0
                && (bytes[6] & 0xff) == LAYER
                && bytes[7] == 0;
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private ComponentAst.Component component(int start, int end, int depth) {
        if (depth > MAX_NESTING) {
            throw new ComponentFormatException(start, "components nested more than " + MAX_NESTING + " deep");
        }
        if (end - start == 0) {
            throw new ComponentFormatException(start, "the file is empty, not a component");
        }
        if (end - start < 4 || !startsWithMagicAt(start)) {
            throw new ComponentFormatException(start, "not a component: the magic header \\0asm is missing");
        }
        if (end - start < 8) {
            throw new ComponentFormatException(start + 4, "unexpected end of file: the version and layer are missing");
        }
        int version = (bytes[start + 4] & 0xff) | (bytes[start + 5] & 0xff) << 8;
        int layer = (bytes[start + 6] & 0xff) | (bytes[start + 7] & 0xff) << 8;
        if (layer == 0) {
            throw new ComponentFormatException(start + 4, "a core module where a component was expected");
        }
        if (layer != LAYER) {
            throw new ComponentFormatException(start + 6, "unknown binary layer " + layer + ", expected 1 (component)");
        }
        if (version != VERSION) {
            throw new ComponentFormatException(
                    start + 4,
                    "unsupported component version 0x" + Integer.toHexString(version)
                            + ", expected 0xd (the pre-standard encoding every current toolchain writes)");
        }
        var r = new ByteReader(bytes, start + 8, end);
        var definitions = new ArrayList<Definition>();
        var sections = new ArrayList<SectionInfo>();
        Map<Sort, Map<Integer, String>> names = new EnumMap<>(Sort.class);
        String name = null;
        while (!r.atEnd()) {
            int header = r.position();
            int id = r.u8();
            long size = r.u32();
            int payload = r.position();
            if (size > r.remaining()) {
                throw new ComponentFormatException(
                        header,
                        SectionInfo.kindName(id) + " section declares " + size + " bytes but only " + r.remaining()
                                + " remain (truncated component?)");
            }
            int sectionEnd = payload + (int) size;
            if (id > 12) {
                throw new ComponentFormatException(header, "malformed component section id " + id);
            }
            var s = new ByteReader(bytes, payload, sectionEnd);
            String sectionName = SectionInfo.kindName(id);
            switch (id) {
                case 0 -> {
                    sectionName = s.name();
                    if (sectionName.equals("component-name")) {
                        name = readNames(s, names);
                    }
                    s.seek(sectionEnd);
                }
                case 1 -> {
                    checkCoreModule(payload, sectionEnd);
                    definitions.add(new CoreModuleDef(header, payload, (int) size));
                    s.seek(sectionEnd);
                }
                case 2 -> vec(s, "core instance", () -> definitions.add(coreInstance(s)));
                case 3 -> vec(s, "core type", () -> definitions.add(new CoreTypeDef(s.position(), coreType(s))));
                case 4 -> {
                    definitions.add(new NestedComponent(header, component(payload, sectionEnd, depth + 1)));
                    s.seek(sectionEnd);
                }
                case 5 -> vec(s, "instance", () -> definitions.add(instance(s)));
                case 6 -> vec(s, "alias", () -> definitions.add(new AliasDef(s.position(), alias(s))));
                case 7 -> vec(s, "type", () -> definitions.add(new TypeDef(s.position(), type(s))));
                case 8 -> vec(s, "canon", () -> definitions.add(new CanonDef(s.position(), canon(s))));
                case 9 -> definitions.add(start(s));
                case 10 ->
                    vec(s, "import", () -> {
                        int at = s.position();
                        definitions.add(new ImportDef(at, externName(s), externType(s)));
                    });
                case 11 -> vec(s, "export", () -> definitions.add(export(s)));
                case 12 ->
                    vec(s, "value", () -> {
                        int at = s.position();
                        RawVal t = valType(s);
                        long len = s.u32();
                        s.skip(len, "a value");
                        definitions.add(new ValueDef(at, t, (int) len));
                    });
                default -> throw new IllegalStateException();
            }
            if (s.position() != sectionEnd) {
                throw new ComponentFormatException(
                        s.position(),
                        SectionInfo.kindName(id) + " section: " + (sectionEnd - s.position())
                                + " unread bytes at its end (section size mismatch)");
            }
            sections.add(new SectionInfo(id, sectionName, header, payload, (int) size));
            r.seek(sectionEnd);
        }
        return new ComponentAst.Component(start, end, definitions, sections, name, names);
    }

    private boolean startsWithMagicAt(int start) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[start + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** A core module section holds a module: magic and version 1. Its contents are the core validator's. */
    private void checkCoreModule(int start, int end) {
        if (end - start < 8 || !startsWithMagicAt(start)) {
            throw new ComponentFormatException(start, "core module section: not a core module (no \\0asm header)");
        }
        int version = (bytes[start + 4] & 0xff) | (bytes[start + 5] & 0xff) << 8;
        int layer = (bytes[start + 6] & 0xff) | (bytes[start + 7] & 0xff) << 8;
        if (version != 1 || layer != 0) {
            throw new ComponentFormatException(
                    start + 4,
                    "core module section: expected a core module (version 1), found version " + version + " layer "
                            + layer);
        }
    }

    private interface Item {
        void read();
    }

    private static void vec(ByteReader s, String what, Item item) {
        int n = s.count(what, 1);
        for (int i = 0; i < n; i++) {
            item.read();
        }
    }

    // ---- names ------------------------------------------------------------------------------------------------

    /**
     * The component-name section: the component's own name and names by sort and index. Like the core name section
     * it never makes a component invalid: a malformed one is ignored from where it goes wrong.
     */
    private static String readNames(ByteReader s, Map<Sort, Map<Integer, String>> names) {
        String own = null;
        try {
            while (!s.atEnd()) {
                int id = s.u8();
                int size = (int) s.u32();
                int end = s.position() + size;
                if (size > s.remaining()) {
                    return own;
                }
                if (id == 0) {
                    own = s.name();
                } else if (id == 1) {
                    Sort sort = sort(s);
                    int n = s.count("name", 2);
                    var map = names.computeIfAbsent(sort, k -> new HashMap<>());
                    for (int i = 0; i < n; i++) {
                        int index = (int) s.u32();
                        map.put(index, s.name());
                    }
                }
                s.seek(end);
            }
        } catch (WasmFormatException | ComponentFormatException e) {
            // a damaged name section only costs names
        }
        return own;
    }

    // ---- instances and aliases --------------------------------------------------------------------------------

    private Definition coreInstance(ByteReader s) {
        int at = s.position();
        int kind = s.u8();
        if (kind == 0x00) {
            int module = (int) s.u32();
            var args = new ArrayList<CoreArg>();
            vec(s, "instantiation argument", () -> {
                String name = s.name();
                int argAt = s.position();
                int sort = s.u8();
                if (sort != 0x12) {
                    throw new ComponentFormatException(
                            argAt,
                            "core instantiation argument `" + name + "` must be a core instance (0x12), found 0x"
                                    + Integer.toHexString(sort));
                }
                args.add(new CoreArg(name, (int) s.u32()));
            });
            return new CoreInstantiate(at, module, args);
        }
        if (kind == 0x01) {
            var exports = new ArrayList<CoreInlineExport>();
            vec(s, "export", () -> {
                String name = s.name();
                Sort sort = coreSort(s);
                exports.add(new CoreInlineExport(name, sort, (int) s.u32()));
            });
            return new CoreInlineExports(at, exports);
        }
        throw new ComponentFormatException(at, "malformed core instance kind 0x" + Integer.toHexString(kind));
    }

    private Definition instance(ByteReader s) {
        int at = s.position();
        int kind = s.u8();
        if (kind == 0x00) {
            int component = (int) s.u32();
            var args = new ArrayList<Arg>();
            vec(s, "instantiation argument", () -> {
                String name = s.name();
                Sort sort = sort(s);
                args.add(new Arg(name, sort, (int) s.u32()));
            });
            return new Instantiate(at, component, args);
        }
        if (kind == 0x01) {
            var exports = new ArrayList<Arg>();
            vec(s, "export", () -> {
                String name = externName(s);
                Sort sort = sort(s);
                exports.add(new Arg(name, sort, (int) s.u32()));
            });
            return new InlineExports(at, exports);
        }
        throw new ComponentFormatException(at, "malformed instance kind 0x" + Integer.toHexString(kind));
    }

    private static Sort coreSort(ByteReader s) {
        int at = s.position();
        int code = s.u8();
        Sort sort = Sort.core(code);
        if (sort == null) {
            throw new ComponentFormatException(at, "malformed core sort 0x" + Integer.toHexString(code));
        }
        return sort;
    }

    private static Sort sort(ByteReader s) {
        int at = s.position();
        int code = s.u8();
        if (code == 0x00) {
            return coreSort(s);
        }
        Sort sort = Sort.component(code);
        if (sort == null) {
            throw new ComponentFormatException(at, "malformed sort 0x" + Integer.toHexString(code));
        }
        return sort;
    }

    private static Alias alias(ByteReader s) {
        Sort sort = sort(s);
        int at = s.position();
        int kind = s.u8();
        return switch (kind) {
            case 0x00 -> {
                int instance = (int) s.u32();
                yield new Alias(sort, AliasKind.EXPORT, instance, s.name(), -1, -1);
            }
            case 0x01 -> {
                int instance = (int) s.u32();
                yield new Alias(sort, AliasKind.CORE_EXPORT, instance, s.name(), -1, -1);
            }
            case 0x02 -> {
                int count = (int) s.u32();
                yield new Alias(sort, AliasKind.OUTER, -1, null, count, (int) s.u32());
            }
            default -> throw new ComponentFormatException(at, "malformed alias kind 0x" + Integer.toHexString(kind));
        };
    }

    // ---- names of imports and exports -------------------------------------------------------------------------

    /** An import or export name with its optional attributes; the attributes are read and dropped. */
    private static String externName(ByteReader s) {
        int at = s.position();
        int kind = s.u8();
        if (kind > 0x02) {
            throw new ComponentFormatException(
                    at, "malformed import or export name kind 0x" + Integer.toHexString(kind));
        }
        String name = s.name();
        if (kind == 0x02) {
            vec(s, "name attribute", () -> {
                int attrAt = s.position();
                int attr = s.u8();
                switch (attr) {
                    case 0x00, 0x01, 0x02 -> s.name();
                    default ->
                        throw new ComponentFormatException(
                                attrAt, "malformed name attribute 0x" + Integer.toHexString(attr));
                }
            });
        }
        return name;
    }

    private Definition export(ByteReader s) {
        int at = s.position();
        String name = externName(s);
        Sort sort = sort(s);
        int index = (int) s.u32();
        RawExtern ascribed = null;
        int has = s.u8();
        if (has == 0x01) {
            ascribed = externType(s);
        } else if (has != 0x00) {
            throw new ComponentFormatException(
                    s.position() - 1, "malformed export type marker 0x" + Integer.toHexString(has));
        }
        return new ExportDef(at, name, sort, index, ascribed);
    }

    private static RawExtern externType(ByteReader s) {
        int at = s.position();
        int kind = s.u8();
        return switch (kind) {
            case 0x00 -> {
                int core = s.u8();
                if (core != 0x11) {
                    throw new ComponentFormatException(
                            at,
                            "malformed extern type: core sort 0x" + Integer.toHexString(core)
                                    + " (only core modules can be imported or exported)");
                }
                yield new RawExtern(Sort.CORE_MODULE, (int) s.u32(), false, null);
            }
            case 0x01 -> new RawExtern(Sort.FUNC, (int) s.u32(), false, null);
            case 0x02 -> {
                int bound = s.u8();
                if (bound == 0x00) {
                    yield new RawExtern(Sort.VALUE, (int) s.u32(), false, null);
                }
                if (bound == 0x01) {
                    yield new RawExtern(Sort.VALUE, -1, false, valType(s));
                }
                throw new ComponentFormatException(at + 1, "malformed value bound 0x" + Integer.toHexString(bound));
            }
            case 0x03 -> {
                int bound = s.u8();
                if (bound == 0x00) {
                    yield new RawExtern(Sort.TYPE, (int) s.u32(), false, null);
                }
                if (bound == 0x01) {
                    yield new RawExtern(Sort.TYPE, -1, true, null);
                }
                throw new ComponentFormatException(at + 1, "malformed type bound 0x" + Integer.toHexString(bound));
            }
            case 0x04 -> new RawExtern(Sort.COMPONENT, (int) s.u32(), false, null);
            case 0x05 -> new RawExtern(Sort.INSTANCE, (int) s.u32(), false, null);
            default -> throw new ComponentFormatException(at, "malformed extern type 0x" + Integer.toHexString(kind));
        };
    }

    private static StartDef start(ByteReader s) {
        int at = s.position();
        int func = (int) s.u32();
        var args = new ArrayList<Integer>();
        vec(s, "start argument", () -> args.add((int) s.u32()));
        int results = (int) s.u32();
        return new StartDef(at, func, args, results);
    }

    // ---- component types --------------------------------------------------------------------------------------

    /** A value type: a primitive's negative code, or a type index. */
    static RawVal valType(ByteReader s) {
        int at = s.position();
        int b = peek(s);
        if ((b & 0x80) == 0 && b >= 0x40) {
            s.u8();
            ValType.Prim prim = ValType.Prim.ofCode(b);
            if (prim == null) {
                throw new ComponentFormatException(
                        at,
                        "malformed value type 0x" + Integer.toHexString(b) + " (not a primitive type or a type index)");
            }
            return RawVal.of(prim);
        }
        return RawVal.of((int) s.u32());
    }

    private static int peek(ByteReader s) {
        int at = s.position();
        int b = s.u8();
        s.seek(at);
        return b;
    }

    private static RawVal optionalValType(ByteReader s) {
        int at = s.position();
        int has = s.u8();
        if (has == 0x00) {
            return null;
        }
        if (has != 0x01) {
            throw new ComponentFormatException(at, "malformed optional type marker 0x" + Integer.toHexString(has));
        }
        return valType(s);
    }

    static RawType type(ByteReader s) {
        int at = s.position();
        int code = s.u8();
        ValType.Prim prim = ValType.Prim.ofCode(code);
        if (prim != null) {
            return new RawPrim(prim);
        }
        return switch (code) {
            case 0x72 -> {
                var fields = new ArrayList<RawField>();
                vec(s, "record field", () -> fields.add(new RawField(s.name(), valType(s))));
                yield new ComponentAst.RawRecord(fields);
            }
            case 0x71 -> {
                var cases = new ArrayList<RawCase>();
                vec(s, "variant case", () -> {
                    String name = s.name();
                    RawVal t = optionalValType(s);
                    int refinesAt = s.position();
                    int refines = s.u8();
                    if (refines == 0x01) {
                        s.u32(); // an older encoding's `refines` index: meaningless today
                    } else if (refines != 0x00) {
                        throw new ComponentFormatException(
                                refinesAt, "malformed variant case: expected 0x00 after `" + name + "`");
                    }
                    cases.add(new RawCase(name, t));
                });
                yield new RawVariant(cases);
            }
            case 0x70 -> new RawList(valType(s), -1);
            case 0x67 -> {
                RawVal element = valType(s);
                yield new RawList(element, (int) s.u32());
            }
            case 0x6f -> {
                var types = new ArrayList<RawVal>();
                vec(s, "tuple field", () -> types.add(valType(s)));
                yield new RawTuple(types);
            }
            case 0x6e -> new RawFlags(labels(s, "flag"));
            case 0x6d -> new RawEnum(labels(s, "enum case"));
            case 0x6b -> new RawOption(valType(s));
            case 0x6a -> {
                RawVal ok = optionalValType(s);
                yield new RawResult(ok, optionalValType(s));
            }
            case 0x69 -> new RawOwn((int) s.u32());
            case 0x68 -> new RawBorrow((int) s.u32());
            case 0x66 -> new RawStream(optionalValType(s));
            case 0x65 -> new RawFuture(optionalValType(s));
            case 0x63 -> {
                RawVal key = valType(s);
                yield new RawMap(key, valType(s));
            }
            case 0x40, 0x43 -> funcType(s, code == 0x43);
            case 0x41 -> new RawComponentType(decls(s, true));
            case 0x42 -> new RawInstanceType(decls(s, false));
            case 0x3f -> {
                int repAt = s.position();
                int rep = s.u8();
                if (rep != 0x7f) {
                    throw new ComponentFormatException(
                            repAt, "resource representation must be i32, found 0x" + Integer.toHexString(rep));
                }
                int has = s.u8();
                int dtor = -1;
                if (has == 0x01) {
                    dtor = (int) s.u32();
                } else if (has != 0x00) {
                    throw new ComponentFormatException(s.position() - 1, "malformed resource destructor marker");
                }
                yield new RawResource(CoreType.Val.I32, dtor);
            }
            default -> throw new ComponentFormatException(at, "malformed type 0x" + Integer.toHexString(code));
        };
    }

    private static List<String> labels(ByteReader s, String what) {
        var names = new ArrayList<String>();
        vec(s, what, () -> names.add(s.name()));
        return names;
    }

    private static RawFunc funcType(ByteReader s, boolean async) {
        var params = new ArrayList<RawParam>();
        vec(s, "parameter", () -> params.add(new RawParam(s.name(), valType(s))));
        int at = s.position();
        int kind = s.u8();
        RawVal result = null;
        if (kind == 0x00) {
            result = valType(s);
        } else if (kind == 0x01) {
            int named = (int) s.u32();
            if (named != 0) {
                throw new ComponentFormatException(
                        at,
                        "function type with " + named + " named results: an older encoding that the component "
                                + "model dropped (rebuild the component with a current toolchain)");
            }
        } else {
            throw new ComponentFormatException(at, "malformed function result list 0x" + Integer.toHexString(kind));
        }
        return new RawFunc(params, result, async);
    }

    private static List<Decl> decls(ByteReader s, boolean component) {
        var decls = new ArrayList<Decl>();
        vec(s, component ? "component type declarator" : "instance type declarator", () -> {
            int at = s.position();
            int kind = s.u8();
            switch (kind) {
                case 0x00 -> decls.add(new CoreTypeDecl(at, coreType(s)));
                case 0x01 -> decls.add(new TypeDecl(at, type(s)));
                case 0x02 -> decls.add(new AliasDecl(at, alias(s)));
                case 0x03 -> {
                    if (!component) {
                        throw new ComponentFormatException(at, "an instance type cannot declare imports");
                    }
                    decls.add(new ImportDecl(at, externName(s), externType(s)));
                }
                case 0x04 -> decls.add(new ExportDecl(at, externName(s), externType(s)));
                default ->
                    throw new ComponentFormatException(at, "malformed declarator 0x" + Integer.toHexString(kind));
            }
        });
        return decls;
    }

    // ---- core types -------------------------------------------------------------------------------------------

    static RawCoreType coreType(ByteReader s) {
        int at = s.position();
        int code = s.u8();
        return switch (code) {
            case 0x60 -> new RawCoreFunc(coreFuncTypeBody(s));
            case 0x50 -> {
                var decls = new ArrayList<CoreDecl>();
                vec(s, "module type declarator", () -> decls.add(coreDecl(s)));
                yield new RawCoreModule(decls);
            }
            case 0x00, 0x4e, 0x4f, 0x5e, 0x5f ->
                throw new ComponentFormatException(at, "core GC types (rec, sub, struct, array) are not supported");
            default -> throw new ComponentFormatException(at, "malformed core type 0x" + Integer.toHexString(code));
        };
    }

    private static CoreType.Func coreFuncTypeBody(ByteReader s) {
        var params = new ArrayList<CoreType.Val>();
        vec(s, "core parameter", () -> params.add(coreValType(s)));
        var results = new ArrayList<CoreType.Val>();
        vec(s, "core result", () -> results.add(coreValType(s)));
        return new CoreType.Func(params, results);
    }

    static CoreType.Val coreValType(ByteReader s) {
        int at = s.position();
        int code = s.u8();
        return switch (code) {
            case 0x7f -> CoreType.Val.I32;
            case 0x7e -> CoreType.Val.I64;
            case 0x7d -> CoreType.Val.F32;
            case 0x7c -> CoreType.Val.F64;
            case 0x7b -> CoreType.Val.V128;
            case 0x70 -> CoreType.Val.FUNCREF;
            case 0x6f -> CoreType.Val.EXTERNREF;
            default ->
                throw new ComponentFormatException(
                        at, "malformed or unsupported core value type 0x" + Integer.toHexString(code));
        };
    }

    private static CoreDecl coreDecl(ByteReader s) {
        int at = s.position();
        int kind = s.u8();
        return switch (kind) {
            case 0x00 -> {
                String module = s.name();
                String name = s.name();
                yield new CoreImportDecl(at, module, name, coreExtern(s));
            }
            case 0x01 -> new CoreTypeInModule(at, coreType(s));
            case 0x02 -> {
                int sortAt = s.position();
                int sort = s.u8();
                int outer = s.u8();
                if (sort != 0x10 || outer != 0x01) {
                    throw new ComponentFormatException(
                            sortAt, "a module type may only alias outer core types (0x10 0x01)");
                }
                int count = (int) s.u32();
                yield new CoreOuterAlias(at, count, (int) s.u32());
            }
            case 0x03 -> {
                String name = s.name();
                yield new CoreExportDecl(at, name, coreExtern(s));
            }
            default ->
                throw new ComponentFormatException(
                        at, "malformed module type declarator 0x" + Integer.toHexString(kind));
        };
    }

    /** A core import description: {@code 0x00 typeidx | 0x01 table | 0x02 memory | 0x03 global | 0x04 tag}. */
    static RawCoreExtern coreExtern(ByteReader s) {
        int at = s.position();
        int kind = s.u8();
        return switch (kind) {
            case 0x00 -> new RawCoreExtern(Sort.CORE_FUNC, (int) s.u32(), null);
            case 0x01 -> {
                CoreType.Val element = coreValType(s);
                long[] limits = limits(s);
                yield new RawCoreExtern(Sort.CORE_TABLE, -1, new CoreType.Table(element, limits[0], limits[1]));
            }
            case 0x02 -> {
                int flagsAt = s.position();
                int flags = s.u8();
                if (flags > 0x07) {
                    throw new ComponentFormatException(
                            flagsAt, "malformed memory limits flags 0x" + Integer.toHexString(flags));
                }
                boolean is64 = (flags & 0x04) != 0;
                long min = is64 ? u64(s) : s.u32();
                long max = (flags & 0x01) != 0 ? (is64 ? u64(s) : s.u32()) : -1;
                yield new RawCoreExtern(Sort.CORE_MEMORY, -1, new CoreType.Memory(min, max, (flags & 0x02) != 0, is64));
            }
            case 0x03 -> {
                CoreType.Val type = coreValType(s);
                int mutAt = s.position();
                int mut = s.u8();
                if (mut > 1) {
                    throw new ComponentFormatException(
                            mutAt, "malformed global mutability 0x" + Integer.toHexString(mut));
                }
                yield new RawCoreExtern(Sort.CORE_GLOBAL, -1, new CoreType.Global(type, mut == 1));
            }
            case 0x04 -> {
                int attr = s.u8();
                if (attr != 0) {
                    throw new ComponentFormatException(at + 1, "malformed tag attribute");
                }
                yield new RawCoreExtern(Sort.CORE_TAG, (int) s.u32(), null);
            }
            default ->
                throw new ComponentFormatException(at, "malformed core import kind 0x" + Integer.toHexString(kind));
        };
    }

    private static long[] limits(ByteReader s) {
        int at = s.position();
        int flags = s.u8();
        if (flags > 0x07) {
            throw new ComponentFormatException(at, "malformed table limits flags 0x" + Integer.toHexString(flags));
        }
        boolean is64 = (flags & 0x04) != 0;
        long min = is64 ? u64(s) : s.u32();
        long max = (flags & 0x01) != 0 ? (is64 ? u64(s) : s.u32()) : -1;
        return new long[] {min, max};
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
        throw new ComponentFormatException(s.position(), "integer representation too long (u64)");
    }

    // ---- canonical definitions --------------------------------------------------------------------------------

    private static Canon canon(ByteReader s) {
        int at = s.position();
        int op = s.u8();
        return switch (op) {
            case 0x00 -> {
                expectFuncSort(s, "canon lift");
                int coreFunc = (int) s.u32();
                CanonOptions options = options(s);
                yield new Lift(coreFunc, options, (int) s.u32());
            }
            case 0x01 -> {
                expectFuncSort(s, "canon lower");
                int func = (int) s.u32();
                yield new Lower(func, options(s));
            }
            case 0x02 -> new ResourceNew((int) s.u32());
            case 0x03 -> new ResourceDrop((int) s.u32());
            case 0x04 -> new ResourceRep((int) s.u32());
            case 0x07 -> {
                s.u32();
                yield new Builtin("resource.drop async");
            }
            case 0x08 -> new Builtin("backpressure.set");
            case 0x24 -> new Builtin("backpressure.inc");
            case 0x25 -> new Builtin("backpressure.dec");
            case 0x09 -> {
                int kind = s.u8();
                if (kind == 0x00) {
                    valType(s);
                } else if (kind == 0x01) {
                    s.u8();
                } else {
                    throw new ComponentFormatException(at + 1, "malformed task.return result list");
                }
                options(s);
                yield new Builtin("task.return");
            }
            case 0x05 -> new Builtin("task.cancel");
            case 0x0a, 0x0b -> {
                coreValType(s);
                s.u32();
                yield new Builtin(op == 0x0a ? "context.get" : "context.set");
            }
            case 0x06 -> {
                s.u8();
                yield new Builtin("subtask.cancel");
            }
            case 0x0d -> new Builtin("subtask.drop");
            case 0x0e, 0x13, 0x14, 0x15, 0x1a, 0x1b -> {
                s.u32();
                yield new Builtin(streamOrFuture(op));
            }
            case 0x0f, 0x10, 0x16, 0x17 -> {
                s.u32();
                options(s);
                yield new Builtin(streamOrFuture(op));
            }
            case 0x11, 0x12, 0x18, 0x19 -> {
                s.u32();
                s.u8();
                yield new Builtin(streamOrFuture(op));
            }
            case 0x1c, 0x1d -> {
                options(s);
                yield new Builtin(op == 0x1c ? "error-context.new" : "error-context.debug-message");
            }
            case 0x1e -> new Builtin("error-context.drop");
            case 0x1f -> new Builtin("waitable-set.new");
            case 0x20, 0x21 -> {
                s.u8();
                s.u32();
                yield new Builtin(op == 0x20 ? "waitable-set.wait" : "waitable-set.poll");
            }
            case 0x22 -> new Builtin("waitable-set.drop");
            case 0x23 -> new Builtin("waitable.join");
            case 0x26 -> new Builtin("thread.index");
            case 0x27 -> {
                s.u32();
                s.u32();
                yield new Builtin("thread.new-indirect");
            }
            case 0x28 -> new Builtin("thread.resume-later");
            case 0x29, 0x0c, 0x2a, 0x2b, 0x2c, 0x2d -> {
                s.u8();
                yield new Builtin(op == 0x0c ? "thread.yield" : "thread.suspend");
            }
            case 0x40 -> {
                s.u8();
                s.u32();
                yield new Builtin("thread.spawn-ref");
            }
            case 0x41 -> {
                s.u8();
                s.u32();
                s.u32();
                yield new Builtin("thread.spawn-indirect");
            }
            case 0x42 -> {
                s.u8();
                yield new Builtin("thread.available-parallelism");
            }
            default ->
                throw new ComponentFormatException(at, "unknown canonical function 0x" + Integer.toHexString(op));
        };
    }

    private static String streamOrFuture(int op) {
        return switch (op) {
            case 0x0e -> "stream.new";
            case 0x0f -> "stream.read";
            case 0x10 -> "stream.write";
            case 0x11 -> "stream.cancel-read";
            case 0x12 -> "stream.cancel-write";
            case 0x13 -> "stream.drop-readable";
            case 0x14 -> "stream.drop-writable";
            case 0x15 -> "future.new";
            case 0x16 -> "future.read";
            case 0x17 -> "future.write";
            case 0x18 -> "future.cancel-read";
            case 0x19 -> "future.cancel-write";
            case 0x1a -> "future.drop-readable";
            default -> "future.drop-writable";
        };
    }

    private static void expectFuncSort(ByteReader s, String what) {
        int at = s.position();
        int b = s.u8();
        if (b != 0x00) {
            throw new ComponentFormatException(
                    at, what + ": expected the func sort 0x00, found 0x" + Integer.toHexString(b));
        }
    }

    private static CanonOptions options(ByteReader s) {
        StringEncoding encoding = null;
        int memory = -1;
        int realloc = -1;
        int postReturn = -1;
        boolean async = false;
        int callback = -1;
        int n = s.count("canonical option", 1);
        for (int i = 0; i < n; i++) {
            int at = s.position();
            int code = s.u8();
            switch (code) {
                case 0x00, 0x01, 0x02 -> {
                    if (encoding != null) {
                        throw new ComponentFormatException(at, "canonical options name a string encoding twice");
                    }
                    encoding = StringEncoding.values()[code];
                }
                case 0x03 -> memory = once(at, "memory", memory, (int) s.u32());
                case 0x04 -> realloc = once(at, "realloc", realloc, (int) s.u32());
                case 0x05 -> postReturn = once(at, "post-return", postReturn, (int) s.u32());
                case 0x06 -> {
                    if (async) {
                        throw new ComponentFormatException(at, "canonical option `async` given twice");
                    }
                    async = true;
                }
                case 0x07 -> callback = once(at, "callback", callback, (int) s.u32());
                default ->
                    throw new ComponentFormatException(
                            at,
                            "unknown canonical option 0x" + Integer.toHexString(code)
                                    + " (known: string-encoding, memory, realloc, post-return, async, callback)");
            }
        }
        return new CanonOptions(
                encoding == null ? StringEncoding.UTF8 : encoding, memory, realloc, postReturn, async, callback);
    }

    private static int once(int at, String what, int previous, int value) {
        if (previous >= 0) {
            throw new ComponentFormatException(at, "canonical option `" + what + "` given twice");
        }
        return value;
    }
}
