package dev.wharf.binary;

import static dev.wharf.binary.Opcode.Immediate.BLOCK_TYPE;
import static dev.wharf.binary.Opcode.Immediate.CAST;
import static dev.wharf.binary.Opcode.Immediate.CATCHES;
import static dev.wharf.binary.Opcode.Immediate.DATA;
import static dev.wharf.binary.Opcode.Immediate.DATA_MEMORY;
import static dev.wharf.binary.Opcode.Immediate.ELEM;
import static dev.wharf.binary.Opcode.Immediate.ELEM_TABLE;
import static dev.wharf.binary.Opcode.Immediate.F32;
import static dev.wharf.binary.Opcode.Immediate.F64;
import static dev.wharf.binary.Opcode.Immediate.FUNC;
import static dev.wharf.binary.Opcode.Immediate.GLOBAL;
import static dev.wharf.binary.Opcode.Immediate.HEAP_TYPE;
import static dev.wharf.binary.Opcode.Immediate.I32;
import static dev.wharf.binary.Opcode.Immediate.I64;
import static dev.wharf.binary.Opcode.Immediate.LABEL;
import static dev.wharf.binary.Opcode.Immediate.LABEL_TABLE;
import static dev.wharf.binary.Opcode.Immediate.LANE;
import static dev.wharf.binary.Opcode.Immediate.LOCAL;
import static dev.wharf.binary.Opcode.Immediate.MEMARG;
import static dev.wharf.binary.Opcode.Immediate.MEMARG_LANE;
import static dev.wharf.binary.Opcode.Immediate.MEMORY;
import static dev.wharf.binary.Opcode.Immediate.MEMORY_MEMORY;
import static dev.wharf.binary.Opcode.Immediate.RESERVED_ZERO;
import static dev.wharf.binary.Opcode.Immediate.SELECT_TYPES;
import static dev.wharf.binary.Opcode.Immediate.SHUFFLE;
import static dev.wharf.binary.Opcode.Immediate.TABLE;
import static dev.wharf.binary.Opcode.Immediate.TABLE_TABLE;
import static dev.wharf.binary.Opcode.Immediate.TAG;
import static dev.wharf.binary.Opcode.Immediate.TYPE;
import static dev.wharf.binary.Opcode.Immediate.TYPE_DATA;
import static dev.wharf.binary.Opcode.Immediate.TYPE_ELEM;
import static dev.wharf.binary.Opcode.Immediate.TYPE_FIELD;
import static dev.wharf.binary.Opcode.Immediate.TYPE_SIZE;
import static dev.wharf.binary.Opcode.Immediate.TYPE_TABLE;
import static dev.wharf.binary.Opcode.Immediate.TYPE_TYPE;
import static dev.wharf.binary.Opcode.Immediate.V128;

/**
 * Every instruction Wharf decodes, with what the decoder, the validator, the printer and the fuel meter need to
 * know about it: its code, its text-format mnemonic, the immediates that follow it, the natural alignment of a
 * memory access or the lane count of a lane immediate, and the proposal it comes from.
 *
 * <p>Why Wharf owns this table rather than reading Chicory's {@code OpCode}: Chicory 1.7.5's table stops at
 * {@code 0xFD 0xFF}, so relaxed SIMD cannot even be named; it reads the lane of {@code v128.load8_lane} and
 * friends as a LEB128 number where the format has one byte; its names are not all the text format's
 * ({@code I32_EXTEND_8_S}, {@code MEM_ATOMIC_WAIT32}); and it has no alignments, lane counts or proposals. A test
 * checks that the two agree on every instruction Chicory knows (same code, same immediate bytes), so a module
 * this decoder accepts is framed the same way by Chicory's parser, which still type-checks it.
 *
 * <p>Codes: a one-byte opcode is itself; a prefixed one (0xFB GC, 0xFC misc, 0xFD SIMD, 0xFE threads) is
 * {@code prefix << 16 | subOpcode}, the sub-opcode being a LEB128 u32 in the binary (relaxed SIMD needs two bytes).
 */
