package dev.wharf.binary;

import com.dylibso.chicory.wasm.WasmLimits;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.WasmEncoding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wharf's own structural walk over every standard section, run before the bytes reach Chicory's parser.
 * It decodes each section to its end (counts, lengths, names, value types, limits, constant expressions,
 * every instruction's immediates in every function body), so a bad count, a length past the end, a
 * malformed name, an unknown opcode or a misplaced section is reported at its exact byte offset, and
 * Chicory, which trusts declared counts when it sizes its arrays, only ever sees well-framed input.
 *
 * <p>Decoding follows Chicory 1.7.5's reading of the format (the same opcode table, immediates and value
 * types) so that a module passing this walk frames identically in Chicory. Type checking is not done
 * here: that is Chicory's validator.
 */
final class SectionWalker {

    private final ModuleSource source;
    private final boolean detailed;
    private final List<ModuleLayout.SectionLayout> sections = new ArrayList<>();
    private final List<ModuleLayout.FunctionBody> bodies = new ArrayList<>();
    private final Map<Integer, String> functionNames = new HashMap<>();
    private List<ModuleLayout.Entry> entries;

    // index spaces, as far as the sections seen so far declare them
    private int typeCount;
    private final List<String> typeSignatures = new ArrayList<>();
    private int importedFunctions;
    private int importedTables;
    private int importedMemories;
    private int importedGlobals;
    private int importedTags;
    private int definedFunctions;
    private int definedTables;
    private int definedMemories;
    private int definedGlobals;
    private int definedTags;
    private Section functionSection;
    private boolean codeSeen;
    private long dataCount = -1;

    private SectionWalker(ModuleSource source, boolean detailed) {
        this.source = source;
        this.detailed = detailed;
    }

    /**
     * Checks the structure of every section. With {@code detailed}, also records each entry for
     * `dump`; without, records only what error messages need (function bodies, function names).
     */
    static ModuleLayout walk(ModuleSource source, boolean detailed) {
        var walker = new SectionWalker(source, detailed);
        walker.walkAll();
        return new ModuleLayout(walker.sections, walker.bodies, walker.importedFunctions, walker.functionNames);
    }

    private void walkAll() {
        // names first: the name section comes last in the file, but entries and errors before it use them
        source.customSection("name").ifPresent(names -> {
            var r = source.reader(names);
            r.name();
            readFunctionNames(r);
        });
        checkOrder();
        for (Section section : source.sections()) {
            entries = detailed ? new ArrayList<>() : List.of();
            var r = source.reader(section);
            switch (section.id()) {
                case Section.CUSTOM -> custom(section, r);
                case Section.TYPE -> types(r);
                case Section.IMPORT -> imports(r);
                case Section.FUNCTION -> functions(section, r);
                case Section.TABLE -> tables(r);
                case Section.MEMORY -> memories(r);
                case Section.TAG -> tags(r);
                case Section.GLOBAL -> globals(r);
                case Section.EXPORT -> exports(r);
                case Section.START -> start(r);
                case Section.ELEMENT -> elements(r);
                case Section.DATA_COUNT -> dataCount(r);
                case Section.CODE -> code(r);
                case Section.DATA -> data(r);
                default ->
                    throw new WasmFormatException(section.headerOffset(), "malformed section id " + section.id());
            }
            if (!r.atEnd()) {
                throw new WasmFormatException(
                        r.position(),
                        "section size mismatch: the " + section.name() + " section has "
                                + ByteReader.byteCount(r.remaining()) + " left after its last entry");
            }
            sections.add(new ModuleLayout.SectionLayout(section, entries));
        }
        var dataCountSection = source.section(Section.DATA_COUNT);
        if (dataCount > 0 && source.section(Section.DATA).isEmpty()) {
            throw new WasmFormatException(
                    dataCountSection.orElseThrow().payloadOffset(),
                    "data count and data section have inconsistent lengths: the data count section says " + dataCount
                            + " but there is no data section");
        }
        if (definedFunctions > 0 && !codeSeen) {
            throw new WasmFormatException(
                    functionSection.headerOffset(),
                    "function and code section have inconsistent lengths: " + definedFunctions
                            + " functions declared but there is no code section");
        }
    }

