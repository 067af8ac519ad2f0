package dev.wharf.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.wharf.binary.ModuleFileException;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.WasmFormatException;
import dev.wharf.coredump.CoreDump;
import dev.wharf.runtime.WharfLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What `wharf inspect` says about a wasm core dump (`wharf run -D coredump=PATH`): the process, the module it ran,
 * each thread's frames named from that module when it can still be found, the memory's size and the globals.
 *
 * <p>With --json, one object: {@code coreDump}, {@code process}, {@code modules}: [{@code path}, {@code found}],
 * {@code threads}: [{@code name}, {@code frames}: [{@code function}, {@code name}, {@code codeOffset},
 * {@code locals}, {@code capturedLocals}]], {@code memories}: [{@code pages}, {@code bytes}, {@code capturedBytes},
 * {@code segments}], {@code globals}: [{@code index}, {@code type}, {@code value}].
 */
final class CoreDumpReport {
    record Summary(
            String coreDump,
            String process,
            List<ModuleRef> modules,
            List<Thread> threads,
            List<Memory> memories,
            List<Global> globals) {}

    record ModuleRef(String path, boolean found) {}

    record Thread(String name, List<Frame> frames) {}

    /** {@code locals} counts the frame's locals (parameters included); {@code capturedLocals} those with a value. */
    record Frame(int function, String name, int codeOffset, int locals, int capturedLocals) {}

    record Memory(long pages, long bytes, long capturedBytes, int segments) {}

    record Global(int index, String type, String value) {}

    private CoreDumpReport() {}

    /**
     * The report, or empty when the file's core dump sections do not decode: then it is a module that merely has a
     * `core` custom section, and WHARF_LOG=debug says why it was not read as a dump.
     */
    static Optional<String> render(ModuleSource source, boolean json) {
        CoreDump dump;
        try {
            dump = CoreDump.decode(source);
        } catch (WasmFormatException e) {
            WharfLog.fromEnvironment()
                    .debug(source.path() + " has a `core` section but is not a readable core dump (" + e.reason()
                            + (e.offset() >= 0 ? String.format(" at byte offset 0x%x", e.offset()) : "")
                            + "): reporting it as a module");
            return Optional.empty();
        }
        Summary summary = summarize(source.path(), dump);
        return Optional.of(json ? toJson(summary) : toText(summary));
    }

    static Summary summarize(Path coreFile, CoreDump dump) {
        List<ModuleRef> modules = new ArrayList<>();
        List<ParsedModule> parsed = new ArrayList<>();
        for (String m : dump.modules()) {
            ParsedModule p = findModule(coreFile, m);
            parsed.add(p);
            modules.add(new ModuleRef(m, p != null));
        }
        List<Thread> threads = new ArrayList<>();
        for (CoreDump.CoreThread t : dump.threads()) {
            List<Frame> frames = new ArrayList<>();
            for (CoreDump.CoreFrame f : t.frames()) {
                ParsedModule module = moduleOf(dump, parsed, f.instance());
                String name = module == null ? null : functionName(module, f.function());
                int captured = (int) f.locals().stream()
                        .filter(v -> v.type() != CoreDump.MISSING)
                        .count();
                frames.add(
                        new Frame(f.function(), name, f.codeOffset(), f.locals().size(), captured));
            }
            threads.add(new Thread(t.name(), frames));
        }
        List<Memory> memories = dump.memories().stream()
                .map(m -> new Memory(
                        m.pages(), m.byteSize(), m.capturedBytes(), m.segments().size()))
                .toList();
        List<Global> globals = new ArrayList<>();
        for (int i = 0; i < dump.globals().size(); i++) {
            var g = dump.globals().get(i);
            globals.add(new Global(i, g.typeName(), g.valueText()));
        }
        return new Summary(coreFile.toString(), dump.executable(), modules, threads, memories, globals);
    }

