package dev.wharf.fuel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random but valid WAT modules with varied control flow for the metering property test: nested blocks,
 * loops with bounded trip counts, br, br_if, br_table, if/else, select, early returns, direct and indirect
 * calls (recursion bounded by a depth parameter), globals, memory, and traps (unreachable, division by zero,
 * out-of-bounds access, bad indirect calls). Every program terminates: each loop counts a counter down from
 * at most {@link #MAX_TRIPS}, and every call passes depth - 1 and happens only while depth > 0.
 */
final class ProgramGenerator {

    static final int MAX_TRIPS = 6;
    static final int ENTRY_DEPTH = 2;
    private static final int TABLE_SIZE = 8;

    enum Type {
        I32("i32"),
        I64("i64");

        final String wat;

        Type(String wat) {
            this.wat = wat;
        }
    }

    /** A generated function's signature: (param $depth i32) (params...) (result ...). */
    record Signature(List<Type> params, Type result) {}

    private record Local(String name, Type type, boolean settable) {}

    private record Label(String name, boolean isLoop) {}

    private final Random random;
    private final List<Signature> functions = new ArrayList<>();
    private final List<Signature> types = new ArrayList<>();
    private final List<Integer> table = new ArrayList<>();
    private int labels;

    // per function being written
    private List<Local> locals;
    private List<Label> enclosing;
    private Signature current;
    private int counters;
    private int frames; // structured instructions enclosing the statement being written

    ProgramGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Function 0 is exported as "main"; its signature tells the caller what to pass. */
    Signature main() {
        return functions.get(0);
    }

    String module() {
        int count = 2 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            var params = new ArrayList<Type>();
            int n = random.nextInt(3);
            for (int p = 0; p < n; p++) {
                params.add(anyType());
            }
            var signature = new Signature(List.copyOf(params), anyType());
            functions.add(signature);
            if (!types.contains(signature)) {
                types.add(signature);
            }
        }
        var wat = new StringBuilder("(module\n");
        for (int t = 0; t < types.size(); t++) {
            wat.append("  (type $t").append(t).append(" (func (param i32");
            for (Type p : types.get(t).params()) {
                wat.append(' ').append(p.wat);
            }
            wat.append(") (result ").append(types.get(t).result().wat).append(")))\n");
        }
        wat.append("  (memory 1)\n");
        wat.append("  (global $g32 (mut i32) (i32.const ")
                .append(random.nextInt(1000))
                .append("))\n");
        wat.append("  (global $g64 (mut i64) (i64.const ")
                .append(random.nextInt(1000))
                .append("))\n");
        wat.append("  (table $table ").append(TABLE_SIZE).append(" funcref)\n");
        wat.append("  (elem (i32.const 0)");
        int filled = TABLE_SIZE - random.nextInt(3);
        for (int slot = 0; slot < filled; slot++) {
            table.add(random.nextInt(count));
            wat.append(" $f").append(table.get(slot));
        }
        wat.append(")\n");
        for (int i = 0; i < count; i++) {
            function(wat, i);
        }
        wat.append("  (export \"main\" (func $f0)))\n");
        return wat.toString();
    }

    private void function(StringBuilder wat, int index) {
        current = functions.get(index);
        locals = new ArrayList<>();
        enclosing = new ArrayList<>();
        counters = 0;
        frames = 0;
        locals.add(new Local("$depth", Type.I32, false));
        for (int p = 0; p < current.params().size(); p++) {
            locals.add(new Local("$p" + p, current.params().get(p), true));
        }
        int declared = random.nextInt(4);
        for (int l = 0; l < declared; l++) {
            locals.add(new Local("$l" + l, anyType(), true));
        }
        var body = new StringBuilder();
        statements(body, 0, 2);
        body.append("    ").append(expr(current.result(), 0)).append('\n');

        wat.append("  (func $f")
                .append(index)
                .append(" (type $t")
                .append(types.indexOf(current))
                .append(") (param $depth i32)");
        for (int p = 0; p < current.params().size(); p++) {
            wat.append(" (param $p")
                    .append(p)
                    .append(' ')
                    .append(current.params().get(p).wat)
                    .append(')');
        }
        wat.append(" (result ").append(current.result().wat).append(")\n");
        for (Local l : locals) {
            if (l.name().startsWith("$l")) {
                wat.append("    (local ")
                        .append(l.name())
                        .append(' ')
                        .append(l.type().wat)
                        .append(")\n");
            }
        }
        for (int c = 0; c < counters; c++) {
            wat.append("    (local $c").append(c).append(" i32)\n");
        }
        wat.append(body);
        wat.append("  )\n");
    }

    private void statements(StringBuilder out, int depth, int max) {
        int n = 1 + random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            statement(out, depth);
        }
    }

    private void statement(StringBuilder out, int depth) {
        String indent = "    " + "  ".repeat(depth);
        int choice = random.nextInt(depth >= 3 ? 5 : 12);
        switch (choice) {
            case 0, 1 -> {
                Local target = settable();
                if (target == null) {
                    out.append(indent)
                            .append("(global.set $g32 ")
                            .append(expr(Type.I32, 0))
                            .append(")\n");
                } else {
                    out.append(indent)
                            .append("(local.set ")
                            .append(target.name())
                            .append(' ')
                            .append(expr(target.type(), 0))
                            .append(")\n");
                }
            }
            case 2 ->
                out.append(indent)
                        .append("(i32.store offset=")
                        .append(random.nextInt(64) * 4)
                        .append(' ')
                        .append(address())
                        .append(' ')
                        .append(expr(Type.I32, 1))
                        .append(")\n");
            case 3 ->
                out.append(indent)
                        .append(
                                random.nextBoolean()
                                        ? "(global.set $g64 " + expr(Type.I64, 1) + ")"
                                        : "(drop " + expr(anyType(), 1) + ")")
                        .append('\n');
            case 4 -> exitStatement(out, indent);
            case 5, 6 -> { // bounded loop with break and continue available inside
                String counter = "$c" + counters++;
                String exit = "$b" + labels++;
                String loop = "$L" + labels++;
                out.append(indent)
                        .append("(local.set ")
                        .append(counter)
                        .append(" (i32.const ")
                        .append(1 + random.nextInt(MAX_TRIPS))
                        .append("))\n");
                out.append(indent).append("(block ").append(exit).append('\n');
                out.append(indent).append("  (loop ").append(loop).append('\n');
                out.append(indent)
                        .append("    (br_if ")
                        .append(exit)
                        .append(" (i32.eqz (local.get ")
                        .append(counter)
                        .append(")))\n");
                out.append(indent)
                        .append("    (local.set ")
                        .append(counter)
                        .append(" (i32.sub (local.get ")
                        .append(counter)
                        .append(") (i32.const 1)))\n");
                enclosing.add(new Label(exit, false));
                enclosing.add(new Label(loop, true));
                frames += 2;
                statements(out, depth + 2, 2);
                frames -= 2;
                enclosing.remove(enclosing.size() - 1);
                enclosing.remove(enclosing.size() - 1);
                out.append(indent).append("    (br ").append(loop).append(")))\n");
            }
            case 7 -> { // block left early by br_if
                String block = "$b" + labels++;
                out.append(indent).append("(block ").append(block).append('\n');
                enclosing.add(new Label(block, false));
                frames++;
                statements(out, depth + 1, 1);
                out.append(indent)
                        .append("  (br_if ")
                        .append(block)
                        .append(' ')
                        .append(condition())
                        .append(")\n");
                statements(out, depth + 1, 1);
                frames--;
                enclosing.remove(enclosing.size() - 1);
                out.append(indent).append(")\n");
            }
            case 8 -> { // if / else
                out.append(indent).append("(if ").append(condition()).append('\n');
                out.append(indent).append("  (then\n");
                frames++;
                statements(out, depth + 2, 1);
                out.append(indent).append("  )");
                if (random.nextBoolean()) {
                    out.append("\n").append(indent).append("  (else\n");
                    statements(out, depth + 2, 1);
                    out.append(indent).append("  )");
                }
                frames--;
                out.append(")\n");
            }
            case 9 -> { // br_table into one of several nested blocks
                int arms = 2 + random.nextInt(3);
                String[] names = new String[arms];
                for (int a = 0; a < arms; a++) {
                    names[a] = "$s" + labels++;
                }
                for (int a = 0; a < arms; a++) {
                    out.append(indent)
                            .append("  ".repeat(a))
                            .append("(block ")
                            .append(names[a])
                            .append('\n');
                }
                out.append(indent).append("  ".repeat(arms)).append("(br_table");
                int entries = 1 + random.nextInt(5);
                for (int e = 0; e <= entries; e++) {
                    out.append(' ').append(names[arms - 1 - random.nextInt(arms)]);
                }
                out.append(' ').append(expr(Type.I32, 1)).append(")\n");
                for (int a = arms - 1; a >= 0; a--) {
                    out.append(indent).append("  ".repeat(a)).append(")\n");
                    frames += a; // now inside blocks 0 .. a-1
                    statements(out, depth + 1, 0);
                    frames -= a;
                }
            }
            case 10 ->
                out.append(indent).append("(drop ").append(call(anyType())).append(")\n");
            default -> out.append(indent).append("(if ").append(rareCondition()).append(" (then unreachable))\n");
        }
    }

    /**
     * br / br_if to an enclosing label, an early return, or a branch to the function's own label (by depth,
     * which metering must renumber). Dead code after an unconditional one is on purpose.
     */
    private void exitStatement(StringBuilder out, String indent) {
        int kind = random.nextInt(5);
        if (kind == 4) {
            String value = expr(current.result(), 1);
            out.append(indent)
                    .append(
                            random.nextBoolean()
                                    ? "(drop (br_if " + frames + ' ' + value + ' ' + rareCondition() + "))"
                                    : "(if " + rareCondition() + " (then (br " + (frames + 1) + ' ' + value + ")))")
                    .append('\n');
            return;
        }
        if (kind == 0 || enclosing.isEmpty()) {
            out.append(indent)
                    .append("(if ")
                    .append(rareCondition())
                    .append(" (then (return ")
                    .append(expr(current.result(), 1))
                    .append(")))\n");
            return;
        }
        Label target = enclosing.get(random.nextInt(enclosing.size()));
        if (kind == 1) {
            out.append(indent).append("(br ").append(target.name()).append(")\n");
        } else {
            out.append(indent)
                    .append("(br_if ")
                    .append(target.name())
                    .append(' ')
                    .append(condition())
                    .append(")\n");
        }
    }

    private String expr(Type type, int depth) {
        if (depth >= 3) {
            return random.nextBoolean() ? constant(type) : read(type);
        }
        int choice = random.nextInt(13);
        return switch (choice) {
            case 0 -> constant(type);
            case 1, 2 -> read(type);
            case 3, 4 -> binary(type, depth);
            case 5 ->
                type == Type.I32
                        ? "(i64." + pick("eq", "ne", "lt_s", "lt_u", "ge_s", "gt_u") + ' ' + expr(Type.I64, depth + 1)
                                + ' ' + expr(Type.I64, depth + 1) + ")"
                        : "(i64.extend_i32_" + pick("s", "u") + ' ' + expr(Type.I32, depth + 1) + ")";
            case 6 ->
                type == Type.I32
                        ? "(i32." + pick("eqz", "clz", "ctz", "popcnt", "extend8_s") + ' ' + expr(Type.I32, depth + 1)
                                + ")"
                        : "(i64." + pick("clz", "popcnt", "extend32_s") + ' ' + expr(Type.I64, depth + 1) + ")";
            case 7 ->
                type == Type.I32
                        ? "(i32." + pick("load", "load8_u", "load16_s") + " offset=" + random.nextInt(32) + ' '
                                + address() + ")"
                        : "(i64.load " + address() + ")";
            case 8 -> call(type);
            case 9 ->
                "(if (result " + type.wat + ") " + condition() + " (then " + expr(type, depth + 1) + ") (else "
                        + expr(type, depth + 1) + "))";
            case 10 -> {
                String label = "$e" + labels++;
                yield "(block " + label + " (result " + type.wat + ") (drop (br_if " + label + ' '
                        + expr(type, depth + 1) + ' ' + condition() + ")) " + expr(type, depth + 1) + ")";
            }
            case 11 -> "(select " + expr(type, depth + 1) + ' ' + expr(type, depth + 1) + ' ' + condition() + ")";
            default ->
                type == Type.I32
                        ? (random.nextBoolean()
                                ? "(global.get $g32)"
                                : "(i32.wrap_i64 " + expr(Type.I64, depth + 1) + ")")
                        : "(global.get $g64)";
        };
    }

    private String binary(Type type, int depth) {
        String op = pick(
                "add", "sub", "mul", "and", "or", "xor", "shl", "shr_u", "shr_s", "rotl", "div_s", "div_u", "rem_s",
                "rem_u");
        String right = expr(type, depth + 1);
        if (op.startsWith("div") || op.startsWith("rem")) {
            // mostly a divisor that cannot be zero, sometimes one that can: division traps are part of the test
            if (random.nextInt(4) != 0) {
                right = "(" + type.wat + ".or " + right + " (" + type.wat + ".const 1))";
            }
        }
        return "(" + type.wat + "." + op + ' ' + expr(type, depth + 1) + ' ' + right + ")";
    }

    /** A call while depth lasts, direct or through the table (which may trap on a null or mistyped slot). */
    private String call(Type type) {
        var candidates = new ArrayList<Integer>();
        for (int f = 0; f < functions.size(); f++) {
            if (functions.get(f).result() == type) {
                candidates.add(f);
            }
        }
        if (candidates.isEmpty()) {
            return constant(type);
        }
        int callee = candidates.get(random.nextInt(candidates.size()));
        Signature signature = functions.get(callee);
        var args = new StringBuilder("(i32.sub (local.get $depth) (i32.const 1))");
        for (Type p : signature.params()) {
            args.append(' ').append(expr(p, 2));
        }
        String call = "(call $f" + callee + ' ' + args + ")";
        if (random.nextInt(3) == 0) {
            // through the table: mostly a slot holding the callee, sometimes any slot (null or mistyped: a trap)
            int slot = table.indexOf(callee);
            String index = slot >= 0 && random.nextInt(4) != 0
                    ? "(i32.const " + slot + ")"
                    : "(i32.and " + expr(Type.I32, 2) + " (i32.const " + (TABLE_SIZE - 1) + "))";
            call = "(call_indirect $table (type $t" + types.indexOf(signature) + ") " + args + ' ' + index + ")";
        }
        return "(if (result " + type.wat + ") (i32.gt_s (local.get $depth) (i32.const 0)) (then " + call + ") (else "
                + constant(type) + "))";
    }

    private String condition() {
        return switch (random.nextInt(3)) {
            case 0 -> "(i32.and " + expr(Type.I32, 2) + " (i32.const 1))";
            case 1 -> "(i32.lt_u " + expr(Type.I32, 2) + " (i32.const " + random.nextInt(1000) + "))";
            default -> expr(Type.I32, 2);
        };
    }

    /** True now and then: for traps and early returns, which would otherwise end most runs early. */
    private String rareCondition() {
        return "(i32.eq (i32.and " + expr(Type.I32, 2) + " (i32.const 7)) (i32.const 5))"; // zeroed locals: false
    }

    /** Mostly inside the one page of memory; sometimes wherever an expression points. */
    private String address() {
        return random.nextInt(8) == 0 ? expr(Type.I32, 2) : "(i32.and " + expr(Type.I32, 2) + " (i32.const 0xfff0))";
    }

    private String read(Type type) {
        var candidates = locals.stream().filter(l -> l.type() == type).toList();
        if (candidates.isEmpty()) {
            return constant(type);
        }
        return "(local.get " + candidates.get(random.nextInt(candidates.size())).name() + ")";
    }

    private Local settable() {
        var candidates = locals.stream().filter(Local::settable).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private String constant(Type type) {
        long value = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(4);
            case 1 -> random.nextInt(1000) - 500;
            case 2 -> random.nextInt();
            default -> type == Type.I64 ? random.nextLong() : random.nextInt(65536);
        };
        return "(" + type.wat + ".const " + (type == Type.I32 ? (int) value : value) + ")";
    }

    private Type anyType() {
        return random.nextBoolean() ? Type.I32 : Type.I64;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
