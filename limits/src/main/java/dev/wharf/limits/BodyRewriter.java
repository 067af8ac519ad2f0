package dev.wharf.limits;

import dev.wharf.module.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites one function body so that it pays for what it runs.
 *
 * <p><b>Where fuel is charged.</b> The body is cut into runs: maximal straight-line stretches that control
 * enters only at the top and, barring a trap, leaves only after the last instruction. A run starts at the
 * function entry, after a loop header that some branch targets, after {@code if} and {@code else}, after the
 * {@code end} of an {@code if} or of a block that some branch targets, and after every branch. Each run is
 * charged its summed cost once, before its first instruction, and the counter is checked right there. Since
 * every instruction of a run runs whenever the run is entered, the fuel consumed by a run that does not trap
 * is exactly the summed cost of the instructions it executed: the same module and input always consume the
 * same fuel, and a count worked out by hand from the instruction trace matches. A run that traps (or whose
 * callee throws) has paid for its whole length. Runs in unreachable code are not charged.
 *
 * <p><b>Why one check per run and not only at loop headers:</b> checking at every run keeps the overdraft to
 * at most one run and costs a compare and a well-predicted branch, which the JIT folds next to the subtract.
 *
 * <p><b>Where the counter lives.</b> The fuel global is the truth between functions. Inside a function
 * ({@link CounterHome#LOCAL}), the counter is copied into a fresh i64 local at entry, charged there, and
 * written back before every call, every way out of the function (return, tail call, a branch to the
 * function's own label, the final end) and before {@code unreachable}; it is read back after every call,
 * because the callee (or a host function) changed the global. Chicory compiles a global access to a static
 * call that looks the global up through the instance, while a local is a JVM local the JIT keeps in a
 * register, so the local is what makes metering cheap (see bench/fuel for the measured difference). The
 * price: after a trap other than running out of fuel, the global lacks what the trapping function spent
 * since its last call or entry. Functions that throw or catch exceptions use {@link CounterHome#GLOBAL},
 * because a catch lands in the middle of the function with the local stale.
 *
 * <p><b>Running out.</b> When a charge makes the counter negative, the function stores it (negative) in the
 * global and executes {@code unreachable}, inline: no helper function and no new type are needed, so no index
 * of the module shifts and the name section stays valid as it is. The host tells this trap from a real
 * {@code unreachable} by the global being negative afterwards.
 */
final class BodyRewriter {

    enum CounterHome { LOCAL, GLOBAL }

    private static final int I64 = 0x7e;
    private static final int LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22, GLOBAL_GET = 0x23, GLOBAL_SET = 0x24;
    private static final int I64_CONST = 0x42, I64_LT_S = 0x53, I64_SUB = 0x7d, EMPTY_BLOCK_TYPE = 0x40;

    private final FuelCosts costs;
    private final int fuelGlobal;
    private final CounterHome preferredHome;

    BodyRewriter(FuelCosts costs, int fuelGlobal, CounterHome preferredHome) {
        this.costs = costs;
        this.fuelGlobal = fuelGlobal;
        this.preferredHome = preferredHome;
    }

    /** The plan for one body: its instructions and, per instruction, what to insert around it. */
    private record Plan(List<Op> ops, long[] chargeBefore, boolean[] leavesBefore, boolean usesExceptions) { }

    /**
     * Rewrites the body in {@code module[from, to)} (the locals and the expression, without the size prefix)
     * of a function with {@code paramCount} parameters.
     */
    WasmOutput rewrite(byte[] module, int from, int to, int paramCount) {
        var in = new ByteReader(module, from, to);
        int groups = in.count("local group", 2);
        int groupsStart = in.position();
        long localCount = 0;
        for (int g = 0; g < groups; g++) {
            localCount += in.u32();
            int type = in.u8();
            if (type == 0x63 || type == 0x64) {
                in.sleb(33);
            }
        }
        int codeStart = in.position();
        var ops = new ArrayList<Op>();
        while (!in.atEnd()) {
            ops.add(Op.decode(in));
        }
        Plan plan = plan(ops);
        CounterHome home = plan.usesExceptions() ? CounterHome.GLOBAL : preferredHome;

        var out = new WasmOutput(to - from + ops.size() * 4 + 32);
        int fuelLocal = (int) (paramCount + localCount);
        if (home == CounterHome.LOCAL) {
            // appending a local after the existing ones shifts no local index
            out.u32(groups + 1L).bytes(module, groupsStart, codeStart).u32(1).u8(I64);
        } else {
            out.bytes(module, from, codeStart);
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            long charge = plan.chargeBefore()[i];
            if (home == CounterHome.LOCAL) {
                if (i == 0) {
                    chargeOnEntry(out, fuelLocal, charge);
                } else if (charge > 0) {
                    chargeLocal(out, fuelLocal, charge);
                }
                if (plan.leavesBefore()[i] || op.isCall()) {
                    out.u8(LOCAL_GET).u32(fuelLocal).u8(GLOBAL_SET).u32(fuelGlobal);
                }
                out.bytes(module, op.start(), op.end());
                if (op.isCall()) {
                    out.u8(GLOBAL_GET).u32(fuelGlobal).u8(LOCAL_SET).u32(fuelLocal);
                }
            } else {
                if (charge > 0) {
                    chargeGlobal(out, charge);
                }
                out.bytes(module, op.start(), op.end());
            }
        }
        return out;
    }

    /** Entry: load the global into the local, charging the first run on the way. */
    private void chargeOnEntry(WasmOutput out, int fuelLocal, long cost) {
        out.u8(GLOBAL_GET).u32(fuelGlobal);
        if (cost == 0) {
            out.u8(LOCAL_SET).u32(fuelLocal);
            return;
        }
        out.u8(I64_CONST).s64(cost).u8(I64_SUB).u8(LOCAL_TEE).u32(fuelLocal);
        trapIfNegative(out, fuelLocal);
    }

    private void chargeLocal(WasmOutput out, int fuelLocal, long cost) {
        out.u8(LOCAL_GET).u32(fuelLocal).u8(I64_CONST).s64(cost).u8(I64_SUB).u8(LOCAL_TEE).u32(fuelLocal);
        trapIfNegative(out, fuelLocal);
    }

    /** [i64 counter] -> []: when negative, publish it to the global and trap. */
    private void trapIfNegative(WasmOutput out, int fuelLocal) {
        out.u8(I64_CONST).u8(0).u8(I64_LT_S).u8(Op.IF).u8(EMPTY_BLOCK_TYPE);
        out.u8(LOCAL_GET).u32(fuelLocal).u8(GLOBAL_SET).u32(fuelGlobal);
        out.u8(Op.UNREACHABLE).u8(Op.END);
    }

    private void chargeGlobal(WasmOutput out, long cost) {
        out.u8(GLOBAL_GET).u32(fuelGlobal).u8(I64_CONST).s64(cost).u8(I64_SUB).u8(GLOBAL_SET).u32(fuelGlobal);
        out.u8(GLOBAL_GET).u32(fuelGlobal).u8(I64_CONST).u8(0).u8(I64_LT_S).u8(Op.IF).u8(EMPTY_BLOCK_TYPE);
        out.u8(Op.UNREACHABLE).u8(Op.END);
    }

    /** Works out the runs, their costs, and which instructions leave the function. */
    private Plan plan(List<Op> ops) {
        int n = ops.size();
        boolean[] targeted = findBranchTargets(ops);
        long[] chargeBefore = new long[n];
        boolean[] leavesBefore = new boolean[n];
        boolean usesExceptions = false;

        int[] opener = new int[n + 1];
        int depth = 0;
        int deadFrom = -1; // control depth at which code became unreachable, or -1 while it is reachable
        int runStart = 0;
        boolean runLive = true;
        for (int i = 0; i < n; i++) {
            Op op = ops.get(i);
            usesExceptions |= op.handlesExceptions();
            if (deadFrom < 0) {
                leavesBefore[i] = leavesFunction(op, depth);
            }
            if (runLive) {
                chargeBefore[runStart] += costs.of(op.code());
            }
            boolean runEnds;
            int code = op.code();
            if (op.opensBlock()) {
                opener[depth++] = i;
                runEnds = code == Op.IF || (code == Op.LOOP && targeted[i]);
            } else if (code == Op.ELSE) {
                runEnds = true;
                if (deadFrom == depth) {
                    deadFrom = -1;
                }
            } else if (code == Op.END) {
                if (depth == 0) {
                    break; // the function's own end: nothing follows
                }
                int open = opener[--depth];
                int kind = ops.get(open).code();
                runEnds = kind == Op.IF || (kind != Op.LOOP && targeted[open]);
                if (deadFrom > depth) {
                    deadFrom = -1;
                }
            } else if (op.transfersUnconditionally()) {
                runEnds = true;
                deadFrom = deadFrom < 0 ? depth : Math.min(deadFrom, depth);
            } else {
                runEnds = op.branchesConditionally();
            }
            if (runEnds) {
                runStart = i + 1;
                runLive = deadFrom < 0;
            }
        }
        return new Plan(ops, chargeBefore, leavesBefore, usesExceptions);
    }

    /** Per opening instruction: does some branch (or catch clause) target its label? */
    private static boolean[] findBranchTargets(List<Op> ops) {
        boolean[] targeted = new boolean[ops.size()];
        int[] opener = new int[ops.size() + 1];
        int depth = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            // try_table's catch labels count from outside the try_table, so they resolve before the push
            for (int label : op.labels()) {
                if (label < depth) {
                    targeted[opener[depth - 1 - label]] = true;
                }
            }
            if (op.opensBlock()) {
                opener[depth++] = i;
            } else if (op.code() == Op.END && depth > 0) {
                depth--;
            }
        }
        return targeted;
    }

    /** Control may leave the function at this instruction (or trap on purpose): the global must be current. */
    private static boolean leavesFunction(Op op, int depth) {
        int code = op.code();
        if (code == Op.RETURN || code == Op.UNREACHABLE || op.isTailCall() || (code == Op.END && depth == 0)) {
            return true;
        }
        if (code == Op.TRY_TABLE) {
            return false; // its labels are catch targets, handled by keeping such functions in GLOBAL mode
        }
        for (int label : op.labels()) {
            if (label == depth) {
                return true;
            }
        }
        return false;
    }
}