    /** As in backtraces: the name section's name, else the name the function is exported under. */
    private static String functionName(ParsedModule module, int index) {
        var named = module.functionName(index);
        if (named.isPresent()) {
            return named.get();
        }
        var exports = module.wasm().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == com.dylibso.chicory.wasm.types.ExternalType.FUNCTION && e.index() == index) {
                return e.name();
            }
        }
        return null;
    }

    private static ParsedModule moduleOf(CoreDump dump, List<ParsedModule> parsed, int instance) {
        if (instance < 0 || instance >= dump.instances().size()) {
            return parsed.size() == 1 ? parsed.get(0) : null; // a writer without coreinstances: one module
        }
        int m = dump.instances().get(instance).module();
        return m >= 0 && m < parsed.size() ? parsed.get(m) : null;
    }

    /** The module as recorded, else beside the dump (dumps travel with their module); null when it is gone. */
    private static ParsedModule findModule(Path coreFile, String recorded) {
        Path path;
        try {
            path = Path.of(recorded);
        } catch (RuntimeException e) {
            return null; // a URL or some other identifier: nothing to open
        }
        List<Path> candidates = new ArrayList<>(List.of(path));
        Path dir = coreFile.toAbsolutePath().getParent();
        if (dir != null && path.getFileName() != null) {
            candidates.add(dir.resolve(path.getFileName()));
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                try {
                    return ParsedModule.read(p);
                } catch (ModuleFileException | WasmFormatException e) {
                    // not the module after all: try the next place
                }
            }
        }
        return null;
    }

    static String toText(Summary s) {
        var out = new StringBuilder();
        var head = new TextTable("core dump", s.coreDump()).row("process", s.process());
        for (ModuleRef m : s.modules()) {
            head.row("module", m.path() + (m.found() ? "" : " (not found: frames show function indexes only)"));
        }
        for (Memory m : s.memories()) {
            String size = m.pages() + (m.pages() == 1 ? " page (" : " pages (") + m.bytes() + " bytes)";
            head.row(
                    "memory",
                    m.capturedBytes() == 0
                            ? size + ", all zero"
                            : size + ", " + m.capturedBytes() + " bytes captured in " + m.segments()
                                    + (m.segments() == 1 ? " segment" : " segments") + " (all-zero pages left out)");
        }
        if (s.memories().isEmpty()) {
            head.row("memory", "none");
        }
        out.append(head.render());

        for (Thread t : s.threads()) {
            out.append("\nThread ")
                    .append(t.name())
                    .append(" (")
                    .append(t.frames().size())
                    .append(t.frames().size() == 1 ? " frame" : " frames")
                    .append(", innermost first)\n");
            String base =
                    s.modules().isEmpty() ? "" : baseName(s.modules().get(0).path()) + "!";
            int shown = 0;
            for (int i = 0; i < t.frames().size(); ) {
                Frame f = t.frames().get(i);
                int run = 1;
                while (i + run < t.frames().size() && t.frames().get(i + run).function() == f.function()) {
                    run++;
                }
                out.append(String.format("  %3d: ", shown++))
                        .append(base)
                        .append(
                                f.name() != null
                                        ? f.name() + " (func " + f.function() + ")"
                                        : "<wasm function " + f.function() + ">");
                if (f.codeOffset() != 0) {
                    out.append(String.format(" +0x%x", f.codeOffset()));
                }
                if (run > 1) {
                    out.append("  [repeated ").append(run).append(" times]");
                }
                out.append('\n');
                i += run;
            }
            if (!t.frames().isEmpty() && t.frames().stream().allMatch(f -> f.capturedLocals() == 0)) {
                out.append("  (locals and operand values were not captured)\n");
            }
        }

        out.append("\nGlobals (").append(s.globals().size()).append(")\n");
        if (!s.globals().isEmpty()) {
            var t = new TextTable("INDEX", "TYPE", "VALUE").rightAlign(0).indent("  ");
            s.globals().forEach(g -> t.row(g.index(), g.type(), g.value()));
            out.append(t.render());
        }
        return out.toString();
    }

    static String toJson(Summary s) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n";
        } catch (JsonProcessingException e) {
            throw new Failure(s.coreDump() + ": cannot write the report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
