package dev.wharf.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.wharf.binary.ModuleInfo;
import dev.wharf.binary.ParsedModule;
import dev.wharf.component.ComponentInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `wharf inspect MODULE [--json]`: what a module imports and exports, its memories, tables and globals,
 * its start function, custom sections and producers, where its bytes go, its biggest functions, and
 * which WASI capabilities it asks for with the `wharf run` flags that grant them.
 *
 * <p>With {@code --json} the report is one JSON object whose field names are stable (they are the
 * component names of {@link ModuleInfo}, then {@code wasi}, from {@link WasiUsage}); absent values are {@code null},
 * never missing:
 * <ul>
 *   <li>{@code module} (path as given), {@code sizeBytes}, {@code kind} ("command", "reactor" or "library"),
 *       {@code functionCount} (defined), {@code importedFunctionCount}</li>
 *   <li>{@code imports}: [{@code module}, {@code imports}: [{@code module}, {@code name}, {@code kind}
 *       ("func", "table", "memory", "global", "tag"), {@code type}]]</li>
 *   <li>{@code exports}: [{@code name}, {@code kind}, {@code index}, {@code signature}]</li>
 *   <li>{@code memories}: [{@code index}, {@code minPages}, {@code maxPages}, {@code minBytes}, {@code maxBytes},
 *       {@code shared}, {@code memory64}, {@code imported}, {@code importedFrom}]</li>
 *   <li>{@code tables}: [{@code index}, {@code elementType}, {@code min}, {@code max}, {@code imported}, {@code importedFrom}]</li>
 *   <li>{@code globals}: [{@code index}, {@code type}, {@code mutable}, {@code init}, {@code imported}, {@code importedFrom}]</li>
 *   <li>{@code startFunction}: {@code index}, {@code name} (or null)</li>
 *   <li>{@code customSections}: [{@code name}, {@code offset}, {@code size}]</li>
 *   <li>{@code producers}: {@code language}, {@code processedBy}, {@code sdk}: [{@code name}, {@code version}] (or null)</li>
 *   <li>{@code sections}: [{@code section}, {@code name} (custom sections), {@code offset}, {@code bytes}, {@code percent}]</li>
 *   <li>{@code biggestFunctions}: [{@code index}, {@code name}, {@code bytes}]</li>
 *   <li>{@code wasi}: {@code module}, {@code capabilities}: [{@code family}, {@code functions}, {@code grantedBy}],
 *       {@code unknownFunctions}</li>
 *   <li>{@code features}: the proposals beyond WebAssembly 1.0 its instructions and value types use, by their
 *       wasmtime {@code -W} names ("simd", "bulk-memory", "sign-extension", ...); empty when none</li>
 * </ul>
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Show a module's imports, exports, sizes and WASI capabilities.",
            "Also its memories, tables, globals and custom sections, where its bytes go,",
            "and for each WASI capability it asks for, the `wharf run` flag that grants it.",
            "A core dump (`wharf run -D coredump=PATH`) is summarised instead."
        })
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm file to inspect.")
    Path module;

    @Option(names = "--json", description = "Print the report as JSON (field names are stable).")
    boolean json;

    /** What kind of report a file gets. A wasm core dump (a "core" custom section) will get its own. */
    enum ReportKind {
        MODULE,
        CORE_DUMP
    }

    @Override
    public Integer call() {
        if (Components.isComponent(module)) {
            var info = ComponentInfo.of(Components.load(module, false));
            System.out.print(json ? toJson(info, info.component()) : ComponentReport.toText(info));
            System.out.flush();
            return 0;
        }
        ParsedModule parsed = ParsedModule.read(module);
        switch (reportKind(parsed)) {
            case MODULE -> printModuleReport(ModuleInfo.of(parsed));
            // what matters in a core dump is the stack, memory and globals it captured; a module whose `core`
            // section is not a readable dump is still a module
            case CORE_DUMP ->
                CoreDumpReport.render(parsed.source(), json)
                        .ifPresentOrElse(
                                report -> {
                                    System.out.print(report);
                                    System.out.flush();
                                },
                                () -> printModuleReport(ModuleInfo.of(parsed)));
        }
        return 0;
    }

    static ReportKind reportKind(ParsedModule parsed) {
        return parsed.source().customSection("core").isPresent() ? ReportKind.CORE_DUMP : ReportKind.MODULE;
    }

    private void printModuleReport(ModuleInfo info) {
        System.out.print(json ? toJson(info) : toText(info));
        System.out.flush();
    }

    /** The JSON report: every field of {@link ModuleInfo}, then what wasi/ says its WASI imports touch. */
    record JsonReport(@JsonUnwrapped ModuleInfo info, WasiUsage wasi) {}

    static String toJson(ModuleInfo info) {
        return toJson(new JsonReport(info, WasiUsage.of(info)), info.module());
    }

    /** Any report record as indented JSON; {@code file} names the input in the line a failure prints. */
    static String toJson(Object report, String file) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new Failure(file + ": cannot write the report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String toText(ModuleInfo info) {
        var out = new StringBuilder();
        var header = new TextTable("module", info.module())
                .row("size", info.sizeBytes() + " bytes")
                .row("kind", kindLine(info))
                .row("functions", info.functionCount() + " defined, " + info.importedFunctionCount() + " imported")
                .row(
                        "start",
                        info.startFunction() == null
                                ? "none"
                                : "function " + info.startFunction().index()
                                        + named(info.startFunction().name()) + ", runs at instantiation");
        if (!info.features().isEmpty()) {
            header.row("features", String.join(", ", info.features()));
        }
        out.append(header.render());

        int importCount =
                info.imports().stream().mapToInt(g -> g.imports().size()).sum();
        heading(out, "Imports", importCount);
        for (var group : info.imports()) {
            out.append("  ").append(group.module()).append('\n');
            var t = new TextTable("NAME", "KIND", "TYPE").indent("    ");
            group.imports().forEach(i -> t.row(i.name(), i.kind(), i.type()));
            out.append(t.render());
        }

        heading(out, "Exports", info.exports().size());
        if (!info.exports().isEmpty()) {
            var t = new TextTable("NAME", "KIND", "INDEX", "SIGNATURE")
                    .rightAlign(2)
                    .indent("  ");
            info.exports().forEach(e -> t.row(e.name(), e.kind(), e.index(), e.signature()));
            out.append(t.render());
        }

        heading(out, "Memories", info.memories().size());
        if (!info.memories().isEmpty()) {
            var t = new TextTable("INDEX", "MIN PAGES", "MAX PAGES", "MIN BYTES", "MAX BYTES", "SHARED", "FROM")
                    .rightAlign(0, 1, 2, 3, 4)
                    .indent("  ");
            info.memories()
                    .forEach(m -> t.row(
                            m.index(),
                            m.minPages(),
                            m.maxPages() == null ? "none" : m.maxPages(),
                            m.minBytes(),
                            m.maxBytes() == null ? "none" : m.maxBytes(),
                            m.shared() ? "yes" : "no",
                            m.imported() ? "import " + m.importedFrom() : "defined"));
            out.append(t.render());
        }

        heading(out, "Tables", info.tables().size());
        if (!info.tables().isEmpty()) {
            var t = new TextTable("INDEX", "TYPE", "MIN", "MAX", "FROM")
                    .rightAlign(0, 2, 3)
                    .indent("  ");
            info.tables()
                    .forEach(tb -> t.row(
                            tb.index(),
                            tb.elementType(),
                            tb.min(),
                            tb.max() == null ? "none" : tb.max(),
                            tb.imported() ? "import " + tb.importedFrom() : "defined"));
            out.append(t.render());
        }

        heading(out, "Globals", info.globals().size());
        if (!info.globals().isEmpty()) {
            var t = new TextTable("INDEX", "TYPE", "MUTABLE", "INIT")
                    .rightAlign(0)
                    .indent("  ");
            info.globals()
                    .forEach(g -> t.row(
                            g.index(),
                            g.type(),
                            g.mutable() ? "yes" : "no",
                            g.imported() ? "import " + g.importedFrom() : g.init()));
            out.append(t.render());
        }

        heading(out, "Custom sections", info.customSections().size());
        if (!info.customSections().isEmpty()) {
            var t = new TextTable("NAME", "OFFSET", "BYTES").rightAlign(1, 2).indent("  ");
            info.customSections().forEach(c -> t.row(c.name(), hex(c.offset()), c.size()));
            out.append(t.render());
        }

        if (info.producers() != null) {
            out.append("\nProducers\n");
            var p = info.producers();
            var t = new TextTable("FIELD", "VALUES").indent("  ");
            t.row("language", producers(p.language()));
            t.row("processed-by", producers(p.processedBy()));
            t.row("sdk", producers(p.sdk()));
            out.append(t.render());
        }

        out.append("\nSize by section\n");
        var sizes = new TextTable("SECTION", "OFFSET", "BYTES", "%")
                .rightAlign(1, 2, 3)
                .indent("  ");
        info.sections()
                .forEach(s -> sizes.row(
                        s.name() == null ? s.section() : "custom \"" + s.name() + "\"",
                        hex(s.offset()),
                        s.bytes(),
                        String.format(Locale.ROOT, "%.1f", s.percent())));
        out.append(sizes.render());

        heading(out, "Biggest functions", info.biggestFunctions().size());
        if (!info.biggestFunctions().isEmpty()) {
            var t = new TextTable("INDEX", "NAME", "BYTES").rightAlign(0, 2).indent("  ");
            info.biggestFunctions().forEach(f -> t.row(f.index(), f.name(), f.bytes()));
            out.append(t.render());
        }

        var wasi = WasiUsage.of(info);
        out.append("\nWASI capabilities");
        if (wasi.module() == null) {
            out.append(": none (the module imports nothing from WASI)\n");
        } else {
            out.append(" (").append(wasi.module()).append(")\n");
            var t = new TextTable("FAMILY", "CALLS", "GRANTED BY").indent("  ");
            wasi.capabilities().forEach(c -> t.row(c.family(), String.join(", ", c.functions()), c.grantedBy()));
            if (!wasi.unknownFunctions().isEmpty()) {
                t.row(
                        "unknown",
                        String.join(", ", wasi.unknownFunctions()),
                        "not provided by Wharf: instantiation fails");
            }
            out.append(t.render());
        }
        return out.toString();
    }

    private static String kindLine(ModuleInfo info) {
        return switch (info.kind()) {
            case COMMAND -> "command (exports _start: `wharf run` runs it)";
            case REACTOR -> "reactor (exports _initialize: a library the host calls into)";
            case LIBRARY -> "library (no _start or _initialize: use `wharf run --invoke FUNC`)";
        };
    }

    static void heading(StringBuilder out, String title, int count) {
        out.append('\n').append(title).append(" (").append(count).append(")\n");
    }

    private static String named(String name) {
        return name == null ? "" : " (" + name + ")";
    }

    private static String producers(List<ModuleInfo.Producer> list) {
        if (list.isEmpty()) {
            return "-";
        }
        return list.stream()
                .map(p -> p.version().isEmpty() ? p.name() : p.name() + " " + p.version())
                .collect(Collectors.joining(", "));
    }

    static String hex(int offset) {
        return "0x" + Integer.toHexString(offset);
    }
}
