package dev.wharf.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.WasmEncoding;
import dev.wharf.binary.Opcode.Immediate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Wharf's opcode table against Chicory's, which parses and type-checks the same bytes after it. */
class OpcodeTest {
    /** The immediates Chicory reads for a signature, and the kinds of ours that are read the same way. */
    private static final Map<List<WasmEncoding>, Set<Immediate>> SAME_BYTES = Map.ofEntries(
            Map.entry(List.of(), EnumSet.of(Immediate.NONE)),
            Map.entry(List.of(WasmEncoding.BLOCK_TYPE), EnumSet.of(Immediate.BLOCK_TYPE)),
            Map.entry(
                    List.of(WasmEncoding.VARUINT),
                    EnumSet.of(
                            Immediate.LABEL,
                            Immediate.FUNC,
                            Immediate.TYPE,
                            Immediate.LOCAL,
                            Immediate.GLOBAL,
                            Immediate.TABLE,
                            Immediate.MEMORY,
                            Immediate.TAG,
                            Immediate.DATA,
                            Immediate.ELEM)),
            Map.entry(
                    List.of(WasmEncoding.VARUINT, WasmEncoding.VARUINT),
                    EnumSet.of(
                            Immediate.TYPE_TABLE,
                            Immediate.DATA_MEMORY,
                            Immediate.MEMORY_MEMORY,
                            Immediate.ELEM_TABLE,
                            Immediate.TABLE_TABLE,
                            Immediate.TYPE_FIELD,
                            Immediate.TYPE_SIZE,
                            Immediate.TYPE_DATA,
                            Immediate.TYPE_ELEM,
                            Immediate.TYPE_TYPE)),
            Map.entry(List.of(WasmEncoding.VEC_VARUINT, WasmEncoding.VARUINT), EnumSet.of(Immediate.LABEL_TABLE)),
            Map.entry(List.of(WasmEncoding.MEMARG), EnumSet.of(Immediate.MEMARG)),
            // the lane of v128.load8_lane and friends: one byte in the format, a LEB128 in Chicory; the same
            // byte for every lane that exists (below 16), and larger ones are refused by Wharf first
            Map.entry(List.of(WasmEncoding.MEMARG, WasmEncoding.VARUINT), EnumSet.of(Immediate.MEMARG_LANE)),
            Map.entry(List.of(WasmEncoding.BYTE), EnumSet.of(Immediate.LANE, Immediate.RESERVED_ZERO)),
            Map.entry(List.of(WasmEncoding.V128), EnumSet.of(Immediate.V128, Immediate.SHUFFLE)),
            Map.entry(List.of(WasmEncoding.VARSINT32), EnumSet.of(Immediate.I32, Immediate.HEAP_TYPE)),
            Map.entry(List.of(WasmEncoding.VARSINT64), EnumSet.of(Immediate.I64)),
            Map.entry(List.of(WasmEncoding.FLOAT32), EnumSet.of(Immediate.F32)),
            Map.entry(List.of(WasmEncoding.FLOAT64), EnumSet.of(Immediate.F64)),
            Map.entry(List.of(WasmEncoding.VEC_VALUE_TYPE), EnumSet.of(Immediate.SELECT_TYPES)),
            Map.entry(List.of(WasmEncoding.BLOCK_TYPE, WasmEncoding.VEC_CATCH), EnumSet.of(Immediate.CATCHES)),
            Map.entry(
                    List.of(WasmEncoding.BYTE, WasmEncoding.VARUINT, WasmEncoding.VARSINT32, WasmEncoding.VARSINT32),
                    EnumSet.of(Immediate.CAST)));

    private static Opcode ours(OpCode chicory) {
        int code = chicory.opcode();
        return code > 0xff ? Opcode.of(code >> 8, code & 0xff) : Opcode.of(code);
    }

    @Test
    void everyInstructionChicoryKnowsHasTheSameCodeAndImmediateBytesHere() {
        var disagreements = new ArrayList<String>();
        var matched = new HashSet<Opcode>();
        for (OpCode chicory : OpCode.values()) {
            Opcode op = ours(chicory);
            if (op == null) {
                disagreements.add(chicory + " is missing");
                continue;
            }
            matched.add(op);
            var allowed = SAME_BYTES.get(OpCode.signature(chicory));
            assertNotNull(allowed, () -> "no mapping for Chicory's " + OpCode.signature(chicory));
            if (!allowed.contains(op.immediate())) {
                disagreements.add(chicory + " " + OpCode.signature(chicory) + " vs " + op + " " + op.immediate());
            }
        }
        assertEquals(List.of(), disagreements);
        var onlyOurs = new ArrayList<Opcode>();
        for (Opcode op : Opcode.values()) {
            if (!matched.contains(op)) {
                onlyOurs.add(op);
            }
        }
        assertEquals(20, onlyOurs.size(), onlyOurs::toString);
        assertTrue(onlyOurs.stream().allMatch(op -> op.feature() == Feature.RELAXED_SIMD), onlyOurs::toString);
    }

    @Test
    void lookupByCodeAndTheFactsTheValidatorUses() {
        assertSame(Opcode.I32_LOAD, Opcode.of(0x28));
        assertSame(Opcode.V128_CONST, Opcode.of(0xfd, 0x0c));
        assertSame(Opcode.I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S, Opcode.of(0xfd, 0x113));
        assertEquals(null, Opcode.of(0xfd, 0x9a));
        assertEquals(null, Opcode.of(0xfd, 0x114));
        assertEquals(null, Opcode.of(0x06), "legacy try is not decoded");
        assertEquals(4, Opcode.V128_LOAD.naturalAlignLog2());
        assertEquals(3, Opcode.V128_LOAD8X8_S.naturalAlignLog2());
        assertEquals(2, Opcode.V128_LOAD32_ZERO.naturalAlignLog2());
        assertEquals(16, Opcode.V128_LOAD8_LANE.lanes());
        assertEquals(2, Opcode.V128_STORE64_LANE.lanes());
        assertEquals(8, Opcode.I16X8_REPLACE_LANE.lanes());
        assertEquals(32, Opcode.I8X16_SHUFFLE.lanes());
        assertEquals(Feature.SIMD, Opcode.F64X2_CONVERT_LOW_I32X4_U.feature());
        assertEquals(Feature.SIGN_EXTENSION, Opcode.I32_EXTEND8_S.feature());
        assertEquals(Feature.CORE, Opcode.I32_ADD.feature());
        assertEquals("i32.atomic.rmw8.add_u", Opcode.I32_ATOMIC_RMW8_ADD_U.mnemonic());
        assertEquals("select", Opcode.SELECT_T.mnemonic());
    }
}
