package dev.wharf.explore;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.TableImport;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.Section;
import dev.wharf.files.AtomicFiles;
import dev.wharf.wat.WatPrinter;
import dev.wharf.wat.WatUnsupportedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * `wharf explore`: one self-contained HTML page about a module, in the spirit of `wasmtime explore`.
 * The header, the section table, imports and exports are written as HTML; the function list and each
 * function's WAT travel as JSON data that a small inline script turns into rows, filters and shows.
 * Every piece of guest-controlled text (names, import and export strings, WAT) reaches the page either
 * HTML-escaped or through the script's {@code textContent}, never as markup; a Content-Security-Policy
 * that allows only the page's own script (by hash) and no network is a second wall behind that.
 */
public final class ExplorePage {
    private static final String RESOURCES = "";

    private final ParsedModule parsed;
    private final ModuleSource source;
    private final WasmModule module;

    private ExplorePage(ParsedModule parsed) {
        this.parsed = parsed;
        this.source = parsed.source();
        this.module = parsed.wasm();
    }

    public static ExplorePage of(ParsedModule parsed) {
        return new ExplorePage(parsed);
    }

    /** `dir/app.wasm` gives `dir/app.explore.html`, where `wasmtime explore` writes its page. */
    public static Path defaultOutput(Path module) {
        String file = module.getFileName().toString();
        String stem = file.toLowerCase(Locale.ROOT).endsWith(".wasm") ? file.substring(0, file.length() - 5) : file;
        return module.resolveSibling(stem + ".explore.html");
    }

    /** Writes the page to `target`, replacing it only once the whole page is written. */
    public void writeTo(Path target) throws IOException {
        AtomicFiles.replace(target, this::writeHtml);
    }

