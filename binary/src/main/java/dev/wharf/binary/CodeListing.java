package dev.wharf.binary;

import java.util.ArrayList;
import java.util.List;

/** A function body's instructions one per line, each with where it lies: what `wharf dump --code` lists. */
public final class CodeListing {
    private CodeListing() {}

    /**
     * One instruction.
     *
     * @param offset where it starts in the module
     * @param length its bytes, immediates included
     * @param depth blocks open around it: a block, its `else` and its `end` stand one level out from its contents
     * @param text the mnemonic and immediates, e.g. {@code i32.load offset=8 align=4}, {@code i8x16.shuffle 0 1 ...}
     */
    public record Line(int offset, int length, int depth, String text) {}

    public static List<Line> of(ModuleSource source, ModuleLayout.FunctionBody body) {
        var in = new ByteReader(source.bytes(), body.codeOffset(), body.end());
        var code = new InstructionReader(in);
        var lines = new ArrayList<Line>();
        int depth = 0;
        while (!code.atEnd()) {
            Opcode op = code.next();
            int shown = op == Opcode.END || op == Opcode.ELSE ? Math.max(0, depth - 1) : depth;
            lines.add(new Line(code.start(), code.end() - code.start(), shown, InstructionText.of(code)));
            if (op.opensBlock()) {
                depth++;
            } else if (op == Opcode.END) {
                depth--;
            }
        }
        return lines;
    }
}
