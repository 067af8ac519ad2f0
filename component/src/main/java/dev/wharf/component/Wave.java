package dev.wharf.component;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * WAVE, the WebAssembly Value Encoding wasmtime's {@code --invoke} takes and prints component values in: {@code 42},
 * {@code -1.5}, {@code 'x'}, {@code "text\n"}, {@code [1, 2]}, {@code (1, "a")}, {@code {x: 1, y: 2}},
 * {@code circle(2.5)}, {@code red}, {@code some(1)}, {@code none}, {@code ok("yes")}, {@code err}, {@code {read, write}}.
 * Parsing is directed by the type, so a value reads as what the function expects; Java forms are the package's.
 * Labels that would read as a keyword are written {@code %true}, {@code %none}, ...
 */
public final class Wave {
    private static final Set<String> KEYWORDS = Set.of("true", "false", "some", "none", "ok", "err", "inf", "nan");

    private final String text;
    private int pos;

    private Wave(String text) {
        this.text = text;
    }

    /** A WAVE syntax error, or a value that does not fit its type; the message names the position. */
    public static final class WaveException extends RuntimeException {
        WaveException(String message) {
            super(message);
        }
    }

    /** A call as {@code --invoke} takes it: {@code name(arg, ...)}; the arguments still text. */
    public record Call(String function, String arguments) {}

    /** Splits {@code name(args)}; a bare name is a call without arguments. */
    public static Call parseCall(String call) {
        String s = call.strip();
        int open = s.indexOf('(');
        if (open < 0) {
            return new Call(s, "");
        }
        if (!s.endsWith(")")) {
            throw new WaveException("`" + call + "`: a call ends with `)`, as in name(arg, ...)");
        }
        String name = s.substring(0, open).strip();
        if (name.isEmpty()) {
            throw new WaveException("`" + call + "`: the function name is missing before `(`");
        }
        return new Call(name, s.substring(open + 1, s.length() - 1));
    }

    /** The arguments of a call, comma-separated, each read as its parameter's type. */
    public static Object[] parseArguments(String arguments, List<ValType> types) {
        var p = new Wave(arguments);
        var out = new Object[types.size()];
        for (int i = 0; i < types.size(); i++) {
            p.skipSpace();
            if (p.atEnd()) {
                throw new WaveException(
                        "expected " + types.size() + " argument" + (types.size() == 1 ? "" : "s") + ", found " + i);
            }
            out[i] = p.value(types.get(i));
            p.skipSpace();
            if (i + 1 < types.size()) {
                p.expect(',');
            } else if (p.peek() == ',') {
                p.pos++;
            }
        }
        p.skipSpace();
        if (!p.atEnd()) {
            throw new WaveException(
                    "too many arguments: the function takes " + types.size() + " (unexpected `" + p.rest() + "`)");
        }
        return out;
    }

    /** One value of type {@code type}. */
    public static Object parse(String value, ValType type) {
        var p = new Wave(value);
        p.skipSpace();
        Object v = p.value(type);
        p.skipSpace();
        if (!p.atEnd()) {
            throw new WaveException("unexpected `" + p.rest() + "` after the value");
        }
        return v;
    }

    // ---- lexing -----------------------------------------------------------------------------------------------

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    private String rest() {
        String r = text.substring(pos);
        return r.length() > 20 ? r.substring(0, 20) + "..." : r;
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private WaveException error(String what) {
        return new WaveException(
                what + " at position " + (pos + 1) + (atEnd() ? " (end of input)" : " (`" + rest() + "`)"));
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw error("expected `" + c + "`");
        }
        pos++;
    }