public enum Opcode {
    UNREACHABLE(0x00, "unreachable"),
    NOP(0x01, "nop"),
    BLOCK(0x02, "block", BLOCK_TYPE),
    LOOP(0x03, "loop", BLOCK_TYPE),
    IF(0x04, "if", BLOCK_TYPE),
    ELSE(0x05, "else"),
    THROW(0x08, "throw", TAG),
    THROW_REF(0x0a, "throw_ref"),
    END(0x0b, "end"),
    BR(0x0c, "br", LABEL),
    BR_IF(0x0d, "br_if", LABEL),
    BR_TABLE(0x0e, "br_table", LABEL_TABLE),
    RETURN(0x0f, "return"),
    CALL(0x10, "call", FUNC),
    CALL_INDIRECT(0x11, "call_indirect", TYPE_TABLE),
    RETURN_CALL(0x12, "return_call", FUNC),
    RETURN_CALL_INDIRECT(0x13, "return_call_indirect", TYPE_TABLE),
    CALL_REF(0x14, "call_ref", TYPE),
    RETURN_CALL_REF(0x15, "return_call_ref", TYPE),
    DROP(0x1a, "drop"),
    SELECT(0x1b, "select"),
    SELECT_T(0x1c, "select", SELECT_TYPES),
    TRY_TABLE(0x1f, "try_table", CATCHES),
    LOCAL_GET(0x20, "local.get", LOCAL),
    LOCAL_SET(0x21, "local.set", LOCAL),
    LOCAL_TEE(0x22, "local.tee", LOCAL),
    GLOBAL_GET(0x23, "global.get", GLOBAL),
    GLOBAL_SET(0x24, "global.set", GLOBAL),
    TABLE_GET(0x25, "table.get", TABLE),
    TABLE_SET(0x26, "table.set", TABLE),
    I32_LOAD(0x28, "i32.load", MEMARG, 2),
    I64_LOAD(0x29, "i64.load", MEMARG, 3),
    F32_LOAD(0x2a, "f32.load", MEMARG, 2),
    F64_LOAD(0x2b, "f64.load", MEMARG, 3),
    I32_LOAD8_S(0x2c, "i32.load8_s", MEMARG, 0),
    I32_LOAD8_U(0x2d, "i32.load8_u", MEMARG, 0),
    I32_LOAD16_S(0x2e, "i32.load16_s", MEMARG, 1),
    I32_LOAD16_U(0x2f, "i32.load16_u", MEMARG, 1),
    I64_LOAD8_S(0x30, "i64.load8_s", MEMARG, 0),
    I64_LOAD8_U(0x31, "i64.load8_u", MEMARG, 0),
    I64_LOAD16_S(0x32, "i64.load16_s", MEMARG, 1),
    I64_LOAD16_U(0x33, "i64.load16_u", MEMARG, 1),
    I64_LOAD32_S(0x34, "i64.load32_s", MEMARG, 2),
    I64_LOAD32_U(0x35, "i64.load32_u", MEMARG, 2),
    I32_STORE(0x36, "i32.store", MEMARG, 2),
    I64_STORE(0x37, "i64.store", MEMARG, 3),
    F32_STORE(0x38, "f32.store", MEMARG, 2),
    F64_STORE(0x39, "f64.store", MEMARG, 3),
    I32_STORE8(0x3a, "i32.store8", MEMARG, 0),
    I32_STORE16(0x3b, "i32.store16", MEMARG, 1),
    I64_STORE8(0x3c, "i64.store8", MEMARG, 0),
    I64_STORE16(0x3d, "i64.store16", MEMARG, 1),
    I64_STORE32(0x3e, "i64.store32", MEMARG, 2),
    MEMORY_SIZE(0x3f, "memory.size", MEMORY),
    MEMORY_GROW(0x40, "memory.grow", MEMORY),
    I32_CONST(0x41, "i32.const", I32),
    I64_CONST(0x42, "i64.const", I64),
    F32_CONST(0x43, "f32.const", F32),
    F64_CONST(0x44, "f64.const", F64),
    I32_EQZ(0x45, "i32.eqz"),
    I32_EQ(0x46, "i32.eq"),
    I32_NE(0x47, "i32.ne"),
    I32_LT_S(0x48, "i32.lt_s"),
    I32_LT_U(0x49, "i32.lt_u"),
    I32_GT_S(0x4a, "i32.gt_s"),
    I32_GT_U(0x4b, "i32.gt_u"),
    I32_LE_S(0x4c, "i32.le_s"),
    I32_LE_U(0x4d, "i32.le_u"),
    I32_GE_S(0x4e, "i32.ge_s"),
    I32_GE_U(0x4f, "i32.ge_u"),
    I64_EQZ(0x50, "i64.eqz"),
    I64_EQ(0x51, "i64.eq"),
    I64_NE(0x52, "i64.ne"),
    I64_LT_S(0x53, "i64.lt_s"),
    I64_LT_U(0x54, "i64.lt_u"),
    I64_GT_S(0x55, "i64.gt_s"),
    I64_GT_U(0x56, "i64.gt_u"),
    I64_LE_S(0x57, "i64.le_s"),
    I64_LE_U(0x58, "i64.le_u"),
    I64_GE_S(0x59, "i64.ge_s"),
    I64_GE_U(0x5a, "i64.ge_u"),
    F32_EQ(0x5b, "f32.eq"),
    F32_NE(0x5c, "f32.ne"),
    F32_LT(0x5d, "f32.lt"),
    F32_GT(0x5e, "f32.gt"),
    F32_LE(0x5f, "f32.le"),
    F32_GE(0x60, "f32.ge"),
    F64_EQ(0x61, "f64.eq"),
    F64_NE(0x62, "f64.ne"),
    F64_LT(0x63, "f64.lt"),
    F64_GT(0x64, "f64.gt"),
    F64_LE(0x65, "f64.le"),
    F64_GE(0x66, "f64.ge"),
    I32_CLZ(0x67, "i32.clz"),
    I32_CTZ(0x68, "i32.ctz"),
    I32_POPCNT(0x69, "i32.popcnt"),
    I32_ADD(0x6a, "i32.add"),
    I32_SUB(0x6b, "i32.sub"),
    I32_MUL(0x6c, "i32.mul"),
    I32_DIV_S(0x6d, "i32.div_s"),
    I32_DIV_U(0x6e, "i32.div_u"),
    I32_REM_S(0x6f, "i32.rem_s"),
    I32_REM_U(0x70, "i32.rem_u"),
    I32_AND(0x71, "i32.and"),
    I32_OR(0x72, "i32.or"),
    I32_XOR(0x73, "i32.xor"),
    I32_SHL(0x74, "i32.shl"),
    I32_SHR_S(0x75, "i32.shr_s"),
    I32_SHR_U(0x76, "i32.shr_u"),
    I32_ROTL(0x77, "i32.rotl"),
    I32_ROTR(0x78, "i32.rotr"),
    I64_CLZ(0x79, "i64.clz"),
    I64_CTZ(0x7a, "i64.ctz"),
    I64_POPCNT(0x7b, "i64.popcnt"),
    I64_ADD(0x7c, "i64.add"),
    I64_SUB(0x7d, "i64.sub"),
    I64_MUL(0x7e, "i64.mul"),
    I64_DIV_S(0x7f, "i64.div_s"),
    I64_DIV_U(0x80, "i64.div_u"),
    I64_REM_S(0x81, "i64.rem_s"),
    I64_REM_U(0x82, "i64.rem_u"),
    I64_AND(0x83, "i64.and"),
    I64_OR(0x84, "i64.or"),
    I64_XOR(0x85, "i64.xor"),
    I64_SHL(0x86, "i64.shl"),
    I64_SHR_S(0x87, "i64.shr_s"),
    I64_SHR_U(0x88, "i64.shr_u"),
    I64_ROTL(0x89, "i64.rotl"),
    I64_ROTR(0x8a, "i64.rotr"),
    F32_ABS(0x8b, "f32.abs"),
    F32_NEG(0x8c, "f32.neg"),
    F32_CEIL(0x8d, "f32.ceil"),
    F32_FLOOR(0x8e, "f32.floor"),
    F32_TRUNC(0x8f, "f32.trunc"),
    F32_NEAREST(0x90, "f32.nearest"),
    F32_SQRT(0x91, "f32.sqrt"),
    F32_ADD(0x92, "f32.add"),
    F32_SUB(0x93, "f32.sub"),
    F32_MUL(0x94, "f32.mul"),
    F32_DIV(0x95, "f32.div"),
    F32_MIN(0x96, "f32.min"),
    F32_MAX(0x97, "f32.max"),
    F32_COPYSIGN(0x98, "f32.copysign"),
    F64_ABS(0x99, "f64.abs"),
    F64_NEG(0x9a, "f64.neg"),
    F64_CEIL(0x9b, "f64.ceil"),
    F64_FLOOR(0x9c, "f64.floor"),
    F64_TRUNC(0x9d, "f64.trunc"),
    F64_NEAREST(0x9e, "f64.nearest"),
    F64_SQRT(0x9f, "f64.sqrt"),
    F64_ADD(0xa0, "f64.add"),
    F64_SUB(0xa1, "f64.sub"),
    F64_MUL(0xa2, "f64.mul"),
    F64_DIV(0xa3, "f64.div"),
    F64_MIN(0xa4, "f64.min"),
    F64_MAX(0xa5, "f64.max"),
    F64_COPYSIGN(0xa6, "f64.copysign"),
    I32_WRAP_I64(0xa7, "i32.wrap_i64"),
    I32_TRUNC_F32_S(0xa8, "i32.trunc_f32_s"),
    I32_TRUNC_F32_U(0xa9, "i32.trunc_f32_u"),
    I32_TRUNC_F64_S(0xaa, "i32.trunc_f64_s"),
    I32_TRUNC_F64_U(0xab, "i32.trunc_f64_u"),
    I64_EXTEND_I32_S(0xac, "i64.extend_i32_s"),
    I64_EXTEND_I32_U(0xad, "i64.extend_i32_u"),
    I64_TRUNC_F32_S(0xae, "i64.trunc_f32_s"),
    I64_TRUNC_F32_U(0xaf, "i64.trunc_f32_u"),
    I64_TRUNC_F64_S(0xb0, "i64.trunc_f64_s"),
    I64_TRUNC_F64_U(0xb1, "i64.trunc_f64_u"),
    F32_CONVERT_I32_S(0xb2, "f32.convert_i32_s"),
    F32_CONVERT_I32_U(0xb3, "f32.convert_i32_u"),
    F32_CONVERT_I64_S(0xb4, "f32.convert_i64_s"),
    F32_CONVERT_I64_U(0xb5, "f32.convert_i64_u"),
    F32_DEMOTE_F64(0xb6, "f32.demote_f64"),
    F64_CONVERT_I32_S(0xb7, "f64.convert_i32_s"),
    F64_CONVERT_I32_U(0xb8, "f64.convert_i32_u"),
    F64_CONVERT_I64_S(0xb9, "f64.convert_i64_s"),
    F64_CONVERT_I64_U(0xba, "f64.convert_i64_u"),
    F64_PROMOTE_F32(0xbb, "f64.promote_f32"),
    I32_REINTERPRET_F32(0xbc, "i32.reinterpret_f32"),
    I64_REINTERPRET_F64(0xbd, "i64.reinterpret_f64"),
    F32_REINTERPRET_I32(0xbe, "f32.reinterpret_i32"),
    F64_REINTERPRET_I64(0xbf, "f64.reinterpret_i64"),
    I32_EXTEND8_S(0xc0, "i32.extend8_s"),
    I32_EXTEND16_S(0xc1, "i32.extend16_s"),
    I64_EXTEND8_S(0xc2, "i64.extend8_s"),
    I64_EXTEND16_S(0xc3, "i64.extend16_s"),
    I64_EXTEND32_S(0xc4, "i64.extend32_s"),
    REF_NULL(0xd0, "ref.null", HEAP_TYPE),
    REF_IS_NULL(0xd1, "ref.is_null"),
    REF_FUNC(0xd2, "ref.func", FUNC),
    REF_EQ(0xd3, "ref.eq"),
    REF_AS_NON_NULL(0xd4, "ref.as_non_null"),
    BR_ON_NULL(0xd5, "br_on_null", LABEL),
    BR_ON_NON_NULL(0xd6, "br_on_non_null", LABEL),
    STRUCT_NEW(0xfb_0000, "struct.new", TYPE),
    STRUCT_NEW_DEFAULT(0xfb_0001, "struct.new_default", TYPE),
    STRUCT_GET(0xfb_0002, "struct.get", TYPE_FIELD),
    STRUCT_GET_S(0xfb_0003, "struct.get_s", TYPE_FIELD),
    STRUCT_GET_U(0xfb_0004, "struct.get_u", TYPE_FIELD),
    STRUCT_SET(0xfb_0005, "struct.set", TYPE_FIELD),
    ARRAY_NEW(0xfb_0006, "array.new", TYPE),
    ARRAY_NEW_DEFAULT(0xfb_0007, "array.new_default", TYPE),
    ARRAY_NEW_FIXED(0xfb_0008, "array.new_fixed", TYPE_SIZE),
    ARRAY_NEW_DATA(0xfb_0009, "array.new_data", TYPE_DATA),
    ARRAY_NEW_ELEM(0xfb_000a, "array.new_elem", TYPE_ELEM),
    ARRAY_GET(0xfb_000b, "array.get", TYPE),
    ARRAY_GET_S(0xfb_000c, "array.get_s", TYPE),
    ARRAY_GET_U(0xfb_000d, "array.get_u", TYPE),
    ARRAY_SET(0xfb_000e, "array.set", TYPE),
    ARRAY_LEN(0xfb_000f, "array.len"),
    ARRAY_FILL(0xfb_0010, "array.fill", TYPE),
    ARRAY_COPY(0xfb_0011, "array.copy", TYPE_TYPE),
    ARRAY_INIT_DATA(0xfb_0012, "array.init_data", TYPE_DATA),
    ARRAY_INIT_ELEM(0xfb_0013, "array.init_elem", TYPE_ELEM),
    REF_TEST(0xfb_0014, "ref.test", HEAP_TYPE),
    REF_TEST_NULL(0xfb_0015, "ref.test_null", HEAP_TYPE),
    REF_CAST(0xfb_0016, "ref.cast", HEAP_TYPE),
    REF_CAST_NULL(0xfb_0017, "ref.cast_null", HEAP_TYPE),
    BR_ON_CAST(0xfb_0018, "br_on_cast", CAST),
    BR_ON_CAST_FAIL(0xfb_0019, "br_on_cast_fail", CAST),
    ANY_CONVERT_EXTERN(0xfb_001a, "any.convert_extern"),
    EXTERN_CONVERT_ANY(0xfb_001b, "extern.convert_any"),
    REF_I31(0xfb_001c, "ref.i31"),
    I31_GET_S(0xfb_001d, "i31.get_s"),
    I31_GET_U(0xfb_001e, "i31.get_u"),
    I32_TRUNC_SAT_F32_S(0xfc_0000, "i32.trunc_sat_f32_s"),
    I32_TRUNC_SAT_F32_U(0xfc_0001, "i32.trunc_sat_f32_u"),
    I32_TRUNC_SAT_F64_S(0xfc_0002, "i32.trunc_sat_f64_s"),
    I32_TRUNC_SAT_F64_U(0xfc_0003, "i32.trunc_sat_f64_u"),
    I64_TRUNC_SAT_F32_S(0xfc_0004, "i64.trunc_sat_f32_s"),
    I64_TRUNC_SAT_F32_U(0xfc_0005, "i64.trunc_sat_f32_u"),
    I64_TRUNC_SAT_F64_S(0xfc_0006, "i64.trunc_sat_f64_s"),
    I64_TRUNC_SAT_F64_U(0xfc_0007, "i64.trunc_sat_f64_u"),
    MEMORY_INIT(0xfc_0008, "memory.init", DATA_MEMORY),
    DATA_DROP(0xfc_0009, "data.drop", DATA),
    MEMORY_COPY(0xfc_000a, "memory.copy", MEMORY_MEMORY),
    MEMORY_FILL(0xfc_000b, "memory.fill", MEMORY),
    TABLE_INIT(0xfc_000c, "table.init", ELEM_TABLE),
    ELEM_DROP(0xfc_000d, "elem.drop", ELEM),
    TABLE_COPY(0xfc_000e, "table.copy", TABLE_TABLE),
    TABLE_GROW(0xfc_000f, "table.grow", TABLE),
    TABLE_SIZE(0xfc_0010, "table.size", TABLE),
    TABLE_FILL(0xfc_0011, "table.fill", TABLE),
    V128_LOAD(0xfd_0000, "v128.load", MEMARG, 4),
    V128_LOAD8X8_S(0xfd_0001, "v128.load8x8_s", MEMARG, 3),
    V128_LOAD8X8_U(0xfd_0002, "v128.load8x8_u", MEMARG, 3),
    V128_LOAD16X4_S(0xfd_0003, "v128.load16x4_s", MEMARG, 3),
    V128_LOAD16X4_U(0xfd_0004, "v128.load16x4_u", MEMARG, 3),
    V128_LOAD32X2_S(0xfd_0005, "v128.load32x2_s", MEMARG, 3),
    V128_LOAD32X2_U(0xfd_0006, "v128.load32x2_u", MEMARG, 3),
    V128_LOAD8_SPLAT(0xfd_0007, "v128.load8_splat", MEMARG, 0),
    V128_LOAD16_SPLAT(0xfd_0008, "v128.load16_splat", MEMARG, 1),
    V128_LOAD32_SPLAT(0xfd_0009, "v128.load32_splat", MEMARG, 2),
    V128_LOAD64_SPLAT(0xfd_000a, "v128.load64_splat", MEMARG, 3),
    V128_STORE(0xfd_000b, "v128.store", MEMARG, 4),
    V128_CONST(0xfd_000c, "v128.const", V128),
    I8X16_SHUFFLE(0xfd_000d, "i8x16.shuffle", SHUFFLE),
    I8X16_SWIZZLE(0xfd_000e, "i8x16.swizzle"),
    I8X16_SPLAT(0xfd_000f, "i8x16.splat"),
    I16X8_SPLAT(0xfd_0010, "i16x8.splat"),
    I32X4_SPLAT(0xfd_0011, "i32x4.splat"),
    I64X2_SPLAT(0xfd_0012, "i64x2.splat"),
    F32X4_SPLAT(0xfd_0013, "f32x4.splat"),
    F64X2_SPLAT(0xfd_0014, "f64x2.splat"),
    I8X16_EXTRACT_LANE_S(0xfd_0015, "i8x16.extract_lane_s", LANE, 16),
    I8X16_EXTRACT_LANE_U(0xfd_0016, "i8x16.extract_lane_u", LANE, 16),
    I8X16_REPLACE_LANE(0xfd_0017, "i8x16.replace_lane", LANE, 16),
    I16X8_EXTRACT_LANE_S(0xfd_0018, "i16x8.extract_lane_s", LANE, 8),
    I16X8_EXTRACT_LANE_U(0xfd_0019, "i16x8.extract_lane_u", LANE, 8),
    I16X8_REPLACE_LANE(0xfd_001a, "i16x8.replace_lane", LANE, 8),
    I32X4_EXTRACT_LANE(0xfd_001b, "i32x4.extract_lane", LANE, 4),
    I32X4_REPLACE_LANE(0xfd_001c, "i32x4.replace_lane", LANE, 4),
    I64X2_EXTRACT_LANE(0xfd_001d, "i64x2.extract_lane", LANE, 2),
    I64X2_REPLACE_LANE(0xfd_001e, "i64x2.replace_lane", LANE, 2),
    F32X4_EXTRACT_LANE(0xfd_001f, "f32x4.extract_lane", LANE, 4),
    F32X4_REPLACE_LANE(0xfd_0020, "f32x4.replace_lane", LANE, 4),
    F64X2_EXTRACT_LANE(0xfd_0021, "f64x2.extract_lane", LANE, 2),
    F64X2_REPLACE_LANE(0xfd_0022, "f64x2.replace_lane", LANE, 2),
    I8X16_EQ(0xfd_0023, "i8x16.eq"),
    I8X16_NE(0xfd_0024, "i8x16.ne"),
    I8X16_LT_S(0xfd_0025, "i8x16.lt_s"),
    I8X16_LT_U(0xfd_0026, "i8x16.lt_u"),
    I8X16_GT_S(0xfd_0027, "i8x16.gt_s"),
    I8X16_GT_U(0xfd_0028, "i8x16.gt_u"),
    I8X16_LE_S(0xfd_0029, "i8x16.le_s"),
    I8X16_LE_U(0xfd_002a, "i8x16.le_u"),
    I8X16_GE_S(0xfd_002b, "i8x16.ge_s"),
    I8X16_GE_U(0xfd_002c, "i8x16.ge_u"),
    I16X8_EQ(0xfd_002d, "i16x8.eq"),
    I16X8_NE(0xfd_002e, "i16x8.ne"),
    I16X8_LT_S(0xfd_002f, "i16x8.lt_s"),
    I16X8_LT_U(0xfd_0030, "i16x8.lt_u"),
    I16X8_GT_S(0xfd_0031, "i16x8.gt_s"),
    I16X8_GT_U(0xfd_0032, "i16x8.gt_u"),
    I16X8_LE_S(0xfd_0033, "i16x8.le_s"),
    I16X8_LE_U(0xfd_0034, "i16x8.le_u"),
    I16X8_GE_S(0xfd_0035, "i16x8.ge_s"),
    I16X8_GE_U(0xfd_0036, "i16x8.ge_u"),
    I32X4_EQ(0xfd_0037, "i32x4.eq"),
    I32X4_NE(0xfd_0038, "i32x4.ne"),
    I32X4_LT_S(0xfd_0039, "i32x4.lt_s"),
    I32X4_LT_U(0xfd_003a, "i32x4.lt_u"),
    I32X4_GT_S(0xfd_003b, "i32x4.gt_s"),
    I32X4_GT_U(0xfd_003c, "i32x4.gt_u"),
    I32X4_LE_S(0xfd_003d, "i32x4.le_s"),
    I32X4_LE_U(0xfd_003e, "i32x4.le_u"),
    I32X4_GE_S(0xfd_003f, "i32x4.ge_s"),
    I32X4_GE_U(0xfd_0040, "i32x4.ge_u"),
    F32X4_EQ(0xfd_0041, "f32x4.eq"),
    F32X4_NE(0xfd_0042, "f32x4.ne"),
    F32X4_LT(0xfd_0043, "f32x4.lt"),
    F32X4_GT(0xfd_0044, "f32x4.gt"),
    F32X4_LE(0xfd_0045, "f32x4.le"),
    F32X4_GE(0xfd_0046, "f32x4.ge"),
    F64X2_EQ(0xfd_0047, "f64x2.eq"),
    F64X2_NE(0xfd_0048, "f64x2.ne"),
    F64X2_LT(0xfd_0049, "f64x2.lt"),
    F64X2_GT(0xfd_004a, "f64x2.gt"),
    F64X2_LE(0xfd_004b, "f64x2.le"),
    F64X2_GE(0xfd_004c, "f64x2.ge"),
    V128_NOT(0xfd_004d, "v128.not"),
    V128_AND(0xfd_004e, "v128.and"),
    V128_ANDNOT(0xfd_004f, "v128.andnot"),
    V128_OR(0xfd_0050, "v128.or"),
    V128_XOR(0xfd_0051, "v128.xor"),
    V128_BITSELECT(0xfd_0052, "v128.bitselect"),
    V128_ANY_TRUE(0xfd_0053, "v128.any_true"),
    V128_LOAD8_LANE(0xfd_0054, "v128.load8_lane", MEMARG_LANE, 0),
    V128_LOAD16_LANE(0xfd_0055, "v128.load16_lane", MEMARG_LANE, 1),
    V128_LOAD32_LANE(0xfd_0056, "v128.load32_lane", MEMARG_LANE, 2),
    V128_LOAD64_LANE(0xfd_0057, "v128.load64_lane", MEMARG_LANE, 3),
    V128_STORE8_LANE(0xfd_0058, "v128.store8_lane", MEMARG_LANE, 0),
    V128_STORE16_LANE(0xfd_0059, "v128.store16_lane", MEMARG_LANE, 1),
    V128_STORE32_LANE(0xfd_005a, "v128.store32_lane", MEMARG_LANE, 2),
    V128_STORE64_LANE(0xfd_005b, "v128.store64_lane", MEMARG_LANE, 3),
    V128_LOAD32_ZERO(0xfd_005c, "v128.load32_zero", MEMARG, 2),
    V128_LOAD64_ZERO(0xfd_005d, "v128.load64_zero", MEMARG, 3),
    F32X4_DEMOTE_F64X2_ZERO(0xfd_005e, "f32x4.demote_f64x2_zero"),
    F64X2_PROMOTE_LOW_F32X4(0xfd_005f, "f64x2.promote_low_f32x4"),
    I8X16_ABS(0xfd_0060, "i8x16.abs"),
    I8X16_NEG(0xfd_0061, "i8x16.neg"),
    I8X16_POPCNT(0xfd_0062, "i8x16.popcnt"),
    I8X16_ALL_TRUE(0xfd_0063, "i8x16.all_true"),
    I8X16_BITMASK(0xfd_0064, "i8x16.bitmask"),
    I8X16_NARROW_I16X8_S(0xfd_0065, "i8x16.narrow_i16x8_s"),
    I8X16_NARROW_I16X8_U(0xfd_0066, "i8x16.narrow_i16x8_u"),
    F32X4_CEIL(0xfd_0067, "f32x4.ceil"),
    F32X4_FLOOR(0xfd_0068, "f32x4.floor"),
    F32X4_TRUNC(0xfd_0069, "f32x4.trunc"),
    F32X4_NEAREST(0xfd_006a, "f32x4.nearest"),
    I8X16_SHL(0xfd_006b, "i8x16.shl"),
    I8X16_SHR_S(0xfd_006c, "i8x16.shr_s"),
    I8X16_SHR_U(0xfd_006d, "i8x16.shr_u"),
    I8X16_ADD(0xfd_006e, "i8x16.add"),
    I8X16_ADD_SAT_S(0xfd_006f, "i8x16.add_sat_s"),
    I8X16_ADD_SAT_U(0xfd_0070, "i8x16.add_sat_u"),
    I8X16_SUB(0xfd_0071, "i8x16.sub"),
    I8X16_SUB_SAT_S(0xfd_0072, "i8x16.sub_sat_s"),
    I8X16_SUB_SAT_U(0xfd_0073, "i8x16.sub_sat_u"),
    F64X2_CEIL(0xfd_0074, "f64x2.ceil"),
    F64X2_FLOOR(0xfd_0075, "f64x2.floor"),
    I8X16_MIN_S(0xfd_0076, "i8x16.min_s"),
    I8X16_MIN_U(0xfd_0077, "i8x16.min_u"),
    I8X16_MAX_S(0xfd_0078, "i8x16.max_s"),
    I8X16_MAX_U(0xfd_0079, "i8x16.max_u"),
    F64X2_TRUNC(0xfd_007a, "f64x2.trunc"),
    I8X16_AVGR_U(0xfd_007b, "i8x16.avgr_u"),
    I16X8_EXTADD_PAIRWISE_I8X16_S(0xfd_007c, "i16x8.extadd_pairwise_i8x16_s"),
    I16X8_EXTADD_PAIRWISE_I8X16_U(0xfd_007d, "i16x8.extadd_pairwise_i8x16_u"),
    I32X4_EXTADD_PAIRWISE_I16X8_S(0xfd_007e, "i32x4.extadd_pairwise_i16x8_s"),
    I32X4_EXTADD_PAIRWISE_I16X8_U(0xfd_007f, "i32x4.extadd_pairwise_i16x8_u"),
    I16X8_ABS(0xfd_0080, "i16x8.abs"),
    I16X8_NEG(0xfd_0081, "i16x8.neg"),
    I16X8_Q15MULR_SAT_S(0xfd_0082, "i16x8.q15mulr_sat_s"),
    I16X8_ALL_TRUE(0xfd_0083, "i16x8.all_true"),
    I16X8_BITMASK(0xfd_0084, "i16x8.bitmask"),
    I16X8_NARROW_I32X4_S(0xfd_0085, "i16x8.narrow_i32x4_s"),
    I16X8_NARROW_I32X4_U(0xfd_0086, "i16x8.narrow_i32x4_u"),
    I16X8_EXTEND_LOW_I8X16_S(0xfd_0087, "i16x8.extend_low_i8x16_s"),
    I16X8_EXTEND_HIGH_I8X16_S(0xfd_0088, "i16x8.extend_high_i8x16_s"),
    I16X8_EXTEND_LOW_I8X16_U(0xfd_0089, "i16x8.extend_low_i8x16_u"),
    I16X8_EXTEND_HIGH_I8X16_U(0xfd_008a, "i16x8.extend_high_i8x16_u"),
    I16X8_SHL(0xfd_008b, "i16x8.shl"),
    I16X8_SHR_S(0xfd_008c, "i16x8.shr_s"),
    I16X8_SHR_U(0xfd_008d, "i16x8.shr_u"),
    I16X8_ADD(0xfd_008e, "i16x8.add"),
    I16X8_ADD_SAT_S(0xfd_008f, "i16x8.add_sat_s"),
    I16X8_ADD_SAT_U(0xfd_0090, "i16x8.add_sat_u"),
    I16X8_SUB(0xfd_0091, "i16x8.sub"),
    I16X8_SUB_SAT_S(0xfd_0092, "i16x8.sub_sat_s"),
    I16X8_SUB_SAT_U(0xfd_0093, "i16x8.sub_sat_u"),
    F64X2_NEAREST(0xfd_0094, "f64x2.nearest"),
    I16X8_MUL(0xfd_0095, "i16x8.mul"),
    I16X8_MIN_S(0xfd_0096, "i16x8.min_s"),
    I16X8_MIN_U(0xfd_0097, "i16x8.min_u"),
    I16X8_MAX_S(0xfd_0098, "i16x8.max_s"),
    I16X8_MAX_U(0xfd_0099, "i16x8.max_u"),
    I16X8_AVGR_U(0xfd_009b, "i16x8.avgr_u"),
    I16X8_EXTMUL_LOW_I8X16_S(0xfd_009c, "i16x8.extmul_low_i8x16_s"),
    I16X8_EXTMUL_HIGH_I8X16_S(0xfd_009d, "i16x8.extmul_high_i8x16_s"),
    I16X8_EXTMUL_LOW_I8X16_U(0xfd_009e, "i16x8.extmul_low_i8x16_u"),
    I16X8_EXTMUL_HIGH_I8X16_U(0xfd_009f, "i16x8.extmul_high_i8x16_u"),
    I32X4_ABS(0xfd_00a0, "i32x4.abs"),
    I32X4_NEG(0xfd_00a1, "i32x4.neg"),
    I32X4_ALL_TRUE(0xfd_00a3, "i32x4.all_true"),
    I32X4_BITMASK(0xfd_00a4, "i32x4.bitmask"),
    I32X4_EXTEND_LOW_I16X8_S(0xfd_00a7, "i32x4.extend_low_i16x8_s"),
    I32X4_EXTEND_HIGH_I16X8_S(0xfd_00a8, "i32x4.extend_high_i16x8_s"),
    I32X4_EXTEND_LOW_I16X8_U(0xfd_00a9, "i32x4.extend_low_i16x8_u"),
    I32X4_EXTEND_HIGH_I16X8_U(0xfd_00aa, "i32x4.extend_high_i16x8_u"),
    I32X4_SHL(0xfd_00ab, "i32x4.shl"),
    I32X4_SHR_S(0xfd_00ac, "i32x4.shr_s"),
    I32X4_SHR_U(0xfd_00ad, "i32x4.shr_u"),
    I32X4_ADD(0xfd_00ae, "i32x4.add"),
    I32X4_SUB(0xfd_00b1, "i32x4.sub"),
    I32X4_MUL(0xfd_00b5, "i32x4.mul"),
    I32X4_MIN_S(0xfd_00b6, "i32x4.min_s"),
    I32X4_MIN_U(0xfd_00b7, "i32x4.min_u"),
    I32X4_MAX_S(0xfd_00b8, "i32x4.max_s"),
    I32X4_MAX_U(0xfd_00b9, "i32x4.max_u"),
    I32X4_DOT_I16X8_S(0xfd_00ba, "i32x4.dot_i16x8_s"),
    I32X4_EXTMUL_LOW_I16X8_S(0xfd_00bc, "i32x4.extmul_low_i16x8_s"),
    I32X4_EXTMUL_HIGH_I16X8_S(0xfd_00bd, "i32x4.extmul_high_i16x8_s"),
    I32X4_EXTMUL_LOW_I16X8_U(0xfd_00be, "i32x4.extmul_low_i16x8_u"),
    I32X4_EXTMUL_HIGH_I16X8_U(0xfd_00bf, "i32x4.extmul_high_i16x8_u"),
    I64X2_ABS(0xfd_00c0, "i64x2.abs"),
    I64X2_NEG(0xfd_00c1, "i64x2.neg"),
    I64X2_ALL_TRUE(0xfd_00c3, "i64x2.all_true"),
    I64X2_BITMASK(0xfd_00c4, "i64x2.bitmask"),
    I64X2_EXTEND_LOW_I32X4_S(0xfd_00c7, "i64x2.extend_low_i32x4_s"),
    I64X2_EXTEND_HIGH_I32X4_S(0xfd_00c8, "i64x2.extend_high_i32x4_s"),
    I64X2_EXTEND_LOW_I32X4_U(0xfd_00c9, "i64x2.extend_low_i32x4_u"),
    I64X2_EXTEND_HIGH_I32X4_U(0xfd_00ca, "i64x2.extend_high_i32x4_u"),
    I64X2_SHL(0xfd_00cb, "i64x2.shl"),
    I64X2_SHR_S(0xfd_00cc, "i64x2.shr_s"),
    I64X2_SHR_U(0xfd_00cd, "i64x2.shr_u"),
    I64X2_ADD(0xfd_00ce, "i64x2.add"),
    I64X2_SUB(0xfd_00d1, "i64x2.sub"),
    I64X2_MUL(0xfd_00d5, "i64x2.mul"),
    I64X2_EQ(0xfd_00d6, "i64x2.eq"),
    I64X2_NE(0xfd_00d7, "i64x2.ne"),
    I64X2_LT_S(0xfd_00d8, "i64x2.lt_s"),
    I64X2_GT_S(0xfd_00d9, "i64x2.gt_s"),
    I64X2_LE_S(0xfd_00da, "i64x2.le_s"),
    I64X2_GE_S(0xfd_00db, "i64x2.ge_s"),
    I64X2_EXTMUL_LOW_I32X4_S(0xfd_00dc, "i64x2.extmul_low_i32x4_s"),
    I64X2_EXTMUL_HIGH_I32X4_S(0xfd_00dd, "i64x2.extmul_high_i32x4_s"),
    I64X2_EXTMUL_LOW_I32X4_U(0xfd_00de, "i64x2.extmul_low_i32x4_u"),
    I64X2_EXTMUL_HIGH_I32X4_U(0xfd_00df, "i64x2.extmul_high_i32x4_u"),
    F32X4_ABS(0xfd_00e0, "f32x4.abs"),
    F32X4_NEG(0xfd_00e1, "f32x4.neg"),
    F32X4_SQRT(0xfd_00e3, "f32x4.sqrt"),
    F32X4_ADD(0xfd_00e4, "f32x4.add"),
    F32X4_SUB(0xfd_00e5, "f32x4.sub"),
    F32X4_MUL(0xfd_00e6, "f32x4.mul"),
    F32X4_DIV(0xfd_00e7, "f32x4.div"),
    F32X4_MIN(0xfd_00e8, "f32x4.min"),
    F32X4_MAX(0xfd_00e9, "f32x4.max"),
    F32X4_PMIN(0xfd_00ea, "f32x4.pmin"),
    F32X4_PMAX(0xfd_00eb, "f32x4.pmax"),
    F64X2_ABS(0xfd_00ec, "f64x2.abs"),
    F64X2_NEG(0xfd_00ed, "f64x2.neg"),
    F64X2_SQRT(0xfd_00ef, "f64x2.sqrt"),
    F64X2_ADD(0xfd_00f0, "f64x2.add"),
    F64X2_SUB(0xfd_00f1, "f64x2.sub"),
    F64X2_MUL(0xfd_00f2, "f64x2.mul"),
    F64X2_DIV(0xfd_00f3, "f64x2.div"),
    F64X2_MIN(0xfd_00f4, "f64x2.min"),
    F64X2_MAX(0xfd_00f5, "f64x2.max"),
    F64X2_PMIN(0xfd_00f6, "f64x2.pmin"),
    F64X2_PMAX(0xfd_00f7, "f64x2.pmax"),
    I32X4_TRUNC_SAT_F32X4_S(0xfd_00f8, "i32x4.trunc_sat_f32x4_s"),
    I32X4_TRUNC_SAT_F32X4_U(0xfd_00f9, "i32x4.trunc_sat_f32x4_u"),
    F32X4_CONVERT_I32X4_S(0xfd_00fa, "f32x4.convert_i32x4_s"),
    F32X4_CONVERT_I32X4_U(0xfd_00fb, "f32x4.convert_i32x4_u"),
    I32X4_TRUNC_SAT_F64X2_S_ZERO(0xfd_00fc, "i32x4.trunc_sat_f64x2_s_zero"),
    I32X4_TRUNC_SAT_F64X2_U_ZERO(0xfd_00fd, "i32x4.trunc_sat_f64x2_u_zero"),
    F64X2_CONVERT_LOW_I32X4_S(0xfd_00fe, "f64x2.convert_low_i32x4_s"),
    F64X2_CONVERT_LOW_I32X4_U(0xfd_00ff, "f64x2.convert_low_i32x4_u"),
    I8X16_RELAXED_SWIZZLE(0xfd_0100, "i8x16.relaxed_swizzle"),
    I32X4_RELAXED_TRUNC_F32X4_S(0xfd_0101, "i32x4.relaxed_trunc_f32x4_s"),
    I32X4_RELAXED_TRUNC_F32X4_U(0xfd_0102, "i32x4.relaxed_trunc_f32x4_u"),
    I32X4_RELAXED_TRUNC_F64X2_S_ZERO(0xfd_0103, "i32x4.relaxed_trunc_f64x2_s_zero"),
    I32X4_RELAXED_TRUNC_F64X2_U_ZERO(0xfd_0104, "i32x4.relaxed_trunc_f64x2_u_zero"),
    F32X4_RELAXED_MADD(0xfd_0105, "f32x4.relaxed_madd"),
    F32X4_RELAXED_NMADD(0xfd_0106, "f32x4.relaxed_nmadd"),
    F64X2_RELAXED_MADD(0xfd_0107, "f64x2.relaxed_madd"),
    F64X2_RELAXED_NMADD(0xfd_0108, "f64x2.relaxed_nmadd"),
    I8X16_RELAXED_LANESELECT(0xfd_0109, "i8x16.relaxed_laneselect"),
    I16X8_RELAXED_LANESELECT(0xfd_010a, "i16x8.relaxed_laneselect"),
    I32X4_RELAXED_LANESELECT(0xfd_010b, "i32x4.relaxed_laneselect"),
    I64X2_RELAXED_LANESELECT(0xfd_010c, "i64x2.relaxed_laneselect"),
    F32X4_RELAXED_MIN(0xfd_010d, "f32x4.relaxed_min"),
    F32X4_RELAXED_MAX(0xfd_010e, "f32x4.relaxed_max"),
    F64X2_RELAXED_MIN(0xfd_010f, "f64x2.relaxed_min"),
    F64X2_RELAXED_MAX(0xfd_0110, "f64x2.relaxed_max"),
    I16X8_RELAXED_Q15MULR_S(0xfd_0111, "i16x8.relaxed_q15mulr_s"),
    I16X8_RELAXED_DOT_I8X16_I7X16_S(0xfd_0112, "i16x8.relaxed_dot_i8x16_i7x16_s"),
    I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S(0xfd_0113, "i32x4.relaxed_dot_i8x16_i7x16_add_s"),
    MEMORY_ATOMIC_NOTIFY(0xfe_0000, "memory.atomic.notify", MEMARG, 2),
    MEMORY_ATOMIC_WAIT32(0xfe_0001, "memory.atomic.wait32", MEMARG, 2),
    MEMORY_ATOMIC_WAIT64(0xfe_0002, "memory.atomic.wait64", MEMARG, 3),
    ATOMIC_FENCE(0xfe_0003, "atomic.fence", RESERVED_ZERO),
    I32_ATOMIC_LOAD(0xfe_0010, "i32.atomic.load", MEMARG, 2),
    I64_ATOMIC_LOAD(0xfe_0011, "i64.atomic.load", MEMARG, 3),
    I32_ATOMIC_LOAD8_U(0xfe_0012, "i32.atomic.load8_u", MEMARG, 0),
    I32_ATOMIC_LOAD16_U(0xfe_0013, "i32.atomic.load16_u", MEMARG, 1),
    I64_ATOMIC_LOAD8_U(0xfe_0014, "i64.atomic.load8_u", MEMARG, 0),
    I64_ATOMIC_LOAD16_U(0xfe_0015, "i64.atomic.load16_u", MEMARG, 1),
    I64_ATOMIC_LOAD32_U(0xfe_0016, "i64.atomic.load32_u", MEMARG, 2),
    I32_ATOMIC_STORE(0xfe_0017, "i32.atomic.store", MEMARG, 2),
    I64_ATOMIC_STORE(0xfe_0018, "i64.atomic.store", MEMARG, 3),
    I32_ATOMIC_STORE8(0xfe_0019, "i32.atomic.store8", MEMARG, 0),
    I32_ATOMIC_STORE16(0xfe_001a, "i32.atomic.store16", MEMARG, 1),
    I64_ATOMIC_STORE8(0xfe_001b, "i64.atomic.store8", MEMARG, 0),
    I64_ATOMIC_STORE16(0xfe_001c, "i64.atomic.store16", MEMARG, 1),
    I64_ATOMIC_STORE32(0xfe_001d, "i64.atomic.store32", MEMARG, 2),
    I32_ATOMIC_RMW_ADD(0xfe_001e, "i32.atomic.rmw.add", MEMARG, 2),
    I64_ATOMIC_RMW_ADD(0xfe_001f, "i64.atomic.rmw.add", MEMARG, 3),
    I32_ATOMIC_RMW8_ADD_U(0xfe_0020, "i32.atomic.rmw8.add_u", MEMARG, 0),
    I32_ATOMIC_RMW16_ADD_U(0xfe_0021, "i32.atomic.rmw16.add_u", MEMARG, 1),
    I64_ATOMIC_RMW8_ADD_U(0xfe_0022, "i64.atomic.rmw8.add_u", MEMARG, 0),
    I64_ATOMIC_RMW16_ADD_U(0xfe_0023, "i64.atomic.rmw16.add_u", MEMARG, 1),
    I64_ATOMIC_RMW32_ADD_U(0xfe_0024, "i64.atomic.rmw32.add_u", MEMARG, 2),
    I32_ATOMIC_RMW_SUB(0xfe_0025, "i32.atomic.rmw.sub", MEMARG, 2),
    I64_ATOMIC_RMW_SUB(0xfe_0026, "i64.atomic.rmw.sub", MEMARG, 3),
    I32_ATOMIC_RMW8_SUB_U(0xfe_0027, "i32.atomic.rmw8.sub_u", MEMARG, 0),
    I32_ATOMIC_RMW16_SUB_U(0xfe_0028, "i32.atomic.rmw16.sub_u", MEMARG, 1),
    I64_ATOMIC_RMW8_SUB_U(0xfe_0029, "i64.atomic.rmw8.sub_u", MEMARG, 0),
    I64_ATOMIC_RMW16_SUB_U(0xfe_002a, "i64.atomic.rmw16.sub_u", MEMARG, 1),
    I64_ATOMIC_RMW32_SUB_U(0xfe_002b, "i64.atomic.rmw32.sub_u", MEMARG, 2),
    I32_ATOMIC_RMW_AND(0xfe_002c, "i32.atomic.rmw.and", MEMARG, 2),
    I64_ATOMIC_RMW_AND(0xfe_002d, "i64.atomic.rmw.and", MEMARG, 3),
    I32_ATOMIC_RMW8_AND_U(0xfe_002e, "i32.atomic.rmw8.and_u", MEMARG, 0),
    I32_ATOMIC_RMW16_AND_U(0xfe_002f, "i32.atomic.rmw16.and_u", MEMARG, 1),
    I64_ATOMIC_RMW8_AND_U(0xfe_0030, "i64.atomic.rmw8.and_u", MEMARG, 0),
    I64_ATOMIC_RMW16_AND_U(0xfe_0031, "i64.atomic.rmw16.and_u", MEMARG, 1),
    I64_ATOMIC_RMW32_AND_U(0xfe_0032, "i64.atomic.rmw32.and_u", MEMARG, 2),
    I32_ATOMIC_RMW_OR(0xfe_0033, "i32.atomic.rmw.or", MEMARG, 2),
    I64_ATOMIC_RMW_OR(0xfe_0034, "i64.atomic.rmw.or", MEMARG, 3),
    I32_ATOMIC_RMW8_OR_U(0xfe_0035, "i32.atomic.rmw8.or_u", MEMARG, 0),
    I32_ATOMIC_RMW16_OR_U(0xfe_0036, "i32.atomic.rmw16.or_u", MEMARG, 1),
    I64_ATOMIC_RMW8_OR_U(0xfe_0037, "i64.atomic.rmw8.or_u", MEMARG, 0),
    I64_ATOMIC_RMW16_OR_U(0xfe_0038, "i64.atomic.rmw16.or_u", MEMARG, 1),
    I64_ATOMIC_RMW32_OR_U(0xfe_0039, "i64.atomic.rmw32.or_u", MEMARG, 2),
    I32_ATOMIC_RMW_XOR(0xfe_003a, "i32.atomic.rmw.xor", MEMARG, 2),
    I64_ATOMIC_RMW_XOR(0xfe_003b, "i64.atomic.rmw.xor", MEMARG, 3),
    I32_ATOMIC_RMW8_XOR_U(0xfe_003c, "i32.atomic.rmw8.xor_u", MEMARG, 0),
    I32_ATOMIC_RMW16_XOR_U(0xfe_003d, "i32.atomic.rmw16.xor_u", MEMARG, 1),
    I64_ATOMIC_RMW8_XOR_U(0xfe_003e, "i64.atomic.rmw8.xor_u", MEMARG, 0),
    I64_ATOMIC_RMW16_XOR_U(0xfe_003f, "i64.atomic.rmw16.xor_u", MEMARG, 1),
    I64_ATOMIC_RMW32_XOR_U(0xfe_0040, "i64.atomic.rmw32.xor_u", MEMARG, 2),
    I32_ATOMIC_RMW_XCHG(0xfe_0041, "i32.atomic.rmw.xchg", MEMARG, 2),
    I64_ATOMIC_RMW_XCHG(0xfe_0042, "i64.atomic.rmw.xchg", MEMARG, 3),
    I32_ATOMIC_RMW8_XCHG_U(0xfe_0043, "i32.atomic.rmw8.xchg_u", MEMARG, 0),
    I32_ATOMIC_RMW16_XCHG_U(0xfe_0044, "i32.atomic.rmw16.xchg_u", MEMARG, 1),
    I64_ATOMIC_RMW8_XCHG_U(0xfe_0045, "i64.atomic.rmw8.xchg_u", MEMARG, 0),
    I64_ATOMIC_RMW16_XCHG_U(0xfe_0046, "i64.atomic.rmw16.xchg_u", MEMARG, 1),
    I64_ATOMIC_RMW32_XCHG_U(0xfe_0047, "i64.atomic.rmw32.xchg_u", MEMARG, 2),
    I32_ATOMIC_RMW_CMPXCHG(0xfe_0048, "i32.atomic.rmw.cmpxchg", MEMARG, 2),
    I64_ATOMIC_RMW_CMPXCHG(0xfe_0049, "i64.atomic.rmw.cmpxchg", MEMARG, 3),
    I32_ATOMIC_RMW8_CMPXCHG_U(0xfe_004a, "i32.atomic.rmw8.cmpxchg_u", MEMARG, 0),
    I32_ATOMIC_RMW16_CMPXCHG_U(0xfe_004b, "i32.atomic.rmw16.cmpxchg_u", MEMARG, 1),
    I64_ATOMIC_RMW8_CMPXCHG_U(0xfe_004c, "i64.atomic.rmw8.cmpxchg_u", MEMARG, 0),
    I64_ATOMIC_RMW16_CMPXCHG_U(0xfe_004d, "i64.atomic.rmw16.cmpxchg_u", MEMARG, 1),
    I64_ATOMIC_RMW32_CMPXCHG_U(0xfe_004e, "i64.atomic.rmw32.cmpxchg_u", MEMARG, 2);

