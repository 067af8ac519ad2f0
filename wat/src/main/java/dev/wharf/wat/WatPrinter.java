package dev.wharf.wat;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.DeclarativeElement;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.binary.ByteReader;
import dev.wharf.binary.Feature;
import dev.wharf.binary.InstructionReader;
import dev.wharf.binary.ModuleLayout;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.Opcode;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.Section;
import dev.wharf.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a module as WAT text that wabt's wat2wasm assembles back into an equivalent module: every
 * section in the flat instruction form (nothing folded), names from the name section as `$identifiers`
 * with the raw index beside each definition in a `(;N;)` comment, floats exact, v128 constants as four
 * exact i32 lanes. Code is read with Wharf's instruction decoder ({@link InstructionReader}), the same one
 * validation and the fuel meter use; Chicory's parse supplies the module's types, imports and segments.
 * Features wabt 1.0.32 or this printer cannot express (GC, exception handling, memory64) stop printing with
 * a {@link WatUnsupportedException} instead of producing text that would assemble into something else.
 */
public final class WatPrinter {
    private static final String INDENT = "  ";
    private static final int DATA_CHUNK = 32;

    private final ModuleSource source;
    private final WasmModule module;
    private final ModuleLayout layout;
    private final WatLimits limits;
    private final WatNames names;
    private final List<Import> imports;
    private final int importedFunctions;
    private final int importedTables;
    private final int importedMemories;
    private final int importedGlobals;
    /** Type index of every function in the function index space, imports first. */
    private final int[] functionTypes;

    private WatPrinter(ModuleSource source, WasmModule module, ModuleLayout layout) {
        this.source = source;
        this.module = module;
        this.layout = layout;
        this.limits = WatLimits.read(source);
        var importSection = module.importSection();
        var list = new ArrayList<Import>(importSection.importCount());
        int functions = 0;
        int tables = 0;
        int memories = 0;
        int globals = 0;
        for (int i = 0; i < importSection.importCount(); i++) {
            var imported = importSection.getImport(i);
            list.add(imported);
            switch (imported) {
                case FunctionImport f -> functions++;
                case TableImport t -> tables++;
                case MemoryImport m -> memories++;
                case GlobalImport g -> globals++;
                default ->
                    throw new WatUnsupportedException("exception handling tags", -1)
                            .in("import " + WatLiterals.string(imported.module()) + " "
                                    + WatLiterals.string(imported.name()));
            }
        }
        this.imports = List.copyOf(list);
        this.importedFunctions = functions;
        this.importedTables = tables;
        this.importedMemories = memories;
        this.importedGlobals = globals;
        int defined = module.functionSection().functionCount();
        this.functionTypes = new int[functions + defined];
        int f = 0;
        for (var imported : imports) {
            if (imported instanceof FunctionImport fi) {
                functionTypes[f++] = fi.typeIndex();
            }
        }
        for (int i = 0; i < defined; i++) {
            functionTypes[f++] = module.functionSection().getFunctionType(i);
        }
        this.names = WatNames.of(
                module.nameSection(),
                new WatNames.Counts(
                        functionTypes.length,
                        tables + module.tableSection().tableCount(),
                        memories
                                + module.memorySection()
                                        .map(s -> s.memoryCount())
                                        .orElse(0),
                        globals + module.globalSection().globalCount(),
                        module.elementSection().elementCount(),
                        module.dataSection().dataSegmentCount()));
    }

    /** A printer for a parsed module; its bytes give exact limits, the custom sections and the code. */
    public static WatPrinter of(ParsedModule parsed) {
        return new WatPrinter(parsed.source(), parsed.wasm(), parsed.layout());
    }

    /** Number of functions in the function index space, imported ones included. */
    public int functionCount() {
        return functionTypes.length;
    }

    /** Number of imported functions; defined functions follow them in the index space. */
    public int importedFunctionCount() {
        return importedFunctions;
    }

