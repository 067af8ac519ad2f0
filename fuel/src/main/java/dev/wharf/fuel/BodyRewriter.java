package dev.wharf.fuel;

import dev.wharf.binary.ByteReader;
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
 * <p><b>Running out.</b> When a charge makes the counter negative, the function branches to its out-of-fuel
 * exit (see {@link #rewrite}), which stores the counter (negative) in the global and executes
 * {@code unreachable}. No helper function and no new type are needed, so no index of the module shifts and
 * the name section stays valid as it is. The host tells this trap from a real {@code unreachable} by the
 * global being negative afterwards.
 */
final class BodyRewriter {

    enum CounterHome {
        LOCAL,
        GLOBAL
    }

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

    /** The plan for one body: per instruction, the control depth before it and what to insert around it. */
    private record Plan(long[] chargeBefore, boolean[] leavesBefore, int[] depthBefore, boolean usesExceptions) {}

    /**
     * Rewrites the body in {@code module[from, to)} (the locals and the expression, without the size prefix)
     * of a function with {@code paramCount} parameters.
     *
     * <p>Layout of the result: the original expression sits in a new outer {@code block}, the out-of-fuel
     * exit; every charge ends in {@code br_if} to it, and after it comes the one trap of the function. One
     * shared exit instead of an {@code if ... unreachable end} at every charge cuts what a charge adds to
     * the JVM method Chicory generates from 27 to 16 bytes (methods are capped at 64 KiB). The original final {@code end} becomes
     * {@code return}, and branches that targeted the function's own label now count one block further.
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
        boolean local = !plan.usesExceptions() && preferredHome == CounterHome.LOCAL;

        var out = new WasmOutput(to - from + ops.size() * 4 + 32);
        int fuelLocal = (int) (paramCount + localCount);
        if (local) {
            // appending a local after the existing ones shifts no local index
            out.u32(groups + 1L).bytes(module, groupsStart, codeStart).u32(1).u8(I64);
        } else {
            out.bytes(module, from, codeStart);
        }
        out.u8(Op.BLOCK).u8(EMPTY_BLOCK_TYPE); // the out-of-fuel exit
        int last = ops.size() - 1;
        for (int i = 0; i <= last; i++) {
            Op op = ops.get(i);
            long charge = plan.chargeBefore()[i];
            int depth = plan.depthBefore()[i];
            if (local) {
                if (i == 0) {
                    out.u8(GLOBAL_GET).u32(fuelGlobal);
                    if (charge == 0) {
                        out.u8(LOCAL_SET).u32(fuelLocal);
                    } else {
                        out.u8(I64_CONST).s64(charge).u8(I64_SUB).u8(LOCAL_TEE).u32(fuelLocal);
                        exitIfNegative(out, depth);
                    }
                } else if (charge > 0) {
                    out.u8(LOCAL_GET)
                            .u32(fuelLocal)
                            .u8(I64_CONST)
                            .s64(charge)
                            .u8(I64_SUB)
                            .u8(LOCAL_TEE)
                            .u32(fuelLocal);
                    exitIfNegative(out, depth);
                }
                if (plan.leavesBefore()[i] || op.isCall()) {
                    out.u8(LOCAL_GET).u32(fuelLocal).u8(GLOBAL_SET).u32(fuelGlobal);
                }
            } else if (charge > 0) {
                out.u8(GLOBAL_GET)
                        .u32(fuelGlobal)
                        .u8(I64_CONST)
                        .s64(charge)
                        .u8(I64_SUB)
                        .u8(GLOBAL_SET)
                        .u32(fuelGlobal);
                out.u8(GLOBAL_GET).u32(fuelGlobal);
                exitIfNegative(out, depth);
            }
            if (i == last) {
                out.u8(Op.RETURN).u8(Op.END); // the function's results leave by return; the exit block ends
                if (local) {
                    out.u8(LOCAL_GET).u32(fuelLocal).u8(GLOBAL_SET).u32(fuelGlobal); // publish the overdraft
                }
                out.u8(Op.UNREACHABLE).u8(Op.END);
            } else {
                copyShiftingFunctionLabels(out, module, op, depth);
            }
            if (local && op.isCall()) {
                out.u8(GLOBAL_GET).u32(fuelGlobal).u8(LOCAL_SET).u32(fuelLocal);
            }
        }
        return out;
    }

    /** [i64 counter] -> []: branches to the out-of-fuel exit, {@code depth} blocks out, when negative. */
    private static void exitIfNegative(WasmOutput out, int depth) {
        out.u8(I64_CONST).u8(0).u8(I64_LT_S).u8(Op.BR_IF).u32(depth);
    }

    /** Copies an instruction; a label naming the function itself (== depth) now has the exit block in between. */
    private static void copyShiftingFunctionLabels(WasmOutput out, byte[] module, Op op, int depth) {
        int copied = op.start();
        for (int l = 0; l < op.labels().length; l++) {
            if (op.labels()[l] == depth) {
                int at = op.labelOffsets()[l];
                out.bytes(module, copied, at).u32(depth + 1L);
                copied = at;
                while ((module[copied++] & 0x80) != 0) {
                    // skip the old LEB128
                }
            }
        }
        out.bytes(module, copied, op.end());
    }

    /** Works out the runs, their costs, and which instructions leave the function. */
    private Plan plan(List<Op> ops) {
        int n = ops.size();
        boolean[] targeted = findBranchTargets(ops);
        long[] chargeBefore = new long[n];
        boolean[] leavesBefore = new boolean[n];
        int[] depthBefore = new int[n];
        boolean usesExceptions = false;

        int[] opener = new int[n + 1];
        int depth = 0;
        int deadFrom = -1; // control depth at which code became unreachable, or -1 while it is reachable
        int runStart = 0;
        boolean runLive = true;
        for (int i = 0; i < n; i++) {
            Op op = ops.get(i);
            depthBefore[i] = depth;
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
        return new Plan(chargeBefore, leavesBefore, depthBefore, usesExceptions);
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