    /** Standard sections appear at most once each, in the spec's order; checked before any is decoded. */
    private void checkOrder() {
        int lastRank = 0;
        Section lastStandard = null;
        for (Section section : source.sections()) {
            if (section.isCustom()) {
                continue;
            }
            int rank = Section.specOrder(section.id());
            if (rank <= lastRank) {
                String why = rank == lastRank
                        ? "a second " + section.name() + " section"
                        : "the " + section.name() + " section must come before the " + lastStandard.name() + " section";
                throw new WasmFormatException(section.headerOffset(), "sections out of order: " + why);
            }
            lastRank = rank;
            lastStandard = section;
        }
    }

    private void entry(int from, ByteReader r, String description) {
        if (detailed) {
            entries.add(new ModuleLayout.Entry(from, r.position() - from, description));
        }
    }

    private int count(ByteReader r, String what, int minBytesEach) {
        int at = r.position();
        int n = r.count(what, minBytesEach);
        entry(at, r, n + " " + (n == 1 ? what : plural(what)));
        return n;
    }

    private static String plural(String noun) {
        if (noun.endsWith("y") && !noun.endsWith("ey")) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun.endsWith("s") ? noun + "es" : noun + "s";
    }

    // ---- custom sections -------------------------------------------------------------------------

    private void custom(Section section, ByteReader r) {
        int at = r.position();
        r.name(); // already checked by ModuleSource; read again to find where the contents start
        entry(at, r, "custom section \"" + section.name() + "\", " + r.remaining() + " bytes of contents");
        r.seek(r.limit());
    }

    /**
     * Function names from the "name" section. A custom section's contents never make a module invalid,
     * so a malformed name section just yields no names.
     */
    private void readFunctionNames(ByteReader r) {
        var names = new HashMap<Integer, String>();
        try {
            while (!r.atEnd()) {
                int id = r.u8();
                long size = r.u32();
                int start = r.position();
                r.skip(size, "name subsection");
                if (id == 1) {
                    var sub = new ByteReader(source.bytes(), start, start + (int) size);
                    int n = sub.count("function name", 2);
                    for (int i = 0; i < n; i++) {
                        int index = (int) sub.u32();
                        names.put(index, sub.name());
                    }
                }
            }
            functionNames.putAll(names);
        } catch (WasmFormatException malformedNames) {
            // names are a debugging aid: without them, errors just say "function N"
        }
    }

    // ---- types -----------------------------------------------------------------------------------

    private void types(ByteReader r) {
        int n = count(r, "type", 1);
        for (int i = 0; i < n; i++) {
            int at = r.position();
            int form = r.u8();
            if (form == 0x4e) {
                int members = r.count("recursion group member", 1);
                var sb = new StringBuilder("rec group of " + members + ":");
                for (int m = 0; m < members; m++) {
                    sb.append(' ').append(subType(r, r.u8(), r.position() - 1));
                }
                entry(at, r, "type " + typeCount + ": " + sb);
            } else {
                entry(at, r, "type " + typeCount + ": " + subType(r, form, at));
            }
            if (typeCount > WasmLimits.MAX_TYPES) {
                throw new WasmFormatException(at, "too many types: more than " + WasmLimits.MAX_TYPES);
            }
        }
    }

    /** One sub type (or the short form of one); counts the type index it defines. */
    private String subType(ByteReader r, int form, int at) {
        String prefix = "";
        if (form == 0x50 || form == 0x4f) {
            int supers = r.count("supertype", 1);
            for (int s = 0; s < supers; s++) {
                r.u32(); // may point forward inside a recursion group: the validator checks it
            }
            prefix = form == 0x4f ? "final sub " : "sub ";
            at = r.position();
            form = r.u8();
        }
        String description = switch (form) {
            case 0x60 -> funcType(r);
            case 0x5f -> {
                int fields = r.count("struct field", 2);
                if (fields > WasmLimits.MAX_STRUCT_FIELD_COUNT) {
                    throw new WasmFormatException(at, "too many struct fields: " + fields);
                }
                for (int f = 0; f < fields; f++) {
                    fieldType(r);
                }
                yield "(struct, " + fields + " fields)";
            }
            case 0x5e -> {
                fieldType(r);
                yield "(array)";
            }
            default ->
                throw new WasmFormatException(
                        at, String.format("malformed type form 0x%02x (0x60 is a function type)", form));
        };
        typeSignatures.add(form == 0x60 ? description : "(" + prefix.trim() + "non-function type)");
        typeCount++;
        return prefix + description;
    }

