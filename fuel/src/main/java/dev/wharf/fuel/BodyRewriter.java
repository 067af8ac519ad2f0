package dev.wharf.fuel;

import dev.wharf.binary.ByteReader;
import dev.wharf.binary.InstructionReader;
import dev.wharf.binary.Opcode;
import java.util.Arrays;

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
 *
 * <p><b>Decoding.</b> Bodies are read with Wharf's one instruction decoder ({@link InstructionReader}) into
 * arrays this rewriter keeps from one function to the next (opcode, start, branch labels and where each label's
 * LEB128 lies), so rewriting a big module allocates per function, not per instruction. Every instruction is
 * copied byte for byte, so immediates need no understanding beyond their length, SIMD's included; an added i64
 * local goes after the declared ones, whatever their types (v128 included), so no local index moves.
 */
final class BodyRewriter {

    enum CounterHome {
        LOCAL,
        GLOBAL
    }

    private static final int I64 = 0x7e;
    private static final int LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22, GLOBAL_GET = 0x23, GLOBAL_SET = 0x24;
    private static final int I64_CONST = 0x42, I64_LT_S = 0x53, I64_SUB = 0x7d, EMPTY_BLOCK_TYPE = 0x40;
    private static final int BLOCK = 0x02, BR_IF = 0x0d, RETURN = 0x0f, UNREACHABLE = 0x00, END = 0x0b;

    // What each instruction does to control flow, by Opcode ordinal: looked up once per instruction, because the
    // plan asks several questions of every instruction of a module that may be megabytes long.
    private static final int OPENS = 1, TRANSFERS = 2, BRANCHES = 4, CALLS = 8, TAIL_CALLS = 16, EXCEPTIONS = 32;
    private static final int[] CONTROL;

    static {
        Opcode[] all = Opcode.values();
        CONTROL = new int[all.length];
        for (Opcode op : all) {
            CONTROL[op.ordinal()] = (op.opensBlock() ? OPENS : 0)
                    | (transfersUnconditionally(op) ? TRANSFERS : 0)
                    | (branchesConditionally(op) ? BRANCHES : 0)
                    | (isCall(op) ? CALLS : 0)
                    | (isTailCall(op) ? TAIL_CALLS : 0)
                    | (handlesExceptions(op) ? EXCEPTIONS : 0);
        }
    }

    private final long[] costByOrdinal;
    private final int fuelGlobal;
    private final CounterHome preferredHome;

    // The body being rewritten, decoded: instruction i is ops[i], at [starts[i], starts[i + 1]); its branch labels
    // are labels[labelFrom[i] .. labelFrom[i + 1]), each LEB128 at labelAt[..]. Kept and grown across functions.
    private final InstructionReader reader = new InstructionReader(null);
    private Opcode[] ops = new Opcode[256];
    private int[] starts = new int[257];
    private int[] labelFrom = new int[257];
    private int[] labels = new int[64];
    private int[] labelAt = new int[64];
    private int count;

    BodyRewriter(FuelCosts costs, int fuelGlobal, CounterHome preferredHome) {
        Opcode[] all = Opcode.values();
        this.costByOrdinal = new long[all.length];
        for (Opcode op : all) {
            costByOrdinal[op.ordinal()] = costs.of(op);
        }
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
            InstructionReader.readValueType(in);
        }
        int codeStart = in.position();
        decode(in);
        Plan plan = plan();
        boolean local = !plan.usesExceptions() && preferredHome == CounterHome.LOCAL;

