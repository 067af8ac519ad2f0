package dev.wharf.wat;

import com.dylibso.chicory.wasm.types.NameCustomSection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The `$identifiers` a printed module uses, taken from its name section. A name is guest-controlled
 * text; WAT identifiers allow only a fixed set of printable ASCII characters, so every other character
 * becomes `_`, and a name that is then taken by an earlier index of the same kind gets a `.N` suffix.
 * Indexes without a name are printed as numbers.
 */
final class WatNames {
    /** The characters the WAT grammar allows in an identifier after the `$`. */
    private static final String ID_PUNCTUATION = "!#$%&'*+-./:<=>?@\\^_`|~";

    private final Map<Integer, String> functions;
    private final Map<Integer, String> tables;
    private final Map<Integer, String> memories;
    private final Map<Integer, String> globals;
    private final Map<Integer, String> elements;
    private final Map<Integer, String> data;
    private final NameCustomSection section;
    private final Map<Integer, Map<Integer, String>> localsByFunction = new HashMap<>();

    private WatNames(NameCustomSection section, Counts counts) {
        this.section = section;
        functions = space(counts.functions, section == null ? null : section::nameOfFunction);
        tables = space(counts.tables, section == null ? null : section::nameOfTable);
        memories = space(counts.memories, section == null ? null : section::nameOfMemory);
        globals = space(counts.globals, section == null ? null : section::nameOfGlobal);
        elements = space(counts.elements, section == null ? null : section::nameOfElement);
        data = space(counts.data, section == null ? null : section::nameOfData);
    }

    /** How many indexes each kind has, imports included. */
    record Counts(int functions, int tables, int memories, int globals, int elements, int data) {}

    static WatNames of(NameCustomSection section, Counts counts) {
        return new WatNames(section, counts);
    }

    String function(int index) {
        return functions.get(index);
    }

    String table(int index) {
        return tables.get(index);
    }

    String memory(int index) {
        return memories.get(index);
    }

    String global(int index) {
        return globals.get(index);
    }

    String element(int index) {
        return elements.get(index);
    }

    String data(int index) {
        return data.get(index);
    }

    /** The identifier of a local (parameters first) of a function, by function index space. */
    String local(int function, int local, int localCount) {
        if (section == null) {
            return null;
        }
        return localsByFunction
                .computeIfAbsent(function, f -> space(localCount, l -> section.nameOfLocal(f, l)))
                .get(local);
    }

    /** The module's own name as an identifier, or null. */
    String module() {
        return section == null
                ? null
                : section.moduleName().map(WatNames::sanitize).orElse(null);
    }

    /**
     * Names for indexes 0..count-1 of one kind. Two passes: every sanitized name is known before any is
     * given out, so a suffixed duplicate never takes a name that a later index really has.
     */
    private static Map<Integer, String> space(int count, IntFunction<String> rawName) {
        var result = new HashMap<Integer, String>();
        if (rawName == null) {
            return result;
        }
        var wanted = new String[count];
        var all = new HashSet<String>();
        for (int i = 0; i < count; i++) {
            wanted[i] = sanitize(rawName.apply(i));
            if (wanted[i] != null) {
                all.add(wanted[i]);
            }
        }
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = wanted[i];
            if (name == null) {
                continue;
            }
            if (!taken.add(name)) {
                int n = 1;
                while (all.contains(name + "." + n) || taken.contains(name + "." + n)) {
                    n++;
                }
                name = name + "." + n;
                taken.add(name);
            }
            result.put(i, name);
        }
        return result;
    }

    /** A raw name turned into identifier characters, or null if there is nothing left to print. */
    static String sanitize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        var out = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> out.append(isIdChar(c) ? (char) c : '_'));
        return out.toString();
    }

    static boolean isIdChar(int c) {
        return (c >= '0' && c <= '9')
                || (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c < 0x80 && ID_PUNCTUATION.indexOf(c) >= 0);
    }
}