    public String html() {
        var out = new StringWriter();
        try {
            writeHtml(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return out.toString();
    }

    private void writeHtml(Writer out) throws IOException {
        String script = resource("explore.js");
        String fileName = source.path().getFileName().toString();
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // no network at all, and no script but ours: injected markup could neither run nor phone home
        out.write(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                        + "script-src '" + scriptHash(script) + "'; img-src data:\">\n");
        out.write("<title>" + Html.text(fileName) + " · wharf explore</title>\n");
        out.write("<style>\n" + resource("explore.css") + "</style>\n</head>\n<body>\n");
        writeHeader(out, fileName);
        out.write("<main>\n");
        writeSections(out);
        writeImportsAndExports(out);
        writeFunctions(out);
        out.write("</main>\n");
        out.write("<footer>Written by <code>wharf explore</code>. Self-contained: no network requests.</footer>\n");
        out.write("<script id=\"functions-data\" type=\"application/json\">");
        out.write(ExploreFunctions.json(parsed));
        out.write("</script>\n<script>" + script + "</script>\n</body>\n</html>\n");
    }

    private void writeHeader(Writer out, String fileName) throws IOException {
        byte[] bytes = source.bytes();
        int defined = module.functionSection().functionCount();
        int imported = (int) module.importSection().stream()
                .filter(i -> i instanceof FunctionImport)
                .count();
        out.write("<header>\n<div class=\"title\"><span class=\"brand\">wharf explore</span><h1>" + Html.text(fileName)
                + "</h1></div>\n");
        out.write("<dl class=\"facts\">\n");
        fact(
                out,
                "Size",
                Html.text(humanBytes(bytes.length) + (bytes.length >= 1024 ? " (" + bytes.length + " bytes)" : "")));
        fact(out, "SHA-256", "<code class=\"digest\">" + sha256(bytes) + "</code>");
        fact(out, "Functions", defined + " defined, " + imported + " imported");
        fact(out, "Exports", String.valueOf(module.exportSection().exportCount()));
        out.write("</dl>\n</header>\n");
    }

    private static void fact(Writer out, String label, String valueHtml) throws IOException {
        out.write("<div><dt>" + label + "</dt><dd>" + valueHtml + "</dd></div>\n");
    }

    private void writeSections(Writer out) throws IOException {
        long fileSize = source.bytes().length;
        out.write("<section id=\"sections\">\n<h2>Sections</h2>\n");
        if (source.sections().isEmpty()) {
            out.write("<p class=\"empty\">No sections: the module is only its 8-byte header.</p>\n</section>\n");
            return;
        }
        out.write("<table class=\"sections\">\n");
        out.write(
                "<thead><tr><th>Section</th><th class=\"num\">Offset</th><th class=\"num\">Size</th><th class=\"share\">Share of file</th></tr></thead>\n<tbody>\n");
        for (Section section : source.sections()) {
            String name = section.isCustom()
                    ? "custom <span class=\"quoted\">" + Html.text(section.name()) + "</span>"
                    : Html.text(section.name());
            double share = 100.0 * section.totalSize() / fileSize;
            out.write("<tr><td>" + name + "</td><td class=\"num\"><code>0x"
                    + Integer.toHexString(section.headerOffset())
                    + "</code></td><td class=\"num\">" + humanBytes(section.totalSize()) + "</td><td class=\"share\">"
                    + bar(share) + "</td></tr>\n");
        }
        out.write("</tbody>\n</table>\n</section>\n");
    }

    /** A share as a number and a bar; the width is a number we computed, never guest text. */
    static String bar(double percent) {
        String width = String.format(Locale.ROOT, "%.2f", Math.max(0, Math.min(100, percent)));
        String label = percent >= 10
                ? String.format(Locale.ROOT, "%.0f%%", percent)
                : String.format(Locale.ROOT, "%.1f%%", percent);
        return "<div class=\"bar\"><span style=\"width:" + width + "%\"></span></div><span class=\"pct\">" + label
                + "</span>";
    }

    private void writeImportsAndExports(Writer out) throws IOException {
        out.write("<div class=\"columns\">\n<section id=\"imports\">\n<h2>Imports <span class=\"count\">"
                + module.importSection().importCount() + "</span></h2>\n");
        if (module.importSection().importCount() == 0) {
            out.write("<p class=\"empty\">This module imports nothing.</p>\n");
        } else {
            out.write(
                    "<table><thead><tr><th>Module</th><th>Name</th><th>Kind</th><th>Type</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < module.importSection().importCount(); i++) {
                Import imported = module.importSection().getImport(i);
                out.write("<tr><td><code>" + Html.text(imported.module()) + "</code></td><td><code>"
                        + Html.text(imported.name())
                        + "</code></td><td><span class=\"kind\">" + kind(imported) + "</span></td><td><code>"
                        + Html.text(importType(imported)) + "</code></td></tr>\n");
            }
            out.write("</tbody></table>\n");
        }
        out.write("</section>\n<section id=\"exports\">\n<h2>Exports <span class=\"count\">"
                + module.exportSection().exportCount() + "</span></h2>\n");
        if (module.exportSection().exportCount() == 0) {
            out.write("<p class=\"empty\">This module exports nothing.</p>\n");
        } else {
            var names = module.nameSection();
            out.write(
                    "<table><thead><tr><th>Name</th><th>Kind</th><th class=\"num\">Index</th><th>Function</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < module.exportSection().exportCount(); i++) {
                Export export = module.exportSection().getExport(i);
                String kind = export.exportType().name().toLowerCase(Locale.ROOT);
                String index = String.valueOf(export.index());
                String function = "";
                if (export.exportType() == com.dylibso.chicory.wasm.types.ExternalType.FUNCTION) {
                    kind = "func";
                    index = "<a href=\"#f" + export.index() + "\" class=\"func-link\" data-func=\"" + export.index()
                            + "\">" + export.index() + "</a>";
                    String name = names == null ? null : names.nameOfFunction(export.index());
                    function = name == null ? "" : "<code class=\"dim\">" + Html.text(name) + "</code>";
                }
                out.write("<tr><td class=\"fn\"><code>" + Html.text(export.name())
                        + "</code></td><td><span class=\"kind\">" + kind + "</span></td><td class=\"num\">" + index
                        + "</td><td class=\"fn\">" + function + "</td></tr>\n");
            }
            out.write("</tbody></table>\n");
        }
        out.write("</section>\n</div>\n");
    }

    private static String kind(Import imported) {
        return switch (imported) {
            case FunctionImport f -> "func";
            case TableImport t -> "table";
            case MemoryImport m -> "memory";
            case GlobalImport g -> "global";
            default -> "tag";
        };
    }

    private String importType(Import imported) {
        try {
            return switch (imported) {
                case FunctionImport f ->
                    ExploreFunctions.signature(module.typeSection().getType(f.typeIndex()));
                case TableImport t ->
                    WatPrinter.valueType(t.entryType()) + ", min " + t.limits().min();
                case MemoryImport m ->
                    m.limits().initialPages() + " pages min" + (m.limits().shared() ? ", shared" : "");
                case GlobalImport g ->
                    g.mutabilityType() == MutabilityType.Var
                            ? "mut " + WatPrinter.valueType(g.type())
                            : WatPrinter.valueType(g.type());
                default -> "";
            };
        } catch (WatUnsupportedException e) {
            return "(a type WAT printing does not support)";
        }
    }

    private void writeFunctions(Writer out) throws IOException {
        int defined = module.functionSection().functionCount();
        out.write("<section id=\"functions\">\n<h2>Functions <span class=\"count\">" + defined
                + "</span> <span class=\"sub\">defined, largest body first</span></h2>\n");
        if (defined == 0) {
            out.write("<p class=\"empty\">This module defines no functions.</p>\n</section>\n");
            return;
        }
        out.write("<div class=\"toolbar\"><input id=\"filter\" type=\"search\" placeholder=\"Filter by name or index\" "
                + "autocomplete=\"off\" spellcheck=\"false\" aria-label=\"Filter functions\">"
                + "<span id=\"shown\" class=\"dim\"></span></div>\n");
        out.write("<div class=\"split\">\n<div class=\"list\"><table id=\"function-table\"><thead><tr>"
                + "<th class=\"num\">Index</th><th>Name</th><th class=\"num\">Body size</th><th class=\"share\">Share of code</th>"
                + "</tr></thead><tbody id=\"function-rows\"></tbody></table>"
                + "<noscript><p class=\"empty\">The function list needs JavaScript.</p></noscript></div>\n");
        out.write(
                "<div class=\"viewer\" id=\"viewer\"><div class=\"viewer-head\"><span id=\"viewer-title\">Select a function"
                        + "</span><button id=\"viewer-close\" type=\"button\" aria-label=\"Close\">×</button></div>"
                        + "<pre id=\"wat\" class=\"wat\"><span class=\"dim\">Click a function to see its WAT text.</span></pre></div>\n");
        out.write("</div>\n</section>\n");
    }

    static String humanBytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double kib = n / 1024.0;
        if (kib < 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", kib);
        }
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The CSP source expression that allows exactly this inline script. */
    private static String scriptHash(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ExplorePage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Escaping for text placed in HTML element content or a double-quoted attribute. */
    static final class Html {
        private Html() {}

        static String text(String s) {
            var out = new StringBuilder(s.length() + 16);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }
}