    private String funcType(ByteReader r) {
        int at = r.position();
        int params = r.count("parameter", 1);
        if (params > WasmLimits.MAX_FUNCTION_PARAMS) {
            throw new WasmFormatException(
                    at, "too many parameters: " + params + " (the limit is " + WasmLimits.MAX_FUNCTION_PARAMS + ")");
        }
        var sb = new StringBuilder("(func");
        if (params > 0) {
            sb.append(" (param");
            for (int p = 0; p < params; p++) {
                sb.append(' ').append(valueType(r));
            }
            sb.append(')');
        }
        at = r.position();
        int results = r.count("result", 1);
        if (results > WasmLimits.MAX_FUNCTION_RETURNS) {
            throw new WasmFormatException(
                    at, "too many results: " + results + " (the limit is " + WasmLimits.MAX_FUNCTION_RETURNS + ")");
        }
        if (results > 0) {
            sb.append(" (result");
            for (int p = 0; p < results; p++) {
                sb.append(' ').append(valueType(r));
            }
            sb.append(')');
        }
        return sb.append(')').toString();
    }

    private void fieldType(ByteReader r) {
        int at = r.position();
        int storage = r.u8();
        if (storage != 0x78 && storage != 0x77) {
            valueTypeFrom(r, storage, at);
        }
        mutability(r);
    }

    private static String mutability(ByteReader r) {
        int at = r.position();
        int m = r.u8();
        return switch (m) {
            case 0 -> "const";
            case 1 -> "mut";
            default -> throw new WasmFormatException(at, "malformed mutability " + m);
        };
    }

    private String valueType(ByteReader r) {
        int at = r.position();
        return valueTypeFrom(r, r.u8(), at);
    }

    /** A value type whose first byte was already read; reference types may carry a heap type. */
    private String valueTypeFrom(ByteReader r, int code, int at) {
        if (!ValType.ID.isValidOpcode(code)) {
            throw new WasmFormatException(at, String.format("malformed value type 0x%02x", code));
        }
        return switch (code) {
            case 0x7f -> "i32";
            case 0x7e -> "i64";
            case 0x7d -> "f32";
            case 0x7c -> "f64";
            case 0x7b -> "v128";
            case 0x70 -> "funcref";
            case 0x6f -> "externref";
            case 0x6e -> "anyref";
            case 0x6d -> "eqref";
            case 0x6c -> "i31ref";
            case 0x6b -> "structref";
            case 0x6a -> "arrayref";
            case 0x69 -> "exnref";
            case 0x71 -> "nullref";
            case 0x72 -> "nullexternref";
            case 0x73 -> "nullfuncref";
            case 0x63, 0x64 -> {
                long heap = r.sleb(33);
                String target = heap >= 0 ? String.valueOf(heap) : heapTypeName(heap);
                yield code == 0x63 ? "(ref null " + target + ")" : "(ref " + target + ")";
            }
            default -> String.format("type 0x%02x", code);
        };
    }

    private static String heapTypeName(long heap) {
        return switch ((int) (heap & 0x7f)) {
            case 0x70 -> "func";
            case 0x6f -> "extern";
            case 0x6e -> "any";
            case 0x6d -> "eq";
            case 0x6c -> "i31";
            case 0x6b -> "struct";
            case 0x6a -> "array";
            case 0x69 -> "exn";
            case 0x71 -> "none";
            case 0x72 -> "noextern";
            case 0x73 -> "nofunc";
            case 0x74 -> "noexn";
            default -> "heap type " + heap;
        };
    }

