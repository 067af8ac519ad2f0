package dev.wharf.explore;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.binary.ModuleLayout;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.Section;
import dev.wharf.wat.WatPrinter;
import dev.wharf.wat.WatUnsupportedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * The function list of the explore page: every defined function with its name, exports, body size and
 * WAT text, largest first, as JSON for the page's script.
 */
final class ExploreFunctions {

    /**
     * One row. `name` is the name section's, `display` its demangled form (or null); `wat` is null when
     * the function cannot be printed, and `watProblem` then says why.
     */
    record Row(
            int index,
            String name,
            String display,
            List<String> exports,
            int size,
            String signature,
            String wat,
            String watProblem) {}

    /** What the page's script reads. */
    record Data(long codeBytes, List<Row> functions) {}

    private ExploreFunctions() {}

    static List<Row> rows(ParsedModule parsed) {
        WasmModule module = parsed.wasm();
        int imported = parsed.importedFunctionCount();
        List<ModuleLayout.FunctionBody> bodies = parsed.layout().functionBodies();
        var exports = new HashMap<Integer, List<String>>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            var export = module.exportSection().getExport(i);
            if (export.exportType() == ExternalType.FUNCTION) {
                exports.computeIfAbsent(export.index(), k -> new ArrayList<>()).add(export.name());
            }
        }
        WatPrinter printer = null;
        String moduleProblem = null;
        try {
            printer = WatPrinter.of(parsed);
        } catch (WatUnsupportedException e) {
            moduleProblem = e.getMessage();
        }
        var names = module.nameSection();
        var rows = new ArrayList<Row>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            int index = imported + i;
            String wat = null;
            String problem = moduleProblem;
            if (printer != null) {
                try {
                    wat = printer.printFunction(index);
                } catch (WatUnsupportedException e) {
                    problem = e.getMessage();
                }
            }
            String signature;
            try {
                signature = signature(
                        module.typeSection().getType(module.functionSection().getFunctionType(i)));
            } catch (WatUnsupportedException e) {
                signature = "";
            }
            String name = names == null ? null : names.nameOfFunction(index);
            rows.add(new Row(
                    index,
                    name,
                    ExploreNames.demangle(name),
                    exports.getOrDefault(index, List.of()),
                    bodies.get(i).size(),
                    signature,
                    wat,
                    problem));
        }
        rows.sort(Comparator.comparingInt(Row::size).reversed().thenComparingInt(Row::index));
        return rows;
    }

    /** The function list as JSON that is safe inside a {@code <script>} element. */
    static String json(ParsedModule parsed) {
        long codeBytes = parsed.source()
                .section(Section.CODE)
                .map(s -> (long) s.payloadSize())
                .orElse(0L);
        try {
            String json = new ObjectMapper().writeValueAsString(new Data(codeBytes, rows(parsed)));
            return scriptSafe(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of strings and numbers always serialize", e);
        }
    }

    /**
     * JSON is text the HTML parser still scans for `</script>` and `<!--`; escaping `<`, `>` and `&`
     * (and the two line separators older engines choke on) as \\u escapes keeps the same JSON value
     * while giving the parser nothing to find. These characters only occur inside JSON strings.
     */
    static String scriptSafe(String json) {
        var out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** `(i32, i32) -> i64` */
    static String signature(FunctionType type) {
        return "(" + types(type.params()) + ") -> "
                + (type.returns().size() == 1 ? types(type.returns()) : "(" + types(type.returns()) + ")");
    }

    private static String types(List<ValType> types) {
        var parts = new ArrayList<String>(types.size());
        for (ValType t : types) {
            parts.add(WatPrinter.valueType(t));
        }
        return String.join(", ", parts);
    }
}
