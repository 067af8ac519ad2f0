package dev.wharf.binary;

import com.dylibso.chicory.wasm.WasmLimits;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Wharf's own structural walk over every standard section, run before the bytes reach Chicory's parser.
 * It decodes each section to its end (counts, lengths, names, value types, limits, constant expressions,
 * every instruction of every function body through the {@link InstructionReader}), so a bad count, a length
 * past the end, a malformed name, an unknown opcode or a misplaced section is reported at its exact byte
 * offset, and Chicory, which trusts declared counts when it sizes its arrays, only ever sees well-framed input.
 *
 * <p>Validation is split in two. Type checking is Chicory's validator (it knows v128 and every SIMD
 * instruction). This walk checks, at the instruction's own offset, what can be told from the instruction
 * alone and what Chicory 1.7.5 misses: branch labels (Chicory fails on a missing one with a
 * NullPointerException), lane indexes, memarg alignments (Chicory skips v128.load32_zero and load64_zero)
 * and memory indexes (Chicory skips them on every SIMD load), and relaxed SIMD, which Chicory cannot decode.
 * It also notes the proposals the module uses ({@link Feature}) and where constant expressions lie.
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

    // one decoder for every body and constant expression; what the module uses and where its expressions lie
    private final InstructionReader code = new InstructionReader(null);
    private final EnumSet<Feature> features = EnumSet.noneOf(Feature.class);
    private final List<Integer> globalInits = new ArrayList<>();
    private final List<Integer> elementOffsets = new ArrayList<>();
    private final List<List<Integer>> elementItems = new ArrayList<>();
    private final List<Integer> dataOffsets = new ArrayList<>();

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
        walker.features.remove(Feature.CORE);
        return new ModuleLayout(
                walker.sections,
                walker.bodies,
                walker.importedFunctions,
                walker.functionNames,
                new ModuleLayout.ConstantExpressions(
                        walker.globalInits, walker.elementOffsets, walker.elementItems, walker.dataOffsets),
                walker.features);
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
            r.seek(at);
            valueType(r);
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
        long type = InstructionReader.readValueType(r);
        if (type == 0x7b) {
            features.add(Feature.SIMD);
        }
        return InstructionText.valueType(type);
    }

    private String referenceType(ByteReader r) {
        int at = r.position();
        long type = InstructionReader.readValueType(r);
        if (InstructionReader.typeCode(type) >= 0x7b) {
            throw new WasmFormatException(
                    at, "malformed reference type: " + InstructionText.valueType(type) + " is not a reference");
        }
        return InstructionText.valueType(type);
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
            globalInits.add(r.position());
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
                elementOffsets.add(r.position());
                sb.append("active table ").append(table).append(" offset ").append(constExpr(r));
            } else {
                elementOffsets.add(-1);
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
            var itemOffsets = expressions ? new ArrayList<Integer>(items) : List.<Integer>of();
            for (int k = 0; k < items; k++) {
                if (expressions) {
                    itemOffsets.add(r.position());
                    constExpr(r);
                } else {
                    r.u32();
                }
            }
            elementItems.add(itemOffsets);
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
            dataOffsets.add(mode == 1 ? -1 : r.position());
            String where = switch (mode) {
                case 0 -> "active memory 0 offset " + constExpr(r);
                case 1 -> "passive";
                case 2 -> {
                    long memory = r.u32();
                    dataOffsets.set(dataOffsets.size() - 1, r.position());
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
            int codeAt;
            try {
                localCount = locals(body, locals);
                codeAt = body.position();
                instructions(body);
            } catch (WasmFormatException e) {
                throw new WasmFormatException(e.offset(), describeFunction(function) + ": " + e.reason(), e);
            }
            r.skip(size, "function body");
            bodies.add(new ModuleLayout.FunctionBody(
                    function, sizeAt, bodyAt, (int) size, codeAt, locals.toString(), localCount));
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
        code.reading(body);
        int depth = 0;
        while (!body.atEnd()) {
            Opcode op = code.next();
            check(depth);
            if (op.opensBlock()) {
                depth++;
            } else if (op == Opcode.END) {
                if (depth == 0) {
                    if (!body.atEnd()) {
                        throw new WasmFormatException(
                                body.position(), "operators after the final `end` (section size mismatch)");
                    }
                    return;
                }
                depth--;
            }
        }
        throw new WasmFormatException(body.position(), "the body ends without its final `end`");
    }

    /** A constant expression: instructions up to the first `end`, as Chicory reads it. Returns a short text. */
    private String constExpr(ByteReader r) {
        int at = r.position();
        code.reading(r);
        String first = null;
        int count = 0;
        while (true) {
            Opcode op = code.next();
            check(-1);
            if (op == Opcode.END) {
                break;
            }
            if (first == null) {
                first = InstructionText.of(code);
            }
            count++;
        }
        if (count == 0) {
            return "(empty expression)";
        }
        return count == 1 ? first : "(" + count + " instructions at 0x" + Integer.toHexString(at) + ")";
    }

    /**
     * The checks on the instruction just decoded that need no types. Inside a function body ({@code depth >= 0}
     * blocks open) branch labels are checked too; a try_table's catch labels count from outside it, which is
     * the depth before it opens.
     */
    private void check(int depth) {
        Opcode op = code.opcode();
        features.add(op.feature());
        if (op.feature() == Feature.RELAXED_SIMD) {
            throw new WasmFormatException(
                    code.start(),
                    "relaxed SIMD instruction " + op.mnemonic() + " (" + op.hex() + ") is not supported: Wharf reads"
                            + " SIMD (v128) but not relaxed SIMD; rebuild without -mrelaxed-simd");
        }
        if (depth >= 0) {
            for (int i = 0; i < code.labelCount(); i++) {
                label(code.label(i), depth, code.labelOffset(i));
            }
        }
        switch (op.immediate()) {
            case MEMARG, MEMARG_LANE -> memArg(op);
            case BLOCK_TYPE, CATCHES -> {
                if (code.blockTypeIndex() < 0 && code.blockValueType() == 0x7b) {
                    features.add(Feature.SIMD);
                }
            }
            case SELECT_TYPES -> {
                for (int i = 0; i < code.typeCount(); i++) {
                    if (code.type(i) == 0x7b) {
                        features.add(Feature.SIMD);
                    }
                }
            }
            default -> {}
        }
        if (op.immediate() == Opcode.Immediate.LANE || op.immediate() == Opcode.Immediate.MEMARG_LANE) {
            lane(op, code.lane(), code.end() - 1); // the lane is the instruction's last byte
        } else if (op.immediate() == Opcode.Immediate.SHUFFLE) {
            for (int i = 0; i < 16; i++) {
                lane(op, code.v128Byte(i), code.end() - 16 + i);
            }
        }
    }

    private static void lane(Opcode op, int lane, int at) {
        if (lane >= op.lanes()) {
            throw new WasmFormatException(
                    at,
                    "invalid lane index " + lane + " for " + op.mnemonic() + ": lanes are 0 to " + (op.lanes() - 1));
        }
    }

    private void memArg(Opcode op) {
        if (code.align() > op.naturalAlignLog2()) {
            throw new WasmFormatException(
                    code.start(),
                    "alignment must not be larger than natural: " + op.mnemonic() + " declares align="
                            + (1L << code.align()) + ", at most " + (1 << op.naturalAlignLog2()));
        }
        long memories = importedMemories + definedMemories;
        if (Integer.toUnsignedLong(code.memory()) >= memories) {
            throw new WasmFormatException(
                    code.start(),
                    "unknown memory " + Integer.toUnsignedString(code.memory()) + ": " + op.mnemonic()
                            + (memories == 0
                                    ? " needs a memory, and the module has none"
                                    : " but the module has " + memories));
        }
    }

    private static void label(long label, int depth, int at) {
        if (label > depth) {
            throw new WasmFormatException(
                    at,
                    "unknown label " + label + ": only " + (depth + 1) + " enclosing block" + (depth == 0 ? "" : "s")
                            + " (the function counts as one)");
        }
    }
}