    private String referenceType(ByteReader r) {
        int at = r.position();
        int code = r.u8();
        String type = valueTypeFrom(r, code, at);
        if (code >= 0x7b) {
            throw new WasmFormatException(at, "malformed reference type: " + type + " is not a reference");
        }
        return type;
    }

    private long typeIndex(ByteReader r) {
        int at = r.position();
        long index = r.u32();
        if (index >= typeCount) {
            throw new WasmFormatException(
                    at, "unknown type " + index + ": the module declares " + typeCount + " types");
        }
        return index;
    }

    private String signature(long typeIndex) {
        return typeIndex < typeSignatures.size() ? typeSignatures.get((int) typeIndex) : "";
    }

    // ---- imports, functions, tables, memories, tags, globals --------------------------------------

    private void imports(ByteReader r) {
        int n = count(r, "import", 4);
        if (n > WasmLimits.MAX_IMPORTS) {
            throw new WasmFormatException(r.position(), "too many imports: " + n);
        }
        for (int i = 0; i < n; i++) {
            int at = r.position();
            String module = r.name();
            String field = r.name();
            String what = module + "." + field;
            int kindAt = r.position();
            int kind = r.u8();
            String description = switch (kind) {
                case 0 -> {
                    long type = typeIndex(r);
                    yield "import func " + importedFunctions++ + " " + what + ": type " + type + " " + signature(type);
                }
                case 1 ->
                    "import table " + importedTables++ + " " + what + ": " + referenceType(r) + " " + limits(r, true);
                case 2 -> "import memory " + importedMemories++ + " " + what + ": " + memoryLimits(r);
                case 3 -> "import global " + importedGlobals++ + " " + what + ": " + mutability(r, valueType(r));
                case 4 -> {
                    r.u8();
                    long type = typeIndex(r);
                    yield "import tag " + importedTags++ + " " + what + ": type " + type;
                }
                default -> throw new WasmFormatException(kindAt, "malformed import kind " + kind + " for " + what);
            };
            entry(at, r, description);
        }
    }

    private static String mutability(ByteReader r, String type) {
        return mutability(r).equals("mut") ? "mut " + type : type;
    }

    private void functions(Section section, ByteReader r) {
        functionSection = section;
        int n = count(r, "function", 1);
        if ((long) n + importedFunctions > WasmLimits.MAX_FUNCTIONS) {
            throw new WasmFormatException(section.payloadOffset(), "too many functions: " + n);
        }
        for (int i = 0; i < n; i++) {
            int at = r.position();
            long type = typeIndex(r);
            entry(at, r, "func " + (importedFunctions + i) + ": type " + type + " " + signature(type));
        }
        definedFunctions = n;
    }

    private void tables(ByteReader r) {
        int n = count(r, "table", 2);
        definedTables = n;
        for (int i = 0; i < n; i++) {
            int at = r.position();
            String description;
            if (source.bytes()[at] == 0x40) {
                r.u8();
                int zeroAt = r.position();
                if (r.u8() != 0) {
                    throw new WasmFormatException(zeroAt, "malformed table: expected 0x00 after 0x40");
                }
                description = referenceType(r) + " " + limits(r, false) + " with an initializer";
                constExpr(r);
            } else {
                description = referenceType(r) + " " + limits(r, false);
            }
            entry(at, r, "table " + (importedTables + i) + ": " + description);
        }
    }

    /** Table limits; imported tables may also be shared (flag 3), as Chicory reads them. */
    private static String limits(ByteReader r, boolean allowShared) {
        int at = r.position();
        int flags = r.u8();
        long min = r.u32();
        return switch (flags) {
            case 0 -> "min " + min;
            case 1 -> "min " + min + " max " + r.u32();
            case 3 -> {
                if (!allowShared) {
                    throw new WasmFormatException(at, "malformed table limits flags 0x03");
                }
                yield "min " + min + " max " + r.u32() + " shared";
            }
            default -> throw new WasmFormatException(at, String.format("malformed table limits flags 0x%02x", flags));
        };
    }