    /**
     * What follows an opcode in the binary, and what it means. The decoder reads each shape the same way
     * whatever it names (a function, a local, a table are all one u32), the printer resolves the meaning.
     */
    public enum Immediate {
        NONE,
        /** The empty type (0x40), a value type, or a type index (s33). */
        BLOCK_TYPE,
        /** A branch depth. */
        LABEL,
        /** Branch depths, then the default one. */
        LABEL_TABLE,
        FUNC,
        TYPE,
        /** A type index, then a table index. */
        TYPE_TABLE,
        LOCAL,
        GLOBAL,
        TABLE,
        MEMORY,
        TAG,
        DATA,
        ELEM,
        /** A data segment, then a memory. */
        DATA_MEMORY,
        /** Destination memory, then source memory. */
        MEMORY_MEMORY,
        /** An element segment, then a table. */
        ELEM_TABLE,
        /** Destination table, then source table. */
        TABLE_TABLE,
        /** A struct type, then a field. */
        TYPE_FIELD,
        /** An array type, then an element count. */
        TYPE_SIZE,
        /** An array type, then a data segment. */
        TYPE_DATA,
        /** An array type, then an element segment. */
        TYPE_ELEM,
        /** Destination array type, then source array type. */
        TYPE_TYPE,
        /** Alignment flags (bit 6: a memory index follows), then the offset. */
        MEMARG,
        /** A memarg, then one lane byte. */
        MEMARG_LANE,
        /** One lane byte. */
        LANE,
        /** 16 bytes, the vector's value. */
        V128,
        /** 16 lane bytes, each picking one of the 32 lanes of the two operands. */
        SHUFFLE,
        I32,
        I64,
        F32,
        F64,
        /** A heap type (s33): abstract when negative, else a type index. */
        HEAP_TYPE,
        /** A vector of value types (typed select). */
        SELECT_TYPES,
        /** A block type, then a vector of catch clauses (kind, tag for kinds 0 and 1, label). */
        CATCHES,
        /** A flags byte, a label, then two heap types. */
        CAST,
        /** One byte that must be zero (atomic.fence). */
        RESERVED_ZERO
    }

