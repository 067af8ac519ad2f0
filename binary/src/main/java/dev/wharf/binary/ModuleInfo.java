package dev.wharf.binary;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.TagImport;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * What `wharf inspect` reports about a module, as typed records built once from a {@link ParsedModule}.
 * The record component names are the JSON field names of `wharf inspect --json` (see InspectCommand).
 *
 * @param module the module's path as given
 * @param sizeBytes the file's size
 * @param kind command (exports `_start`), reactor (exports `_initialize`), or library (neither)
 * @param functionCount functions defined in the module (with bodies)
 * @param importedFunctionCount functions imported
 * @param imports imports grouped by the module they come from, in file order
 * @param exports every export, in file order
 * @param memories imported memories first, then defined ones (the memory index space)
 * @param tables the table index space
 * @param globals the global index space
 * @param startFunction the start function, run at instantiation; null when there is none
 * @param customSections custom sections in file order
 * @param producers the decoded "producers" section; null when there is none (or it cannot be read)
 * @param sections every section's size on disk, header included, with its share of the file
 * @param biggestFunctions up to ten defined functions, biggest body first
 * @param features the proposals beyond WebAssembly 1.0 its instructions and value types use, by their wasmtime
 *     `-W` names ("simd", "bulk-memory", "sign-extension", ...); empty when it uses none of them
 */