    private static String memoryLimits(ByteReader r) {
        int at = r.position();
        int flags = r.u8();
        return switch (flags) {
            case 0 -> "min " + r.u32() + " pages";
            case 1 -> "min " + r.u32() + " max " + r.u32() + " pages";
            case 3 -> "min " + r.u32() + " max " + r.u32() + " pages, shared";
            case 2 -> throw new WasmFormatException(at, "invalid memory: a shared memory must declare a maximum");
            case 4, 5, 6, 7 ->
                throw new WasmFormatException(at, "memory64 (64-bit memory indexes) is not supported by Wharf");
            default -> throw new WasmFormatException(at, String.format("malformed memory limits flags 0x%02x", flags));
        };
    }

    private void memories(ByteReader r) {
        int n = count(r, "memory", 2);
        definedMemories = n;
        for (int i = 0; i < n; i++) {
            int at = r.position();
            entry(at, r, "memory " + (importedMemories + i) + ": " + memoryLimits(r));
        }
    }

    private void tags(ByteReader r) {
        int n = count(r, "tag", 2);
        definedTags = n;
        for (int i = 0; i < n; i++) {
            int at = r.position();
            r.u8();
            long type = typeIndex(r);
            entry(at, r, "tag " + (importedTags + i) + ": type " + type + " " + signature(type));
        }
    }

    private void globals(ByteReader r) {
        int n = count(r, "global", 3);
        definedGlobals = n;
        if ((long) n + importedGlobals > WasmLimits.MAX_GLOBALS) {
            throw new WasmFormatException(r.position(), "too many globals: " + n);
        }
        for (int i = 0; i < n; i++) {
            int at = r.position();
            String type = mutability(r, valueType(r));
            String init = constExpr(r);
            entry(at, r, "global " + (importedGlobals + i) + ": " + type + " = " + init);
        }
    }

    // ---- exports, start, elements ----------------------------------------------------------------

    private void exports(ByteReader r) {
        int n = count(r, "export", 3);
        if (n > WasmLimits.MAX_EXPORTS) {
            throw new WasmFormatException(r.position(), "too many exports: " + n);
        }
        var names = new HashSet<String>();
        for (int i = 0; i < n; i++) {
            int at = r.position();
            String name = r.name();
            if (!names.add(name)) {
                throw new WasmFormatException(at, "duplicate export name \"" + name + "\"");
            }
            int kindAt = r.position();
            int kind = r.u8();
            String kindName = switch (kind) {
                case 0 -> "func";
                case 1 -> "table";
                case 2 -> "memory";
                case 3 -> "global";
                case 4 -> "tag";
                default ->
                    throw new WasmFormatException(kindAt, "malformed export kind " + kind + " for \"" + name + "\"");
            };
            int indexAt = r.position();
            long index = r.u32();
            long defined = switch (kind) {
                case 0 -> importedFunctions + definedFunctions;
                case 1 -> importedTables + definedTables;
                case 2 -> importedMemories + definedMemories;
                case 3 -> importedGlobals + definedGlobals;
                default -> importedTags + definedTags;
            };
            // Chicory 1.7.5 does not check this, and an export of a missing item fails only at instantiation
            if (index >= defined) {
                throw new WasmFormatException(
                        indexAt,
                        "export \"" + name + "\" refers to unknown " + kindName + " " + index + ": the module has "
                                + defined);
            }
            entry(at, r, "export \"" + name + "\": " + kindName + " " + index);
        }
    }

    private void start(ByteReader r) {
        int at = r.position();
        long function = r.u32();
        if (function >= importedFunctions + definedFunctions) {
            throw new WasmFormatException(
                    at,
                    "unknown start function " + function + ": the module has " + (importedFunctions + definedFunctions)
                            + " functions");
        }
        entry(at, r, "start function " + function);
    }