    private static final int FIRST_PREFIX = 0xfb;
    private static final Opcode[] SINGLE = new Opcode[256];
    private static final Opcode[][] PREFIXED = new Opcode[4][];

    static {
        int[] sizes = new int[PREFIXED.length];
        for (Opcode op : values()) {
            if (op.prefix() != 0) {
                int p = op.prefix() - FIRST_PREFIX;
                sizes[p] = Math.max(sizes[p], op.subOpcode() + 1);
            }
        }
        for (int p = 0; p < PREFIXED.length; p++) {
            PREFIXED[p] = new Opcode[sizes[p]];
        }
        for (Opcode op : values()) {
            if (op.prefix() == 0) {
                SINGLE[op.code] = op;
            } else {
                PREFIXED[op.prefix() - FIRST_PREFIX][op.subOpcode()] = op;
            }
        }
    }

    private final int code;
    private final String mnemonic;
    private final Immediate immediate;
    private final int detail;
    private final Feature feature;

    Opcode(int code, String mnemonic) {
        this(code, mnemonic, Immediate.NONE, -1);
    }

    Opcode(int code, String mnemonic, Immediate immediate) {
        this(code, mnemonic, immediate, -1);
    }

    /** {@code detail}: log2 of the natural alignment for a memarg, the lane count for a {@code LANE}. */
    Opcode(int code, String mnemonic, Immediate immediate, int detail) {
        this.code = code;
        this.mnemonic = mnemonic;
        this.immediate = immediate;
        this.detail = detail;
        this.feature = Feature.of(code);
    }

