package dev.wharf.component;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaveTest {
    static final ValType.Record POINT = new ValType.Record(
            List.of(new ValType.Field("x", ValType.Prim.S32), new ValType.Field("y", ValType.Prim.S32)));
    static final ValType.Variant SHAPE = new ValType.Variant(List.of(
            new ValType.Case("circle", ValType.Prim.F64),
            new ValType.Case("rect", POINT),
            new ValType.Case("nothing", null)));

    /** Each value reads as its Java form and prints back as the same text. */
    @Test
    void readsAndPrintsEveryTypeFamily() {
        roundTrip("true", ValType.Prim.BOOL, true);
        roundTrip("-128", ValType.Prim.S8, -128);
        roundTrip("4294967295", ValType.Prim.U32, 4294967295L);
        roundTrip("18446744073709551615", ValType.Prim.U64, -1L);
        roundTrip("-9223372036854775808", ValType.Prim.S64, Long.MIN_VALUE);
        roundTrip("1.5", ValType.Prim.F32, 1.5f);
        roundTrip("10000000000", ValType.Prim.F64, 1e10);
        roundTrip("nan", ValType.Prim.F64, Double.NaN);
        roundTrip("-inf", ValType.Prim.F32, Float.NEGATIVE_INFINITY);
        roundTrip("'☃'", ValType.Prim.CHAR, 0x2603);
        roundTrip("'\\''", ValType.Prim.CHAR, (int) '\'');
        roundTrip("\"a\\\"b\\n\\u{1}\"", ValType.Prim.STRING, "a\"b\n\u0001");
        roundTrip("[1, 2, 3]", new ValType.ListOf(ValType.Prim.S32, -1), List.of(1, 2, 3));
        roundTrip("(7, \"x\")", new ValType.Tuple(List.of(ValType.Prim.U32, ValType.Prim.STRING)), List.of(7L, "x"));
        roundTrip("{x: 1, y: -2}", POINT, List.of(1, -2));
        roundTrip("circle(2.5)", SHAPE, new VariantValue(0, 2.5));
        roundTrip("rect({x: 3, y: 4})", SHAPE, new VariantValue(1, List.of(3, 4)));
        roundTrip("nothing", SHAPE, new VariantValue(2, null));
        roundTrip("blue", new ValType.Enum(List.of("red", "green", "blue")), 2);
        roundTrip("some(5)", new ValType.Option(ValType.Prim.U8), Optional.of(5));
        roundTrip("none", new ValType.Option(ValType.Prim.U8), Optional.empty());
        roundTrip("ok(1)", new ValType.Result(ValType.Prim.S32, ValType.Prim.STRING), ResultValue.ok(1));
        roundTrip("err(\"no\")", new ValType.Result(ValType.Prim.S32, ValType.Prim.STRING), ResultValue.err("no"));
        roundTrip("err", new ValType.Result(null, null), ResultValue.ERR);
        roundTrip("{read, exec}", new ValType.Flags(List.of("read", "write", "exec")), 0b101);
        roundTrip("%none", new ValType.Enum(List.of("some", "none")), 1);
    }

    private static void roundTrip(String text, ValType type, Object value) {
        Object parsed = Wave.parse(text, type);
        if (value instanceof Double d && d.isNaN()) {
            assertTrue(((Double) parsed).isNaN());
        } else {
            assertEquals(value, parsed, text);
        }
        assertEquals(text, Wave.print(value, type));
    }

    @Test
    void listsOfBytesAreByteArrays() {
        var bytes = new ValType.ListOf(ValType.Prim.U8, -1);
        assertArrayEquals(new byte[] {1, (byte) 255}, (byte[]) Wave.parse("[1, 255]", bytes));
        assertEquals("[1, 255]", Wave.print(new byte[] {1, (byte) 255}, bytes));
    }

    @Test
    void readsCallsAndTheirArguments() {
        var call = Wave.parseCall("move-point({x: 1, y: 2}, 10, -3)");
        assertEquals("move-point", call.function());
        Object[] args = Wave.parseArguments(call.arguments(), List.of(POINT, ValType.Prim.S32, ValType.Prim.S32));
        assertEquals(List.of(List.of(1, 2), 10, -3), List.of(args));
        assertEquals(0, Wave.parseArguments(Wave.parseCall("run()").arguments(), List.of()).length);
        assertEquals("run", Wave.parseCall("run").function());
    }

    @Test
    void explainsWhatDoesNotFit() {
        var e = assertThrows(Wave.WaveException.class, () -> Wave.parse("300", ValType.Prim.U8));
        assertEquals("300 is out of range for u8 at position 1 (`300`)", e.getMessage());
        e = assertThrows(Wave.WaveException.class, () -> Wave.parse("purple", new ValType.Enum(List.of("red"))));
        assertTrue(e.getMessage().startsWith("`purple` is not a case of enum { red }"), e.getMessage());
        e = assertThrows(Wave.WaveException.class, () -> Wave.parseArguments("1, 2", List.of(ValType.Prim.S32)));
        assertTrue(e.getMessage().startsWith("too many arguments: the function takes 1"), e.getMessage());
        e = assertThrows(Wave.WaveException.class, () -> Wave.parse("{x: 1}", POINT));
        assertTrue(e.getMessage().startsWith("field `y` is missing"), e.getMessage());
    }
}
