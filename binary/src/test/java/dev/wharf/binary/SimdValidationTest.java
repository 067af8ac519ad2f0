package dev.wharf.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SIMD modules are validated like the rest: the fixtures under refused/ (assembled by wat2wasm without its own
 * checks) each get one reason at the byte where the problem is, and valid SIMD modules say they use SIMD.
 */
class SimdValidationTest {

    private static WasmFormatException refused(String name) throws Exception {
        var source = ModuleSource.read(WasmBytes.fixture("refused/" + name + ".wasm"));
        return assertThrows(WasmFormatException.class, () -> ParsedModule.parse(source));
    }

    /** Where a byte sequence (hex) first occurs in a refused fixture. */
    private static int find(String name, String hex) throws Exception {
        byte[] bytes = WasmBytes.fixtureBytes("refused/" + name + ".wasm");
        byte[] needle = HexFormat.of().parseHex(hex);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(hex + " not in " + name);
    }

    @Test
    void aLaneIndexPastTheShapeIsRefusedAtTheLaneByte() throws Exception {
        var e = refused("simd_bad_lane");
        assertEquals(find("simd_bad_lane", "fd1b04") + 2, e.offset());
        assertEquals(
                "function 0 (`fifth_lane`): invalid lane index 4 for i32x4.extract_lane: lanes are 0 to 3", e.reason());
    }

    @Test
    void aShuffleLaneMustPickOneOfTheThirtyTwo() throws Exception {
        var e = refused("simd_bad_shuffle");
        assertEquals(find("simd_bad_shuffle", "fd0d") + 2 + 15, e.offset());
        assertEquals("function 0 (`shuffle`): invalid lane index 32 for i8x16.shuffle: lanes are 0 to 31", e.reason());
    }

    @Test
    void alignmentAndMemoryAreCheckedWhereChicoryDoesNot() throws Exception {
        var align = refused("simd_bad_alignment");
        assertEquals(find("simd_bad_alignment", "fd5c"), align.offset());
        assertEquals(
                "function 0 (`load`): alignment must not be larger than natural: v128.load32_zero declares align=8,"
                        + " at most 4",
                align.reason());
        var memory = refused("simd_no_memory");
        assertEquals(find("simd_no_memory", "2000fd00") + 2, memory.offset());
        assertEquals(
                "function 0 (`load`): unknown memory 0: v128.load needs a memory, and the module has none",
                memory.reason());
    }

    @Test
    void typeErrorsComeFromChicorysValidatorPointingAtTheFunction() throws Exception {
        var e = refused("simd_type_mismatch");
        assertTrue(e.reason().startsWith("function 0 (`add_vector`): type mismatch"), e.reason());
        // the walk does not check types, so it lays the module out: the error points at the body
        var source = ModuleSource.read(WasmBytes.fixture("refused/simd_type_mismatch.wasm"));
        assertEquals(ModuleLayout.of(source).functionBodies().get(0).offset(), e.offset());
    }

    @Test
    void relaxedSimdIsRefusedByName() throws Exception {
        var e = refused("simd_relaxed");
        assertEquals(find("simd_relaxed", "fd8502"), e.offset());
        assertEquals(
                "function 0 (`madd`): relaxed SIMD instruction f32x4.relaxed_madd (0xfd 0x105) is not supported:"
                        + " Wharf reads SIMD (v128) but not relaxed SIMD; rebuild without -mrelaxed-simd",
                e.reason());
    }

    @Test
    void modulesSayWhetherTheyUseSimd() throws Exception {
        for (String name : List.of(
                "simd_memory",
                "simd_lanes",
                "simd_compare",
                "simd_arith",
                "simd_values",
                "simd_loops",
                "simd_intrinsics")) {
            var parsed = ParsedModule.read(WasmBytes.fixture(name + ".wasm"));
            assertTrue(parsed.features().contains(Feature.SIMD), name);
        }
        assertFalse(
                ParsedModule.read(WasmBytes.fixture("hello.wasm")).features().contains(Feature.SIMD));
        assertEquals(
                Set.of(),
                ParsedModule.read(WasmBytes.fixture("inspect_reactor.wasm")).features());
        // a v128 global is enough, without a single SIMD instruction in any function
        byte[] global = WasmBytes.module(WasmBytes.section(
                6, WasmBytes.concat(WasmBytes.bytes(1, 0x7b, 0x00, 0xfd, 0x0c), new byte[16], WasmBytes.bytes(0x0b))));
        var parsed = ParsedModule.parse(ModuleSource.frame(null, global));
        assertEquals(Set.of(Feature.SIMD), parsed.features());
        assertEquals(
                List.of(13),
                parsed.layout().constantExpressions().globals(),
                "after header, section id and size, count, type, mutability");
    }
}