    /** The one-byte instruction with this code; null when there is none (or it is a prefix). */
    public static Opcode of(int code) {
        return code >= 0 && code < SINGLE.length ? SINGLE[code] : null;
    }

    /** The instruction {@code prefix subOpcode}; null when the prefix has no such instruction. */
    public static Opcode of(int prefix, long subOpcode) {
        if (!isPrefix(prefix)) {
            return null;
        }
        Opcode[] table = PREFIXED[prefix - FIRST_PREFIX];
        return subOpcode >= 0 && subOpcode < table.length ? table[(int) subOpcode] : null;
    }

    /** 0xFB to 0xFE start a two-part opcode. */
    public static boolean isPrefix(int b) {
        return b >= FIRST_PREFIX && b <= 0xfe;
    }

    /** The one-byte code, or {@code prefix << 16 | subOpcode}. */
    public int code() {
        return code;
    }

    /** 0 for a one-byte opcode. */
    public int prefix() {
        return code >>> 16;
    }

    /** The sub-opcode after the prefix, or the one-byte code. */
    public int subOpcode() {
        return code & 0xffff;
    }

    /** The text format's name: {@code i32.load8_u}, {@code i8x16.extract_lane_s}, {@code select}. */
    public String mnemonic() {
        return mnemonic;
    }

    public Immediate immediate() {
        return immediate;
    }

    public Feature feature() {
        return feature;
    }

    /** log2 of the access width in bytes, the largest alignment a memarg may declare; -1 without a memarg. */
    public int naturalAlignLog2() {
        return immediate == MEMARG || immediate == MEMARG_LANE ? detail : -1;
    }

    /** How many lanes a lane immediate may name (32 for a shuffle, which picks from two vectors); 0 without. */
    public int lanes() {
        return switch (immediate) {
            case LANE -> detail;
            case MEMARG_LANE -> 16 >> detail;
            case SHUFFLE -> 32;
            default -> 0;
        };
    }

    /** block, loop, if and try_table: the instructions an {@code end} closes. */
    public boolean opensBlock() {
        return this == BLOCK || this == LOOP || this == IF || this == TRY_TABLE;
    }

    /** The bytes as a disassembler writes them: {@code 0x28}, {@code 0xfd 0x105}. */
    public String hex() {
        return prefix() == 0 ? String.format("0x%02x", code) : String.format("0x%02x 0x%x", prefix(), subOpcode());
    }
}