public record ModuleInfo(
        String module,
        long sizeBytes,
        Kind kind,
        int functionCount,
        int importedFunctionCount,
        List<ImportGroup> imports,
        List<ExportInfo> exports,
        List<MemoryInfo> memories,
        List<TableInfo> tables,
        List<GlobalInfo> globals,
        StartFunction startFunction,
        List<CustomSectionInfo> customSections,
        Producers producers,
        List<SectionSize> sections,
        List<FunctionSize> biggestFunctions,
        List<String> features) {

    static final int BIGGEST_FUNCTIONS = 10;
    public static final long PAGE_BYTES = 65536;

    /** How a module is meant to be run. */
    public enum Kind {
        /** Exports `_start`: `wharf run` calls it once. */
        COMMAND,
        /** Exports `_initialize` and no `_start`: a library instance that a host calls into. */
        REACTOR,
        /** Neither: only its exports can be invoked. */
        LIBRARY;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record ImportGroup(String module, List<ImportInfo> imports) {}

    /** @param type the signature for a function ("(i32) -> ()"), the limits or type of anything else */
    public record ImportInfo(String module, String name, String kind, String type) {}

    /** @param signature the signature for a function, the limits or type of anything else */
    public record ExportInfo(String name, String kind, int index, String signature) {}

    /**
     * @param maxPages null when the memory has no maximum
     * @param importedFrom "module.name" for an imported memory, null for a defined one
     * @param memory64 whether indexes are 64-bit (always false today: Wharf rejects memory64 modules)
     */
    public record MemoryInfo(
            int index,
            long minPages,
            Long maxPages,
            long minBytes,
            Long maxBytes,
            boolean shared,
            boolean memory64,
            boolean imported,
            String importedFrom) {}

    /** @param max null when the table has no maximum */
    public record TableInfo(int index, String elementType, long min, Long max, boolean imported, String importedFrom) {}

    /** @param init the initializer expression, e.g. "i32.const 1024"; null for an imported global */
    public record GlobalInfo(
            int index, String type, boolean mutable, String init, boolean imported, String importedFrom) {}

    /** @param name from the name section; null when unnamed */
    public record StartFunction(int index, String name) {}

    /** @param offset where the section's header starts @param size the section's payload size */
    public record CustomSectionInfo(String name, int offset, int size) {}

    /** The "producers" section (WebAssembly tool conventions): which languages and tools made the module. */
    public record Producers(List<Producer> language, List<Producer> processedBy, List<Producer> sdk) {}

    /** @param version may be empty */
    public record Producer(String name, String version) {}

    /**
     * @param section "type", "code", "custom", ...
     * @param name a custom section's name; null for standard sections
     * @param bytes size on disk with the section header
     * @param percent share of the whole file, 0-100
     */
    public record SectionSize(String section, String name, int offset, int bytes, double percent) {}

    /** @param name from the name section; null when unnamed @param bytes the body's size */
    public record FunctionSize(int index, String name, int bytes) {}

    /** Builds the report. The module is already valid, so nothing here can fail on its contents. */
    public static ModuleInfo of(ParsedModule parsed) {
        WasmModule m = parsed.wasm();
        ModuleSource source = parsed.source();
        ModuleLayout layout = parsed.layout();
        int imported = parsed.importedFunctionCount();

        var groups = new LinkedHashMap<String, List<ImportInfo>>();
        var memories = new ArrayList<MemoryInfo>();
        var tables = new ArrayList<TableInfo>();
        var globals = new ArrayList<GlobalInfo>();
        for (int i = 0; i < m.importSection().importCount(); i++) {
            Import imp = m.importSection().getImport(i);
            String from = imp.module() + "." + imp.name();
            String kind = kindName(imp.importType());
            String type = switch (imp) {
                case FunctionImport f -> TypeNames.of(m.typeSection().getType(f.typeIndex()));
                case MemoryImport mem -> {
                    memories.add(memory(memories.size(), mem.limits(), from));
                    yield describe(mem.limits());
                }
                case TableImport t -> {
                    tables.add(table(tables.size(), TypeNames.of(t.entryType()), t.limits(), from));
                    yield TypeNames.of(t.entryType()) + " " + describe(t.limits());
                }
                case GlobalImport g -> {
                    boolean mutable = g.mutabilityType() == MutabilityType.Var;
                    globals.add(new GlobalInfo(globals.size(), TypeNames.of(g.type()), mutable, null, true, from));
                    yield (mutable ? "mut " : "") + TypeNames.of(g.type());
                }
                case TagImport t -> "tag of type " + t.tagType().typeIdx();
                default -> "";
            };
            groups.computeIfAbsent(imp.module(), k -> new ArrayList<>())
                    .add(new ImportInfo(imp.module(), imp.name(), kind, type));
        }
        m.memorySection().ifPresent(ms -> {
            for (int i = 0; i < ms.memoryCount(); i++) {
                memories.add(memory(memories.size(), ms.getMemory(i).limits(), null));
            }
        });
        for (int i = 0; i < m.tableSection().tableCount(); i++) {
            var t = m.tableSection().getTable(i);
            tables.add(table(tables.size(), TypeNames.of(t.elementType()), t.limits(), null));
        }
        var inits = layout.constantExpressions().globals();
        for (int i = 0; i < m.globalSection().globalCount(); i++) {
            var g = m.globalSection().getGlobal(i);
            globals.add(new GlobalInfo(
                    globals.size(),
                    TypeNames.of(g.valueType()),
                    g.mutabilityType() == MutabilityType.Var,
                    InstructionText.expression(source, inits.get(i)),
                    false,
                    null));
        }

        var exports = new ArrayList<ExportInfo>();
        for (int i = 0; i < m.exportSection().exportCount(); i++) {
            Export e = m.exportSection().getExport(i);
            exports.add(new ExportInfo(
                    e.name(),
                    kindName(e.exportType()),
                    e.index(),
                    exportSignature(parsed, e, memories, tables, globals)));
        }

        StartFunction start = m.startSection()
                .map(s -> new StartFunction(
                        (int) s.startIndex(),
                        parsed.functionName((int) s.startIndex()).orElse(null)))
                .orElse(null);

        var customs = new ArrayList<CustomSectionInfo>();
        var sizes = new ArrayList<SectionSize>();
        long fileSize = source.bytes().length;
        for (Section s : source.sections()) {
            if (s.isCustom()) {
                customs.add(new CustomSectionInfo(s.name(), s.headerOffset(), s.payloadSize()));
            }
            double percent = Math.round(1000.0 * s.totalSize() / fileSize) / 10.0;
            sizes.add(new SectionSize(
                    Section.kindName(s.id()),
                    s.isCustom() ? s.name() : null,
                    s.headerOffset(),
                    s.totalSize(),
                    percent));
        }

        var biggest = layout.functionBodies().stream()
                .sorted(Comparator.comparingInt(ModuleLayout.FunctionBody::size)
                        .reversed()
                        .thenComparingInt(ModuleLayout.FunctionBody::functionIndex))
                .limit(BIGGEST_FUNCTIONS)
                .map(b -> new FunctionSize(
                        b.functionIndex(),
                        parsed.functionName(b.functionIndex()).orElse(null),
                        b.size()))
                .toList();

        return new ModuleInfo(
                source.path().toString(),
                fileSize,
                kind(m),
                m.functionSection().functionCount(),
                imported,
                groups.entrySet().stream()
                        .map(e -> new ImportGroup(e.getKey(), List.copyOf(e.getValue())))
                        .toList(),
                List.copyOf(exports),
                List.copyOf(memories),
                List.copyOf(tables),
                List.copyOf(globals),
                start,
                List.copyOf(customs),
                source.customSection("producers")
                        .flatMap(s -> ProducersSection.read(source, s))
                        .orElse(null),
                List.copyOf(sizes),
                biggest,
                layout.features().stream().map(Feature::id).toList());
    }

    private static Kind kind(WasmModule m) {
        boolean start = false;
        boolean initialize = false;
        for (int i = 0; i < m.exportSection().exportCount(); i++) {
            Export e = m.exportSection().getExport(i);
            if (e.exportType() == ExternalType.FUNCTION) {
                start |= e.name().equals("_start");
                initialize |= e.name().equals("_initialize");
            }
        }
        return start ? Kind.COMMAND : initialize ? Kind.REACTOR : Kind.LIBRARY;
    }

    private static String exportSignature(
            ParsedModule parsed,
            Export e,
            List<MemoryInfo> memories,
            List<TableInfo> tables,
            List<GlobalInfo> globals) {
        return switch (e.exportType()) {
            case FUNCTION -> TypeNames.of(functionType(parsed, e.index()));
            case MEMORY -> e.index() < memories.size() ? pages(memories.get(e.index())) : "";
            case TABLE ->
                e.index() < tables.size()
                        ? tables.get(e.index()).elementType() + " " + limits(tables.get(e.index()))
                        : "";
            case GLOBAL ->
                e.index() < globals.size()
                        ? (globals.get(e.index()).mutable() ? "mut " : "")
                                + globals.get(e.index()).type()
                        : "";
            default -> "";
        };
    }

    /** The type of a function in the function index space (imports first). */
    static FunctionType functionType(ParsedModule parsed, int index) {
        WasmModule m = parsed.wasm();
        int imported = 0;
        for (int i = 0; i < m.importSection().importCount(); i++) {
            if (m.importSection().getImport(i) instanceof FunctionImport f) {
                if (imported == index) {
                    return m.typeSection().getType(f.typeIndex());
                }
                imported++;
            }
        }
        return m.typeSection().getType(m.functionSection().getFunctionType(index - imported));
    }

    private static MemoryInfo memory(int index, MemoryLimits limits, String importedFrom) {
        // Chicory reports "no maximum" as the largest page count a 32-bit memory can have
        Long max = limits.maximumPages() >= MemoryLimits.MAX_PAGES && !limits.shared()
                ? null
                : (long) limits.maximumPages();
        return new MemoryInfo(
                index,
                limits.initialPages(),
                max,
                limits.initialPages() * PAGE_BYTES,
                max == null ? null : max * PAGE_BYTES,
                limits.shared(),
                false,
                importedFrom != null,
                importedFrom);
    }

    private static TableInfo table(int index, String type, TableLimits limits, String importedFrom) {
        Long max = limits.max() >= TableLimits.LIMIT_MAX ? null : limits.max();
        return new TableInfo(index, type, limits.min(), max, importedFrom != null, importedFrom);
    }

    private static String describe(MemoryLimits limits) {
        return pages(memory(0, limits, null));
    }

    private static String describe(TableLimits limits) {
        return limits(table(0, "", limits, null));
    }

    /** "2..16 pages", "min 1 page, no max", with ", shared" when it is. */
    public static String pages(MemoryInfo m) {
        String range = m.maxPages() == null
                ? "min " + m.minPages() + (m.minPages() == 1 ? " page" : " pages") + ", no max"
                : m.minPages() + ".." + m.maxPages() + " pages";
        return range + (m.shared() ? ", shared" : "");
    }

    /** "4..8", "min 2, no max". */
    public static String limits(TableInfo t) {
        return t.max() == null ? "min " + t.min() + ", no max" : t.min() + ".." + t.max();
    }

    static String kindName(ExternalType type) {
        return switch (type) {
            case FUNCTION -> "func";
            case TABLE -> "table";
            case MEMORY -> "memory";
            case GLOBAL -> "global";
            case TAG -> "tag";
        };
    }
}