    private void elements(ByteReader r) {
        int n = count(r, "element segment", 2);
        for (int i = 0; i < n; i++) {
            int at = r.position();
            int flags = (int) r.u32();
            if (flags > 7) {
                throw new WasmFormatException(at, "malformed element segment flags " + flags);
            }
            boolean passiveOrDeclarative = (flags & 1) != 0;
            boolean explicitTable = (flags & 2) != 0;
            boolean expressions = (flags & 4) != 0;
            var sb = new StringBuilder("element segment " + i + ": ");
            if (!passiveOrDeclarative) {
                long table = explicitTable ? r.u32() : 0;
                sb.append("active table ").append(table).append(" offset ").append(constExpr(r));
            } else {
                sb.append(explicitTable ? "declarative" : "passive");
            }
            if (passiveOrDeclarative || explicitTable) {
                if (expressions) {
                    sb.append(' ').append(referenceType(r));
                } else {
                    int kindAt = r.position();
                    int elemKind = r.u8();
                    if (elemKind != 0) {
                        throw new WasmFormatException(kindAt, "malformed element kind " + elemKind);
                    }
                }
            }
            int items = r.count(expressions ? "element expression" : "element function index", 1);
            for (int k = 0; k < items; k++) {
                if (expressions) {
                    constExpr(r);
                } else {
                    r.u32();
                }
            }
            sb.append(", ").append(items).append(expressions ? " expressions" : " functions");
            entry(at, r, sb.toString());
        }
    }

    // ---- data ------------------------------------------------------------------------------------

    private void dataCount(ByteReader r) {
        int at = r.position();
        dataCount = r.u32();
        entry(at, r, "data count " + dataCount);
    }

    private void data(ByteReader r) {
        int at = r.position();
        int n = count(r, "data segment", 1);
        if (n > WasmLimits.MAX_DATA_SEGMENTS) {
            throw new WasmFormatException(at, "too many data segments: " + n);
        }
        if (dataCount >= 0 && dataCount != n) {
            throw new WasmFormatException(
                    at,
                    "data count and data section have inconsistent lengths: the data count section says " + dataCount
                            + ", the data section has " + n);
        }
        for (int i = 0; i < n; i++) {
            int segmentAt = r.position();
            int mode = (int) r.u32();
            String where = switch (mode) {
                case 0 -> "active memory 0 offset " + constExpr(r);
                case 1 -> "passive";
                case 2 -> {
                    long memory = r.u32();
                    yield "active memory " + memory + " offset " + constExpr(r);
                }
                default -> throw new WasmFormatException(segmentAt, "malformed data segment mode " + mode);
            };
            int lengthAt = r.position();
            long length = r.u32();
            if (length > r.remaining()) {
                throw new WasmFormatException(
                        lengthAt,
                        "data segment " + i + " declares " + length + " bytes but only " + r.remaining()
                                + " are left in the data section");
            }
            r.skip(length, "data segment");
            entry(segmentAt, r, "data segment " + i + ": " + where + ", " + length + " bytes");
        }
    }

    // ---- code ------------------------------------------------------------------------------------

    private void code(ByteReader r) {
        codeSeen = true;
        int countAt = r.position();
        int n = count(r, "function body", 2);
        if (n != definedFunctions) {
            throw new WasmFormatException(
                    countAt,
                    "function and code section have inconsistent lengths: " + definedFunctions + " functions declared, "
                            + n + " bodies");
        }
        for (int i = 0; i < n; i++) {
            int function = importedFunctions + i;
            int sizeAt = r.position();
            long size = r.u32();
            if (size > r.remaining()) {
                throw new WasmFormatException(
                        sizeAt,
                        "function body " + i + " (function " + function + ") declares " + size + " bytes but only "
                                + r.remaining() + " are left in the code section");
            }
            if (size > WasmLimits.MAX_FUNCTION_SIZE) {
                throw new WasmFormatException(
                        sizeAt,
                        "function " + function + " is " + size + " bytes, larger than the "
                                + WasmLimits.MAX_FUNCTION_SIZE + " a function may be");
            }
            int bodyAt = r.position();
            var body = new ByteReader(source.bytes(), bodyAt, bodyAt + (int) size);
            var locals = new StringBuilder();
            int localCount;
            try {
                localCount = locals(body, locals);
                instructions(body);
            } catch (WasmFormatException e) {
                throw new WasmFormatException(e.offset(), describeFunction(function) + ": " + e.reason(), e);
            }
            r.skip(size, "function body");
            bodies.add(
                    new ModuleLayout.FunctionBody(function, sizeAt, bodyAt, (int) size, locals.toString(), localCount));
            entry(
                    sizeAt,
                    r,
                    "func " + function + " body: " + size + " bytes"
                            + (locals.isEmpty() ? "" : ", locals " + locals)
                            + functionName(function));
        }
    }