    /** The whole module as WAT text. */
    public String printModule() {
        var out = new StringBuilder(source.bytes().length * 4);
        try {
            printModule(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    /** Writes the whole module as WAT text to `out`. */
    public void printModule(Appendable out) throws IOException {
        if (module.tagSection().isPresent()) {
            // a function that throws is refused on its own; the module as a whole cannot be written without tags
            throw new WatUnsupportedException("exception handling tags", sectionOffset(Section.TAG));
        }
        String moduleName = names.module();
        out.append("(module")
                .append(moduleName == null ? "" : " $" + moduleName)
                .append('\n');
        printSkippedCustomSections(out);
        printTypes(out);
        printImports(out);
        for (int f = importedFunctions; f < functionTypes.length; f++) {
            out.append(printFunction(f, INDENT));
        }
        printTables(out);
        printMemories(out);
        printGlobals(out);
        printExports(out);
        if (module.startSection().isPresent()) {
            out.append(INDENT)
                    .append("(start ")
                    .append(funcRef((int) module.startSection().get().startIndex()))
                    .append(")\n");
        }
        printElements(out);
        printData(out);
        out.append(")\n");
    }

    /**
     * Throws the {@link WatUnsupportedException} that printing would, without producing text: a caller
     * streaming to a terminal checks first so that it never writes half a module.
     */
    public void requirePrintable() {
        try {
            printModule(Writer.nullWriter());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the null writer does not throw
        }
    }

    /**
     * One defined function as a `(func ...)` form, by its index in the function index space. Throws
     * {@link WatUnsupportedException} if the function uses an instruction the printer does not write.
     */
    public String printFunction(int functionIndex) {
        if (functionIndex < importedFunctions || functionIndex >= functionTypes.length) {
            throw new IllegalArgumentException("function " + functionIndex + " is not a defined function (imports: "
                    + importedFunctions + ", total: " + functionTypes.length + ")");
        }
        return printFunction(functionIndex, "");
    }

    /** Writes the module's WAT text to `target`, replacing it only once the whole text is written. */
    public void writeTo(Path target) throws IOException {
        AtomicFiles.replace(target, this::printModule);
    }

    // ---- sections ----

    private void printSkippedCustomSections(Appendable out) throws IOException {
        for (var section : source.sections()) {
            if (section.isCustom() && !section.name().equals("name")) {
                out.append(INDENT)
                        .append(";; custom section ")
                        .append(WatLiterals.string(section.name()))
                        .append(" (")
                        .append(String.valueOf(section.payloadSize()))
                        .append(" bytes) is not printed: WAT has no syntax for it\n");
            }
        }
    }

    private void printTypes(Appendable out) throws IOException {
        var types = module.typeSection();
        if (types.typeCount() != types.subTypeCount()) {
            throw new WatUnsupportedException("GC recursive type groups", sectionOffset(Section.TYPE));
        }
        for (int i = 0; i < types.typeCount(); i++) {
            var sub = types.getSubType(i);
            if (sub.compType().funcType() == null || sub.typeIdx().length > 0 || !sub.isFinal()) {
                throw new WatUnsupportedException("GC struct, array or sub types", sectionOffset(Section.TYPE));
            }
            String text;
            try {
                text = signature(types.getType(i));
            } catch (WatUnsupportedException e) {
                throw e.in("type " + i);
            }
            out.append(INDENT)
                    .append("(type (;")
                    .append(String.valueOf(i))
                    .append(";) (func")
                    .append(text)
                    .append("))\n");
        }
    }

    private void printImports(Appendable out) throws IOException {
        int function = 0;
        int table = 0;
        int memory = 0;
        int global = 0;
        for (var imported : imports) {
            out.append(INDENT)
                    .append("(import ")
                    .append(WatLiterals.string(imported.module()))
                    .append(' ')
                    .append(WatLiterals.string(imported.name()))
                    .append(' ');
            switch (imported) {
                case FunctionImport f -> {
                    out.append("(func")
                            .append(definition(names.function(function), function))
                            .append(" (type ")
                            .append(String.valueOf(f.typeIndex()))
                            .append(")")
                            .append(signature(module.typeSection().getType(f.typeIndex())))
                            .append(')');
                    function++;
                }
                case TableImport t -> {
                    out.append("(table")
                            .append(definition(names.table(table), table))
                            .append(' ')
                            .append(limits.tables().get(table).text())
                            .append(' ')
                            .append(valueType(t.entryType()))
                            .append(')');
                    table++;
                }
                case MemoryImport m -> {
                    out.append("(memory")
                            .append(definition(names.memory(memory), memory))
                            .append(' ')
                            .append(limits.memories().get(memory).text())
                            .append(')');
                    memory++;
                }
                case GlobalImport g -> {
                    out.append("(global")
                            .append(definition(names.global(global), global))
                            .append(' ')
                            .append(globalType(g.type(), g.mutabilityType()))
                            .append(')');
                    global++;
                }
                default -> throw new IllegalStateException("checked in the constructor");
            }
            out.append(")\n");
        }
    }

    private void printTables(Appendable out) throws IOException {
        var tables = module.tableSection();
        for (int i = 0; i < tables.tableCount(); i++) {
            int index = importedTables + i;
            out.append(INDENT)
                    .append("(table")
                    .append(definition(names.table(index), index))
                    .append(' ')
                    .append(limits.tables().get(index).text())
                    .append(' ')
                    .append(valueType(tables.getTable(i).elementType()))
                    .append(")\n");
        }
    }

    private void printMemories(Appendable out) throws IOException {
        int defined = module.memorySection().map(s -> s.memoryCount()).orElse(0);
        for (int i = 0; i < defined; i++) {
            int index = importedMemories + i;
            out.append(INDENT)
                    .append("(memory")
                    .append(definition(names.memory(index), index))
                    .append(' ')
                    .append(limits.memories().get(index).text())
                    .append(")\n");
        }
    }

    private void printGlobals(Appendable out) throws IOException {
        var globals = module.globalSection();
        for (int i = 0; i < globals.globalCount(); i++) {
            int index = importedGlobals + i;
            Global global = globals.getGlobal(i);
            String where = "global " + index;
            out.append(INDENT)
                    .append("(global")
                    .append(definition(names.global(index), index))
                    .append(' ')
                    .append(globalType(global.valueType(), global.mutabilityType()))
                    .append(' ')
                    .append(constantExpression(
                            layout.constantExpressions().globals().get(i), where, null))
                    .append(")\n");
        }
    }

    private void printExports(Appendable out) throws IOException {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            String target = switch (export.exportType()) {
                case FUNCTION -> "func " + funcRef(export.index());
                case TABLE -> "table " + ref(names.table(export.index()), export.index());
                case MEMORY -> "memory " + ref(names.memory(export.index()), export.index());
                case GLOBAL -> "global " + ref(names.global(export.index()), export.index());
                default ->
                    throw new WatUnsupportedException("exception handling tags", -1)
                            .in("export " + WatLiterals.string(export.name()));
            };
            out.append(INDENT)
                    .append("(export ")
                    .append(WatLiterals.string(export.name()))
                    .append(" (")
                    .append(target)
                    .append("))\n");
        }
    }

    private void printElements(Appendable out) throws IOException {
        var elements = module.elementSection();
        for (int i = 0; i < elements.elementCount(); i++) {
            Element element = elements.getElement(i);
            String where = "element segment " + i;
            out.append(INDENT).append("(elem").append(definition(names.element(i), i));
            switch (element) {
                case ActiveElement active -> {
                    if (active.tableIndex() != 0) {
                        out.append(" (table ")
                                .append(ref(names.table(active.tableIndex()), active.tableIndex()))
                                .append(')');
                    }
                    out.append(' ')
                            .append(offsetExpression(
                                    layout.constantExpressions()
                                            .elementOffsets()
                                            .get(i),
                                    where));
                }
                case DeclarativeElement declarative -> out.append(" declare");
                default -> {} // passive
            }
            List<Integer> functions = functionIndexes(element);
            if (functions != null) {
                out.append(" func");
                for (int function : functions) {
                    out.append(' ').append(funcRef(function));
                }
            } else {
                out.append(' ').append(referenceType(element.type(), where));
                for (int item : layout.constantExpressions().elementItems().get(i)) {
                    out.append(' ').append(constantExpression(item, where, "item"));
                }
            }
            out.append(")\n");
        }
    }

    /**
     * The function indexes of a segment in the `func 1 2 3` form, or null if it must be printed as
     * expressions. Chicory types the index form as a non-null function reference.
     */
    private static List<Integer> functionIndexes(Element element) {
        if (element.type().opcode() != ValType.ID.Ref || element.type().typeIdx() != ValType.TypeIdxCode.FUNC.code()) {
            return null;
        }
        var indexes = new ArrayList<Integer>();
        for (var item : element.initializers()) {
            var code = withoutEnd(item);
            if (code.size() != 1 || code.get(0).opcode() != OpCode.REF_FUNC) {
                return null;
            }
            indexes.add((int) code.get(0).operand(0));
        }
        return indexes;
    }

    private void printData(Appendable out) throws IOException {
        var data = module.dataSection();
        for (int i = 0; i < data.dataSegmentCount(); i++) {
            DataSegment segment = data.getDataSegment(i);
            out.append(INDENT).append("(data").append(definition(names.data(i), i));
            if (segment instanceof ActiveDataSegment active) {
                int memory = (int) active.index();
                if (memory != 0) {
                    out.append(" (memory ")
                            .append(ref(names.memory(memory), memory))
                            .append(')');
                }
                out.append(' ')
                        .append(offsetExpression(
                                layout.constantExpressions().dataOffsets().get(i), "data segment " + i));
            }
            byte[] bytes = segment.data();
            if (bytes.length <= DATA_CHUNK) {
                out.append(' ').append(WatLiterals.string(bytes));
            } else {
                // long segments as several strings, one per line: WAT concatenates them
                for (int from = 0; from < bytes.length; from += DATA_CHUNK) {
                    out.append('\n')
                            .append(INDENT)
                            .append(INDENT)
                            .append(WatLiterals.string(bytes, from, Math.min(bytes.length, from + DATA_CHUNK)));
                }
            }
            out.append(")\n");
        }
    }

    // ---- functions ----

    private String printFunction(int index, String indent) {
        FunctionBody body = module.codeSection().getFunctionBody(index - importedFunctions);
        ModuleLayout.FunctionBody bytes = layout.functionBodies().get(index - importedFunctions);
        FunctionType type = module.typeSection().getType(functionTypes[index]);
        String where = "function " + index + (names.function(index) == null ? "" : " ($" + names.function(index) + ")");
        try {
            var scope = new FunctionScope(
                    index, type.params().size() + body.localTypes().size());
            var out = new StringBuilder(64 + bytes.size() * 8);
            out.append(indent)
                    .append("(func")
                    .append(definition(names.function(index), index))
                    .append(" (type ")
                    .append(functionTypes[index])
                    .append(')');
            appendParams(out, type.params(), scope);
            appendResults(out, type.returns());
            String bodyIndent = indent + INDENT;
            if (!body.localTypes().isEmpty()) {
                out.append('\n').append(bodyIndent);
                appendLocals(out, body.localTypes(), type.params().size(), scope);
            }
            int depth = 0;
            var in = new ByteReader(source.bytes(), bytes.codeOffset(), bytes.end());
            var code = new InstructionReader(in);
            while (!code.atEnd()) {
                Opcode op = code.next();
                if (op == Opcode.END && depth == 0) {
                    continue; // the function's own end is the closing parenthesis
                }
                if (op == Opcode.END || op == Opcode.ELSE) {
                    depth -= op == Opcode.END ? 1 : 0;
                    out.append('\n')
                            .append(bodyIndent)
                            .append(INDENT.repeat(op == Opcode.ELSE ? depth - 1 : depth))
                            .append(op.mnemonic());
                    continue;
                }
                out.append('\n')
                        .append(bodyIndent)
                        .append(INDENT.repeat(depth))
                        .append(instruction(code, scope, depth));
                if (op.opensBlock()) {
                    depth++;
                    out.append("  ;; label = @").append(depth);
                }
            }
            return out.append(")\n").toString();
        } catch (WatUnsupportedException e) {
            throw e.in(where);
        }
    }

    /** What an instruction can refer to inside one function: its locals and (for labels) its block depth. */
    private record FunctionScope(int function, int localCount) {}

    private void appendParams(StringBuilder out, List<ValType> params, FunctionScope scope) {
        appendLocalGroup(out, "param", params, 0, scope);
    }

    private void appendLocals(StringBuilder out, List<ValType> locals, int firstIndex, FunctionScope scope) {
        int before = out.length();
        appendLocalGroup(out, "local", locals, firstIndex, scope);
        // the group starts with a space that is not wanted at the start of a line
        if (out.length() > before && out.charAt(before) == ' ') {
            out.deleteCharAt(before);
        }
    }

    /** `(param $a i32) (param i64 f32)`: named entries alone, runs of unnamed ones together. */
    private void appendLocalGroup(
            StringBuilder out, String keyword, List<ValType> types, int firstIndex, FunctionScope scope) {
        boolean open = false;
        for (int i = 0; i < types.size(); i++) {
            String name = scope == null ? null : names.local(scope.function(), firstIndex + i, scope.localCount());
            String type = valueType(types.get(i));
            if (name != null) {
                if (open) {
                    out.append(')');
                    open = false;
                }
                out.append(" (")
                        .append(keyword)
                        .append(" $")
                        .append(name)
                        .append(' ')
                        .append(type)
                        .append(')');
            } else {
                out.append(open ? " " : " (" + keyword + " ").append(type);
                open = true;
            }
        }
        if (open) {
            out.append(')');
        }
    }

    private static void appendResults(StringBuilder out, List<ValType> results) {
        if (!results.isEmpty()) {
            out.append(" (result");
            for (ValType type : results) {
                out.append(' ').append(valueType(type));
            }
            out.append(')');
        }
    }

    /** ` (param i32) (result i64)` for a type, or the empty string. */
    private static String signature(FunctionType type) {
        var out = new StringBuilder();
        if (!type.params().isEmpty()) {
            out.append(" (param");
            for (ValType t : type.params()) {
                out.append(' ').append(valueType(t));
            }
            out.append(')');
        }
        appendResults(out, type.returns());
        return out.toString();
    }

    /** One instruction with its immediates, without indentation. `scope` is null in constant expressions. */
    private String instruction(InstructionReader code, FunctionScope scope, int depth) {
        Opcode op = code.opcode();
        String unsupported = unsupported(op.feature());
        if (unsupported != null) {
            throw new WatUnsupportedException(unsupported, code.start());
        }
        var out = new StringBuilder(op.mnemonic());
        switch (op.immediate()) {
            case NONE, RESERVED_ZERO -> {}
            case BLOCK_TYPE -> out.append(blockType(code));
            case LABEL, LABEL_TABLE -> {
                for (int i = 0; i < code.labelCount(); i++) {
                    out.append(' ').append(label(code.label(i), depth));
                }
            }
            case FUNC -> out.append(' ').append(funcRef(code.index()));
            case TYPE_TABLE -> {
                int table = code.index2();
                if (table != 0) {
                    out.append(' ').append(ref(names.table(table), table));
                }
                int typeIndex = code.index();
                out.append(" (type ")
                        .append(typeIndex)
                        .append(')')
                        .append(signature(module.typeSection().getType(typeIndex)));
            }
            case LOCAL -> {
                int local = code.index();
                out.append(' ')
                        .append(ref(
                                scope == null ? null : names.local(scope.function(), local, scope.localCount()),
                                local));
            }
            case GLOBAL -> out.append(' ').append(ref(names.global(code.index()), code.index()));
            case TABLE -> out.append(' ').append(ref(names.table(code.index()), code.index()));
            case MEMARG -> memArg(out, code, op);
            case MEMARG_LANE -> memArg(out, code, op).append(' ').append(code.lane());
            case LANE -> out.append(' ').append(code.lane());
            case V128 -> out.append(' ').append(WatLiterals.v128(code.v128Low(), code.v128High()));
            case SHUFFLE -> {
                for (int i = 0; i < 16; i++) {
                    out.append(' ').append(code.v128Byte(i));
                }
            }
            case MEMORY -> {
                int memory = code.index();
                if (memory != 0) {
                    out.append(' ').append(ref(names.memory(memory), memory));
                }
            }
            case I32 -> out.append(' ').append((int) code.integer());
            case I64 -> out.append(' ').append(code.integer());
            case F32 -> {
                int bits = code.f32Bits();
                out.append(' ').append(WatLiterals.f32(bits));
                String decimal = WatLiterals.f32Decimal(bits);
                if (decimal != null) {
                    out.append(" (;=").append(decimal).append(";)");
                }
            }
            case F64 -> {
                out.append(' ').append(WatLiterals.f64(code.f64Bits()));
                String decimal = WatLiterals.f64Decimal(code.f64Bits());
                if (decimal != null) {
                    out.append(" (;=").append(decimal).append(";)");
                }
            }
            case HEAP_TYPE -> out.append(' ').append(heapType(code.heapType()));
            case SELECT_TYPES -> {
                out.append(" (result");
                for (int i = 0; i < code.typeCount(); i++) {
                    out.append(' ').append(valueType(code.type(i)));
                }
                out.append(')');
            }
            case DATA_MEMORY -> {
                int memory = code.index2();
                if (memory != 0) {
                    out.append(' ').append(ref(names.memory(memory), memory));
                }
                out.append(' ').append(ref(names.data(code.index()), code.index()));
            }
            case DATA -> out.append(' ').append(ref(names.data(code.index()), code.index()));
            case MEMORY_MEMORY -> {
                if (code.index() != 0 || code.index2() != 0) {
                    out.append(' ')
                            .append(ref(names.memory(code.index()), code.index()))
                            .append(' ')
                            .append(ref(names.memory(code.index2()), code.index2()));
                }
            }
            case ELEM_TABLE -> {
                int table = code.index2();
                if (table != 0) {
                    out.append(' ').append(ref(names.table(table), table));
                }
                out.append(' ').append(ref(names.element(code.index()), code.index()));
            }
            case ELEM -> out.append(' ').append(ref(names.element(code.index()), code.index()));
            case TABLE_TABLE -> {
                if (code.index() != 0 || code.index2() != 0) {
                    out.append(' ')
                            .append(ref(names.table(code.index()), code.index()))
                            .append(' ')
                            .append(ref(names.table(code.index2()), code.index2()));
                }
            }
            // only GC, typed function reference and exception handling instructions carry these: refused above
            case TYPE, TAG, TYPE_FIELD, TYPE_SIZE, TYPE_DATA, TYPE_ELEM, TYPE_TYPE, CATCHES, CAST ->
                throw new IllegalStateException(op.mnemonic() + " should have been refused");
        }
        return out.toString();
    }

    /** What the printer refuses, named for the user; null for what it writes. */
    private static String unsupported(Feature feature) {
        return switch (feature) {
            case GC, FUNCTION_REFERENCES -> "GC or typed function reference instructions";
            case EXCEPTIONS -> "exception handling instructions";
            case RELAXED_SIMD -> "relaxed SIMD instructions"; // never validated, so never seen here
            default -> null;
        };
    }

    /** ` $mem offset=8 align=2`: the memory when not 0, then offset and alignment where they differ from the defaults. */
    private StringBuilder memArg(StringBuilder out, InstructionReader code, Opcode op) {
        int memory = code.memory();
        if (memory != 0) {
            out.append(' ').append(ref(names.memory(memory), memory));
        }
        if (code.offset() != 0) {
            out.append(" offset=").append(code.offset());
        }
        if (code.align() != op.naturalAlignLog2()) {
            out.append(" align=").append(1L << code.align());
        }
        return out;
    }

    /** A branch target as a relative depth, with the label it reaches as a comment, as wasm2wat writes it. */
    private static String label(long relative, int depth) {
        return relative + " (;@" + (depth - relative) + ";)";
    }

    /** A block type: none, `(result t)`, or a type index printed with its signature, which wat2wasm checks. */
    private String blockType(InstructionReader code) {
        int typeIndex = code.blockTypeIndex();
        if (typeIndex >= 0) {
            return " (type " + typeIndex + ")" + signature(module.typeSection().getType(typeIndex));
        }
        long type = code.blockValueType();
        return type == InstructionReader.EMPTY_BLOCK ? "" : " (result " + valueType(type) + ")";
    }

    /** A value type as the decoder reads it (block types, typed select). */
    private static String valueType(long type) {
        return switch (InstructionReader.typeCode(type)) {
            case 0x7f -> "i32";
            case 0x7e -> "i64";
            case 0x7d -> "f32";
            case 0x7c -> "f64";
            case 0x7b -> "v128";
            case 0x70 -> "funcref";
            case 0x6f -> "externref";
            default -> throw new WatUnsupportedException("GC or typed function reference types", -1);
        };
    }

    /** A value type written as its one-byte code, as Chicory keeps it. */
    private static String valueTypeCode(long code) {
        if (code == ValType.ID.I32) {
            return "i32";
        } else if (code == ValType.ID.I64) {
            return "i64";
        } else if (code == ValType.ID.F32) {
            return "f32";
        } else if (code == ValType.ID.F64) {
            return "f64";
        } else if (code == ValType.ID.V128) {
            return "v128";
        } else if (code == ValType.ID.FuncRef) {
            return "funcref";
        } else if (code == ValType.ID.ExternRef) {
            return "externref";
        }
        throw new WatUnsupportedException("GC or typed function reference types", -1);
    }

    private static String heapType(long code) {
        if (code == ValType.TypeIdxCode.FUNC.code()) {
            return "func";
        } else if (code == ValType.TypeIdxCode.EXTERN.code()) {
            return "extern";
        }
        throw new WatUnsupportedException("GC or typed function reference types", -1);
    }

    public static String valueType(ValType type) {
        int code = type.opcode();
        if (code == ValType.ID.RefNull) {
            if (type.typeIdx() == ValType.TypeIdxCode.FUNC.code()) {
                return "funcref";
            } else if (type.typeIdx() == ValType.TypeIdxCode.EXTERN.code()) {
                return "externref";
            }
            throw new WatUnsupportedException("GC or typed function reference types", -1);
        }
        if (code == ValType.ID.Ref) {
            throw new WatUnsupportedException("GC or typed function reference types", -1);
        }
        return valueTypeCode(code);
    }

    /** The reference type of an element segment in expression form; non-null references are Chicory's index form. */
    private static String referenceType(ValType type, String where) {
        if (type.typeIdx() == ValType.TypeIdxCode.FUNC.code()) {
            return "funcref";
        } else if (type.typeIdx() == ValType.TypeIdxCode.EXTERN.code()) {
            return "externref";
        }
        throw new WatUnsupportedException("GC or typed function reference types", -1).in(where);
    }

    private static String globalType(ValType type, MutabilityType mutability) {
        String t = valueType(type);
        return mutability == MutabilityType.Var ? "(mut " + t + ")" : t;
    }

    // ---- constant expressions ----

    /** An offset: `(i32.const 8)` when one instruction, `(offset ...)` for extended constant expressions. */
    private String offsetExpression(int at, String where) {
        var instructions = constantInstructions(at, where);
        if (instructions.size() == 1) {
            return "(" + instructions.get(0) + ")";
        }
        return "(offset " + String.join(" ", instructions) + ")";
    }

    /**
     * A global initializer or element item: folded `(ref.func 1)` when one instruction, else flat,
     * wrapped in `(item ...)` where the grammar needs it (`wrapper` is null for globals).
     */
    private String constantExpression(int at, String where, String wrapper) {
        var instructions = constantInstructions(at, where);
        if (instructions.size() == 1) {
            return "(" + instructions.get(0) + ")";
        }
        String flat = String.join(" ", instructions);
        return wrapper == null ? flat : "(" + wrapper + " " + flat + ")";
    }

    /** The instructions of the constant expression at `at`, without its `end`. */
    private List<String> constantInstructions(int at, String where) {
        var code = new InstructionReader(new ByteReader(source.bytes(), at, source.bytes().length));
        var parts = new ArrayList<String>(1);
        try {
            while (code.next() != Opcode.END) {
                parts.add(instruction(code, null, 0));
            }
        } catch (WatUnsupportedException e) {
            throw e.in(where);
        }
        return parts;
    }

    private static List<Instruction> withoutEnd(List<Instruction> code) {
        if (!code.isEmpty() && code.get(code.size() - 1).opcode() == OpCode.END) {
            return code.subList(0, code.size() - 1);
        }
        return code;
    }

    // ---- names ----

    private String funcRef(int index) {
        return ref(names.function(index), index);
    }

    /** A use of an index: its `$name` if it has one, else the number. */
    private static String ref(String name, int index) {
        return name == null ? Integer.toString(index) : "$" + name;
    }

    /** A definition: ` $name (;3;)`, or ` (;3;)` when unnamed. */
    private static String definition(String name, int index) {
        return (name == null ? "" : " $" + name) + " (;" + index + ";)";
    }

    private int sectionOffset(int id) {
        return source.section(id).map(Section::headerOffset).orElse(-1);
    }
}
