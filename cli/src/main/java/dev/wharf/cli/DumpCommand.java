package dev.wharf.cli;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import dev.wharf.binary.ModuleLayout;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.Section;
import dev.wharf.binary.TypeNames;
import java.nio.file.Path;
import java.util.List;
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
            "List every section of a module or component and every entry in it with its byte offset and bytes:",
            "for a module its types,",
            "imports, functions, tables, memories, globals, exports, elements, code bodies, data segments and",
            "custom sections (--code adds each function's instructions); for a component its core modules, core",
            "instances, types, aliases, canonical functions, imports and exports, nested components indented."
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
        ParsedModule parsed = ValidateCommand.load(module);
        System.out.print(render(parsed, code));
        System.out.flush();
        return 0;
    }

    static String render(ParsedModule parsed, boolean withCode) {
        byte[] bytes = parsed.source().bytes();
        ModuleLayout layout = parsed.layout();
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

    /** The instructions of the body an entry describes, from Chicory's parse (which knows their addresses). */
    private static void codeOf(ParsedModule parsed, ModuleLayout layout, ModuleLayout.Entry entry, Dump out) {
        List<ModuleLayout.FunctionBody> bodies = layout.functionBodies();
        for (int i = 0; i < bodies.size(); i++) {
            var body = bodies.get(i);
            if (body.sizeOffset() != entry.offset()) {
                continue;
            }
            var instructions = parsed.wasm().codeSection().getFunctionBody(i).instructions();
            for (int k = 0; k < instructions.size(); k++) {
                AnnotatedInstruction ins = instructions.get(k);
                int end = k + 1 < instructions.size() ? instructions.get(k + 1).address() : body.end();
                // Chicory counts a block's own instruction, its else and its end as inside it
                int depth = switch (ins.opcode()) {
                    case BLOCK, LOOP, IF, TRY_TABLE, ELSE, END -> ins.depth() - 1;
                    default -> ins.depth();
                };
                out.line(
                        ins.address(), end - ins.address(), "  " + "  ".repeat(Math.max(0, depth)) + TypeNames.of(ins));
            }
            return;
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