        var out = new WasmOutput(to - from + count * 4 + 32);
        int fuelLocal = (int) (paramCount + localCount);
        if (local) {
            // appending a local after the existing ones shifts no local index
            out.u32(groups + 1L).bytes(module, groupsStart, codeStart).u32(1).u8(I64);
        } else {
            out.bytes(module, from, codeStart);
        }
        out.u8(BLOCK).u8(EMPTY_BLOCK_TYPE); // the out-of-fuel exit
        int last = count - 1;
        for (int i = 0; i <= last; i++) {
            boolean call = (CONTROL[ops[i].ordinal()] & CALLS) != 0;
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
                if (plan.leavesBefore()[i] || call) {
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
                out.u8(RETURN).u8(END); // the function's results leave by return; the exit block ends
                if (local) {
                    out.u8(LOCAL_GET).u32(fuelLocal).u8(GLOBAL_SET).u32(fuelGlobal); // publish the overdraft
                }
                out.u8(UNREACHABLE).u8(END);
            } else {
                copyShiftingFunctionLabels(out, module, i, depth);
            }
            if (local && call) {
                out.u8(GLOBAL_GET).u32(fuelGlobal).u8(LOCAL_SET).u32(fuelLocal);
            }
        }
        return out;
    }

    /** Decodes the expression into the arrays above. */
    private void decode(ByteReader in) {
        reader.reading(in);
        count = 0;
        int labelCount = 0;
        while (!reader.atEnd()) {
            if (count + 1 >= ops.length) {
                int size = ops.length * 2;
                ops = Arrays.copyOf(ops, size);
                starts = Arrays.copyOf(starts, size + 1);
                labelFrom = Arrays.copyOf(labelFrom, size + 1);
            }
            ops[count] = reader.next();
            starts[count] = reader.start();
            labelFrom[count] = labelCount;
            int n = reader.labelCount();
            if (labelCount + n > labels.length) {
                int size = Math.max(labels.length * 2, labelCount + n);
                labels = Arrays.copyOf(labels, size);
                labelAt = Arrays.copyOf(labelAt, size);
            }
            for (int l = 0; l < n; l++) {
                labels[labelCount] = reader.label(l);
                labelAt[labelCount++] = reader.labelOffset(l);
            }
            count++;
        }
        starts[count] = in.position();
        labelFrom[count] = labelCount;
    }

    /** [i64 counter] -> []: branches to the out-of-fuel exit, {@code depth} blocks out, when negative. */
    private static void exitIfNegative(WasmOutput out, int depth) {
        out.u8(I64_CONST).u8(0).u8(I64_LT_S).u8(BR_IF).u32(depth);
    }

    /** Copies an instruction; a label naming the function itself (== depth) now has the exit block in between. */
    private void copyShiftingFunctionLabels(WasmOutput out, byte[] module, int i, int depth) {
        int copied = starts[i];
        for (int l = labelFrom[i]; l < labelFrom[i + 1]; l++) {
            if (labels[l] == depth) {
                int at = labelAt[l];
                out.bytes(module, copied, at).u32(depth + 1L);
                copied = at;
                while ((module[copied++] & 0x80) != 0) {
                    // skip the old LEB128
                }
            }
        }
        out.bytes(module, copied, starts[i + 1]);
    }

    /** Works out the runs, their costs, and which instructions leave the function. */
    private Plan plan() {
        int n = count;
        boolean[] targeted = findBranchTargets();
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
            Opcode op = ops[i];
            int control = CONTROL[op.ordinal()];
            depthBefore[i] = depth;
            usesExceptions |= (control & EXCEPTIONS) != 0;
            if (deadFrom < 0) {
                leavesBefore[i] = leavesFunction(i, depth);
            }
            if (runLive) {
                chargeBefore[runStart] += costByOrdinal[op.ordinal()];
            }
            boolean runEnds;
            if ((control & OPENS) != 0) {
                opener[depth++] = i;
                runEnds = op == Opcode.IF || (op == Opcode.LOOP && targeted[i]);
            } else if (op == Opcode.ELSE) {
                runEnds = true;
                if (deadFrom == depth) {
                    deadFrom = -1;
                }
            } else if (op == Opcode.END) {
                if (depth == 0) {
                    break; // the function's own end: nothing follows
                }
                int open = opener[--depth];
                Opcode kind = ops[open];
                runEnds = kind == Opcode.IF || (kind != Opcode.LOOP && targeted[open]);
                if (deadFrom > depth) {
                    deadFrom = -1;
                }
            } else if ((control & TRANSFERS) != 0) {
                runEnds = true;
                deadFrom = deadFrom < 0 ? depth : Math.min(deadFrom, depth);
            } else {
                runEnds = (control & BRANCHES) != 0;
            }
            if (runEnds) {
                runStart = i + 1;
                runLive = deadFrom < 0;
            }
        }
        return new Plan(chargeBefore, leavesBefore, depthBefore, usesExceptions);
    }

    /** Per opening instruction: does some branch (or catch clause) target its label? */
    private boolean[] findBranchTargets() {
        boolean[] targeted = new boolean[count];
        int[] opener = new int[count + 1];
        int depth = 0;
        for (int i = 0; i < count; i++) {
            // try_table's catch labels count from outside the try_table, so they resolve before the push
            for (int l = labelFrom[i]; l < labelFrom[i + 1]; l++) {
                if (labels[l] < depth) {
                    targeted[opener[depth - 1 - labels[l]]] = true;
                }
            }
            if ((CONTROL[ops[i].ordinal()] & OPENS) != 0) {
                opener[depth++] = i;
            } else if (ops[i] == Opcode.END && depth > 0) {
                depth--;
            }
        }
        return targeted;
    }

    /** Control may leave the function at this instruction (or trap on purpose): the global must be current. */
    private boolean leavesFunction(int i, int depth) {
        Opcode op = ops[i];
        if (op == Opcode.RETURN
                || op == Opcode.UNREACHABLE
                || (CONTROL[op.ordinal()] & TAIL_CALLS) != 0
                || (op == Opcode.END && depth == 0)) {
            return true;
        }
        if (op == Opcode.TRY_TABLE) {
            return false; // its labels are catch targets, handled by keeping such functions in GLOBAL mode
        }
        for (int l = labelFrom[i]; l < labelFrom[i + 1]; l++) {
            if (labels[l] == depth) {
                return true;
            }
        }
        return false;
    }

    /** Control leaves the instruction other than by falling through to the next one, always. */
    private static boolean transfersUnconditionally(Opcode op) {
        return switch (op) {
            case UNREACHABLE,
                    BR,
                    BR_TABLE,
                    RETURN,
                    THROW,
                    THROW_REF,
                    RETURN_CALL,
                    RETURN_CALL_INDIRECT,
                    RETURN_CALL_REF -> true;
            default -> false;
        };
    }

    /** A conditional branch: both the label and the next instruction may run next. */
    private static boolean branchesConditionally(Opcode op) {
        return switch (op) {
            case BR_IF, BR_ON_NULL, BR_ON_NON_NULL, BR_ON_CAST, BR_ON_CAST_FAIL -> true;
            default -> false;
        };
    }

    private static boolean isCall(Opcode op) {
        return op == Opcode.CALL || op == Opcode.CALL_INDIRECT || op == Opcode.CALL_REF;
    }

    private static boolean isTailCall(Opcode op) {
        return op == Opcode.RETURN_CALL || op == Opcode.RETURN_CALL_INDIRECT || op == Opcode.RETURN_CALL_REF;
    }

    /** Exception handling: functions that use it keep the fuel counter in the global (see the class comment). */
    private static boolean handlesExceptions(Opcode op) {
        return op == Opcode.THROW || op == Opcode.THROW_REF || op == Opcode.TRY_TABLE;
    }
}