    private boolean accept(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** A label: kebab-case letters, digits and dashes, maybe written with a leading % to escape a keyword. */
    private String label() {
        skipSpace();
        boolean escaped = peek() == '%';
        if (escaped) {
            pos++;
        }
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '-')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private String number() {
        skipSpace();
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        while (!atEnd()
                && (Character.isLetterOrDigit(peek())
                        || peek() == '.'
                        || peek() == '_'
                        || ((peek() == '-' || peek() == '+')
                                && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number");
        }
        return text.substring(start, pos);
    }

    // ---- values -----------------------------------------------------------------------------------------------

    private Object value(ValType type) {
        skipSpace();
        return switch (type) {
            case ValType.Prim p -> primitive(p);
            case ValType.ListOf l -> list(l);
            case ValType.Tuple t -> {
                expect('(');
                var out = new ArrayList<>();
                for (int i = 0; i < t.types().size(); i++) {
                    if (i > 0) {
                        expect(',');
                    }
                    out.add(value(t.types().get(i)));
                }
                accept(',');
                expect(')');
                yield out;
            }
            case ValType.Record r -> record(r);
            case ValType.Variant v -> {
                String name = label();
                for (int i = 0; i < v.cases().size(); i++) {
                    var c = v.cases().get(i);
                    if (c.name().equals(name)) {
                        Object payload = null;
                        if (c.type() != null) {
                            expect('(');
                            payload = value(c.type());
                            expect(')');
                        }
                        yield new VariantValue(i, payload);
                    }
                }
                throw error("`" + name + "` is not a case of variant " + WitPrinter.describe(type));
            }
            case ValType.Enum e -> {
                String name = label();
                int i = e.names().indexOf(name);
                if (i < 0) {
                    throw error("`" + name + "` is not a case of " + WitPrinter.describe(type));
                }
                yield i;
            }
            case ValType.Option o -> option(o);
            case ValType.Result r -> result(r);
            case ValType.Flags f -> {
                expect('{');
                int bits = 0;
                skipSpace();
                while (peek() != '}') {
                    String name = label();
                    int i = f.names().indexOf(name);
                    if (i < 0) {
                        throw error("`" + name + "` is not a flag of " + WitPrinter.describe(type));
                    }
                    bits |= 1 << i;
                    if (!accept(',')) {
                        break;
                    }
                    skipSpace();
                }
                expect('}');
                yield bits;
            }
            default -> throw error("values of type " + WitPrinter.describe(type) + " cannot be written in WAVE");
        };
    }

    private Object option(ValType.Option o) {
        int save = pos;
        if (peekWord("none")) {
            pos += 4;
            return Optional.empty();
        }
        if (peekWord("some")) {
            pos += 4;
            expect('(');
            Object v = value(o.type());
            expect(')');
            return Optional.of(v);
        }
        pos = save;
        if (o.type() instanceof ValType.Option || o.type() instanceof ValType.Result) {
            throw error("expected some(...) or none");
        }
        return Optional.of(value(o.type()));
    }

    private Object result(ValType.Result r) {
        boolean ok;
        if (peekWord("ok")) {
            pos += 2;
            ok = true;
        } else if (peekWord("err")) {
            pos += 3;
            ok = false;
        } else {
            throw error("expected ok or err");
        }
        ValType payload = ok ? r.ok() : r.err();
        skipSpace();
        if (peek() == '(') {
            if (payload == null) {
                throw error((ok ? "ok" : "err") + " of this result has no payload");
            }
            pos++;
            Object v = value(payload);
            expect(')');
            return new ResultValue(ok, v);
        }
        if (payload != null) {
            throw error((ok ? "ok" : "err") + " of this result needs a payload: " + (ok ? "ok" : "err") + "(...)");
        }
        return new ResultValue(ok, null);
    }

    private boolean peekWord(String word) {
        skipSpace();
        if (!text.startsWith(word, pos)) {
            return false;
        }
        int end = pos + word.length();
        return end >= text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '-');
    }

    private Object record(ValType.Record r) {
        expect('{');
        var values = new Object[r.fields().size()];
        skipSpace();
        while (peek() != '}') {
            String name = label();
            int index = -1;
            for (int i = 0; i < r.fields().size(); i++) {
                if (r.fields().get(i).name().equals(name)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw error("`" + name + "` is not a field of " + WitPrinter.describe(r));
            }
            expect(':');
            values[index] = value(r.fields().get(index).type());
            if (!accept(',')) {
                break;
            }
            skipSpace();
        }
        expect('}');
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                if (r.fields().get(i).type() instanceof ValType.Option) {
                    values[i] = Optional.empty();
                } else {
                    throw error("field `" + r.fields().get(i).name() + "` is missing");
                }
            }
        }
        return Arrays.asList(values);
    }

    private Object list(ValType.ListOf l) {
        expect('[');
        var out = new ArrayList<>();
        skipSpace();
        while (peek() != ']') {
            out.add(value(l.element()));
            if (!accept(',')) {
                break;
            }
            skipSpace();
        }
        expect(']');
        if (l.fixed() && out.size() != l.length()) {
            throw error("expected " + l.length() + " elements, found " + out.size());
        }
        if (!l.fixed() && l.element() == ValType.Prim.U8) {
            byte[] bytes = new byte[out.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (int) (Integer) out.get(i);
            }
            return bytes;
        }
        return out;
    }

    private Object primitive(ValType.Prim p) {
        return switch (p) {
            case BOOL -> {
                if (peekWord("true")) {
                    pos += 4;
                    yield true;
                }
                if (peekWord("false")) {
                    pos += 5;
                    yield false;
                }
                throw error("expected true or false");
            }
            case S8 -> (int) integer(p, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case U8 -> (int) integer(p, 0, 0xff);
            case S16 -> (int) integer(p, Short.MIN_VALUE, Short.MAX_VALUE);
            case U16 -> (int) integer(p, 0, 0xffff);
            case S32 -> (int) integer(p, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case U32 -> integer(p, 0, 0xffffffffL);
            case S64 -> integer(p, Long.MIN_VALUE, Long.MAX_VALUE);
            case U64 -> {
                int at = pos;
                String n = number();
                try {
                    var v = new BigInteger(n);
                    if (v.signum() < 0 || v.bitLength() > 64) {
                        pos = at;
                        throw error(n + " is out of range for u64");
                    }
                    yield v.longValue();
                } catch (NumberFormatException e) {
                    pos = at;
                    throw error("`" + n + "` is not a u64");
                }
            }
            case F32 -> (float) floating();
            case F64 -> floating();
            case CHAR -> {
                if (peek() != '\'') {
                    throw error("expected a char in single quotes");
                }
                pos++;
                int c = character('\'');
                if (peek() != '\'') {
                    throw error("a char literal holds exactly one character");
                }
                pos++;
                yield c;
            }
            case STRING -> {
                if (peek() != '"') {
                    throw error("expected a string in double quotes");
                }
                pos++;
                var sb = new StringBuilder();
                while (peek() != '"') {
                    if (atEnd()) {
                        throw error("unterminated string");
                    }
                    sb.appendCodePoint(character('"'));
                }
                pos++;
                yield sb.toString();
            }
            case ERROR_CONTEXT -> throw error("error-context values cannot be written in WAVE");
        };
    }

    private long integer(ValType.Prim p, long min, long max) {
        int at = pos;
        String n = number();
        long v;
        try {
            v = Long.parseLong(n.startsWith("+") ? n.substring(1) : n);
        } catch (NumberFormatException e) {
            pos = at;
            throw error("`" + n + "` is not " + (n.matches("[-+]?[0-9]+") ? "in range for " : "an integer of type ")
                    + p.wit());
        }
        if (v < min || v > max) {
            pos = at;
            throw error(n + " is out of range for " + p.wit());
        }
        return v;
    }

    private double floating() {
        int at = pos;
        String n = number();
        switch (n) {
            case "nan" -> {
                return Double.NaN;
            }
            case "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {}
        }
        try {
            if (!n.matches("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            pos = at;
            throw error("`" + n + "` is not a number");
        }
    }

    /** One character of a char or string literal, escapes included. */
    private int character(char quote) {
        if (atEnd()) {
            throw error("unterminated literal");
        }
        int c = text.codePointAt(pos);
        pos += Character.charCount(c);
        if (c != '\\') {
            if (c == quote) {
                throw error("empty literal");
            }
            return c;
        }
        char e = peek();
        pos++;
        return switch (e) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '\\' -> '\\';
            case '\'' -> '\'';
            case '"' -> '"';
            case 'u' -> {
                expect('{');
                int start = pos;
                while (!atEnd() && peek() != '}') {
                    pos++;
                }
                String hex = text.substring(start, pos);
                expect('}');
                try {
                    int cp = Integer.parseInt(hex, 16);
                    if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        throw new NumberFormatException();
                    }
                    yield cp;
                } catch (NumberFormatException ex) {
                    throw error("`\\u{" + hex + "}` is not a Unicode scalar value");
                }
            }
            default -> throw error("unknown escape `\\" + e + "`");
        };
    }

    // ---- printing ---------------------------------------------------------------------------------------------

    /** A value as WAVE text, the way wasmtime prints what {@code --invoke} returned. */
    public static String print(Object value, ValType type) {
        var sb = new StringBuilder();
        write(sb, value, type);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, ValType type) {
        switch (type) {
            case ValType.Prim p -> primitive(sb, v, p);
            case ValType.ListOf l -> {
                sb.append('[');
                List<?> items = v instanceof byte[] b ? bytes(b) : (List<?>) v;
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, items.get(i), l.element());
                }
                sb.append(']');
            }
            case ValType.Tuple t -> {
                sb.append('(');
                List<?> items = (List<?>) v;
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, items.get(i), t.types().get(i));
                }
                sb.append(')');
            }
            case ValType.Record r -> {
                sb.append('{');
                List<?> items = (List<?>) v;
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(label(r.fields().get(i).name())).append(": ");
                    write(sb, items.get(i), r.fields().get(i).type());
                }
                sb.append('}');
            }
            case ValType.Variant var -> {
                var vv = (VariantValue) v;
                var c = var.cases().get(vv.caseIndex());
                sb.append(label(c.name()));
                if (c.type() != null) {
                    sb.append('(');
                    write(sb, vv.payload(), c.type());
                    sb.append(')');
                }
            }
            case ValType.Enum e -> sb.append(label(e.names().get((Integer) v)));
            case ValType.Option o -> {
                var opt = (Optional<?>) v;
                if (opt.isEmpty()) {
                    sb.append("none");
                } else {
                    sb.append("some(");
                    write(sb, opt.get(), o.type());
                    sb.append(')');
                }
            }
            case ValType.Result r -> {
                var rv = (ResultValue) v;
                sb.append(rv.isOk() ? "ok" : "err");
                ValType payload = rv.isOk() ? r.ok() : r.err();
                if (payload != null) {
                    sb.append('(');
                    write(sb, rv.value(), payload);
                    sb.append(')');
                }
            }
            case ValType.Flags f -> {
                int bits = (Integer) v;
                sb.append('{');
                boolean first = true;
                for (int i = 0; i < f.names().size(); i++) {
                    if ((bits & (1 << i)) != 0) {
                        if (!first) {
                            sb.append(", ");
                        }
                        sb.append(label(f.names().get(i)));
                        first = false;
                    }
                }
                sb.append('}');
            }
            default -> sb.append(v);
        }
    }

    private static List<Integer> bytes(byte[] b) {
        var out = new ArrayList<Integer>(b.length);
        for (byte x : b) {
            out.add(x & 0xff);
        }
        return out;
    }

    private static String label(String name) {
        return KEYWORDS.contains(name) ? "%" + name : name;
    }

    private static void primitive(StringBuilder sb, Object v, ValType.Prim p) {
        switch (p) {
            case U64 -> sb.append(Long.toUnsignedString(((Number) v).longValue()));
            case F32 -> sb.append(floatText(((Number) v).floatValue(), true));
            case F64 -> sb.append(floatText(((Number) v).doubleValue(), false));
            case CHAR -> {
                sb.append('\'');
                escape(sb, (Integer) v, '\'');
                sb.append('\'');
            }
            case STRING -> {
                sb.append('"');
                String s = (String) v;
                for (int i = 0; i < s.length(); ) {
                    int c = s.codePointAt(i);
                    escape(sb, c, '"');
                    i += Character.charCount(c);
                }
                sb.append('"');
            }
            default -> sb.append(v);
        }
    }

    /** Floats as Rust prints them: the shortest digits that read back, never an exponent; nan, inf, -inf. */
    static String floatText(double d, boolean single) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        String shortest = single ? Float.toString((float) d) : Double.toString(d);
        return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
    }

    private static void escape(StringBuilder sb, int c, char quote) {
        switch (c) {
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case '\\' -> sb.append("\\\\");
            default -> {
                if (c == quote) {
                    sb.append('\\').appendCodePoint(c);
                } else if (c < 0x20 || c == 0x7f) {
                    sb.append("\\u{").append(Integer.toHexString(c)).append('}');
                } else {
                    sb.appendCodePoint(c);
                }
            }
        }
    }
}