    private String describeFunction(int function) {
        String name = functionNames.get(function);
        return name == null ? "function " + function : "function " + function + " (`" + name + "`)";
    }

    private String functionName(int function) {
        String name = functionNames.get(function);
        return name == null ? "" : " <" + name + ">";
    }

    private int locals(ByteReader body, StringBuilder description) {
        int groups = body.count("local group", 2);
        long total = 0;
        for (int g = 0; g < groups; g++) {
            int at = body.position();
            long n = body.u32();
            total += n;
            if (total > WasmLimits.MAX_FUNCTION_LOCALS) {
                throw new WasmFormatException(at, "too many locals: more than " + WasmLimits.MAX_FUNCTION_LOCALS);
            }
            String type = valueType(body);
            if (n > 0) {
                description
                        .append(description.isEmpty() ? "" : ", ")
                        .append(n)
                        .append(' ')
                        .append(type);
            }
        }
        return (int) total;
    }

    /** The instruction stream of a body: every opcode known, every immediate in bounds, one final `end`. */
    private void instructions(ByteReader body) {
        int depth = 0;
        while (!body.atEnd()) {
            OpCode op = instruction(body, depth);
            switch (op) {
                case BLOCK, LOOP, IF, TRY_TABLE -> depth++;
                case END -> {
                    if (depth == 0) {
                        if (!body.atEnd()) {
                            throw new WasmFormatException(
                                    body.position(), "operators after the final `end` (section size mismatch)");
                        }
                        return;
                    }
                    depth--;
                }
                default -> {}
            }
        }
        throw new WasmFormatException(body.position(), "the body ends without its final `end`");
    }

    /** A constant expression: instructions up to the first `end`, as Chicory reads it. Returns a short text. */
    private String constExpr(ByteReader r) {
        int at = r.position();
        String first = null;
        int count = 0;
        while (true) {
            int opAt = r.position();
            OpCode op = instruction(r, -1);
            if (op == OpCode.END) {
                break;
            }
            if (first == null) {
                first = describeConst(op, opAt);
            }
            count++;
        }
        if (count == 0) {
            return "(empty expression)";
        }
        return count == 1 ? first : "(" + count + " instructions at 0x" + Integer.toHexString(at) + ")";
    }

    private String describeConst(OpCode op, int at) {
        var r = new ByteReader(source.bytes(), at, source.bytes().length);
        r.u8();
        String name = op.name().toLowerCase(Locale.ROOT).replaceFirst("_", ".");
        return switch (op) {
            case I32_CONST -> name + " " + r.sleb(32);
            case I64_CONST -> name + " " + r.sleb(64);
            case F32_CONST -> name + " " + Float.intBitsToFloat((int) littleEndian(r, 4));
            case F64_CONST -> name + " " + Double.longBitsToDouble(littleEndian(r, 8));
            case GLOBAL_GET, REF_FUNC -> name + " " + r.u32();
            default -> name;
        };
    }

