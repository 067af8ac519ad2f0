package dev.wharf.cli;

import dev.wharf.binary.CodeListing;
import dev.wharf.binary.ModuleLayout;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.Section;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `wharf dump MODULE [--code]`: every section and every entry in it with its byte offset, as
 * `wasm-tools dump` lists them: the offset, the first bytes in hex, and what they are, one line per item.
 * Function bodies are one line each (offset, size, locals); {@code --code} lists their instructions too.
 */
@Command(
        name = "dump",
        mixinStandardHelpOptions = true,
        description = {
            "List every section and entry of a module or component.",
            "One line per item, with its byte offset and first bytes: for a module its",
            "types, imports, functions, tables, memories, globals, exports, elements,",
            "code bodies, data segments and custom sections (--code adds each function's",
            "instructions); for a component its core modules, core instances, types,",
            "aliases, canonical functions, imports and exports, nested ones indented."
        })
final class DumpCommand implements Callable<Integer> {
    /** Bytes shown per line; longer items end in "..". */
    static final int HEX_BYTES = 8;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm file to dump.")
    Path module;

    @Option(names = "--code", description = "Also list every instruction of every function body, with its offset.")
    boolean code;

    @Override
    public Integer call() {
        if (Components.isComponent(module)) {
            System.out.print(ComponentDump.render(Components.load(module, false)));
            System.out.flush();
            return 0;
        }
        ParsedModule parsed = ParsedModule.read(module);
        System.out.print(render(parsed, code));
        System.out.flush();
        return 0;
    }

    static String render(ParsedModule parsed, boolean withCode) {
        byte[] bytes = parsed.source().bytes();
        ModuleLayout layout = ModuleLayout.of(parsed.source());
        int offsetWidth = Integer.toHexString(Math.max(bytes.length, 1)).length() + 2;
        var out = new Dump(bytes, offsetWidth);
        out.line(0, 4, "magic \\0asm");
        out.line(4, 4, "version 1 (core module)");
        for (ModuleLayout.SectionLayout sl : layout.sections()) {
            Section s = sl.section();
            String title = s.isCustom() ? "custom section \"" + s.name() + "\"" : s.name() + " section";
            out.line(
                    s.headerOffset(),
                    s.payloadOffset() - s.headerOffset(),
                    "== " + title + " (id " + s.id() + "): " + s.payloadSize()
                            + (s.payloadSize() == 1 ? " byte" : " bytes") + ", payload at 0x"
                            + Integer.toHexString(s.payloadOffset()));
            for (ModuleLayout.Entry e : sl.entries()) {
                out.line(e.offset(), e.length(), e.description());
                if (withCode && s.id() == Section.CODE) {
                    codeOf(parsed, layout, e, out);
                }
            }
        }
        return out.toString();
    }

    /** The instructions of the body an entry describes, decoded by Wharf's instruction reader. */
    private static void codeOf(ParsedModule parsed, ModuleLayout layout, ModuleLayout.Entry entry, Dump out) {
        for (var body : layout.functionBodies()) {
            if (body.sizeOffset() == entry.offset()) {
                for (var line : CodeListing.of(parsed.source(), body)) {
                    out.line(line.offset(), line.length(), "  " + "  ".repeat(line.depth()) + line.text());
                }
                return;
            }
        }
    }

    /** The lines of a dump: offset | hex bytes | description. */
    static final class Dump {
        private final byte[] bytes;
        private final int offsetWidth;
        private final StringBuilder out = new StringBuilder();

        Dump(byte[] bytes, int offsetWidth) {
            this.bytes = bytes;
            this.offsetWidth = offsetWidth;
        }

        void line(int offset, int length, String description) {
            String where = "0x" + Integer.toHexString(offset);
            out.append(" ".repeat(Math.max(0, offsetWidth - where.length())))
                    .append(where)
                    .append(" | ");
            var hex = new StringBuilder();
            int shown = length > HEX_BYTES ? HEX_BYTES - 1 : length;
            for (int i = 0; i < shown; i++) {
                if (i > 0) {
                    hex.append(' ');
                }
                hex.append(String.format("%02x", bytes[offset + i] & 0xff));
            }
            if (shown < length) {
                hex.append(" ..");
            }
            int width = HEX_BYTES * 3 - 1;
            out.append(hex)
                    .append(" ".repeat(Math.max(0, width - hex.length())))
                    .append(" | ")
                    .append(description)
                    .append('\n');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