    /**
     * Decodes one instruction with its immediates and returns its opcode. Inside a function body
     * ({@code depth >= 0} blocks open), branch labels are checked too: Chicory resolves them while
     * decoding and fails with a NullPointerException on a label that does not exist.
     */
    private OpCode instruction(ByteReader r, int depth) {
        int at = r.position();
        int b = r.u8();
        int code = b;
        if (b >= 0xfb && b <= 0xfe) {
            long sub = r.u32();
            if (sub > 0xff || (b << 8) + sub >= 0xff00) {
                throw unknownOpcode(at, String.format("0x%02x 0x%x", b, sub));
            }
            code = (b << 8) + (int) sub;
        }
        OpCode op = code < 0xff00 ? OpCode.byOpCode(code) : null;
        if (op == null) {
            throw unknownOpcode(
                    at, b == code ? String.format("0x%02x", b) : String.format("0x%02x 0x%x", b, code & 0xff));
        }
        if (op == OpCode.DROP || op == OpCode.SELECT) {
            return op;
        }
        boolean branch = depth >= 0
                && switch (op) {
                    case BR, BR_IF, BR_TABLE, BR_ON_NULL, BR_ON_NON_NULL, BR_ON_CAST, BR_ON_CAST_FAIL -> true;
                    default -> false;
                };
        boolean labelSeen = false;
        for (WasmEncoding immediate : OpCode.signature(op)) {
            switch (immediate) {
                case BYTE -> r.u8();
                case VARUINT -> {
                    int valueAt = r.position();
                    long value = r.u32();
                    // br_table's default, br_on_cast's label: the first VARUINT of a branch (or all, for br_table)
                    if (branch && (!labelSeen || op == OpCode.BR_TABLE)) {
                        label(value, depth, valueAt);
                        labelSeen = true;
                    }
                }
                case VARSINT32 -> r.sleb(32);
                case VARSINT64 -> r.sleb(64);
                case FLOAT32 -> r.skip(4, "f32 constant");
                case FLOAT64 -> r.skip(8, "f64 constant");
                case V128 -> r.skip(16, "v128 constant");
                case VEC_VARUINT -> {
                    int n = r.count("branch target", 1);
                    for (int i = 0; i < n; i++) {
                        int valueAt = r.position();
                        long value = r.u32();
                        if (branch) {
                            label(value, depth, valueAt);
                        }
                    }
                }
                case VEC_CATCH -> {
                    int n = r.count("catch clause", 2);
                    for (int i = 0; i < n; i++) {
                        int clauseAt = r.position();
                        int kind = r.u8();
                        if (kind > 3) {
                            throw new WasmFormatException(clauseAt, "malformed catch clause kind " + kind);
                        }
                        if (kind < 2) {
                            r.u32(); // tag
                        }
                        int labelAt = r.position();
                        long label = r.u32();
                        if (depth >= 0) {
                            label(label, depth, labelAt);
                        }
                    }
                }
                case BLOCK_TYPE -> blockType(r);
                case VEC_VALUE_TYPE -> {
                    int n = r.count("value type", 1);
                    for (int i = 0; i < n; i++) {
                        valueTypeImmediate(r);
                    }
                }
                case MEMARG -> {
                    long flags = r.u32();
                    if ((flags >> 6) != 0) {
                        r.u32(); // memory index
                    }
                    r.u32(); // offset
                }
            }
        }
        return op;
    }

    private static long littleEndian(ByteReader r, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) r.u8() << (8 * i);
        }
        return v;
    }

    private static void label(long label, int depth, int at) {
        if (label > depth) {
            throw new WasmFormatException(
                    at,
                    "unknown label " + label + ": only " + (depth + 1) + " enclosing block" + (depth == 0 ? "" : "s")
                            + " (the function counts as one)");
        }
    }

    /** The empty type, a value type, or a type index (s33), read the way Chicory reads it. */
    private static void blockType(ByteReader r) {
        long v = r.u32();
        if (v == ValType.ID.Ref || v == ValType.ID.RefNull) {
            r.sleb(32);
        }
    }

    private static void valueTypeImmediate(ByteReader r) {
        int at = r.position();
        long v = r.u32();
        if (!ValType.ID.isValidOpcode((int) v) || v > 0x7f) {
            throw new WasmFormatException(at, "malformed value type " + v);
        }
        if (v == ValType.ID.Ref || v == ValType.ID.RefNull) {
            r.sleb(32);
        }
    }

    private static WasmFormatException unknownOpcode(int at, String bytes) {
        return new WasmFormatException(at, "unknown opcode " + bytes);
    }
}
