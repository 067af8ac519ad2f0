package dev.wharf.manifest;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed, position-aware reading of one TOML table of the manifest. Every read marks the key as known, so
 * {@link #warnUnknownKeys()} can report the rest with file:line; every type mismatch becomes a one-line
 * {@link ManifestException} such as {@code spin.toml:14: [component.api] source: expected a path, found an integer}.
 */
final class TomlSection {
    private final ManifestFile file;
    private final TomlTable table;
    private final String label; // how the user sees the table: "[component.api]", "[[trigger.http]]"
    private final String tablePath; // dotted path for ManifestException.key(): "component.api", "trigger.http[2]"
    private final String keyPrefix; // for inline tables shown inside their parent: "executor."
    private final int line;
    private final Set<String> read = new LinkedHashSet<>();

    TomlSection(ManifestFile file, TomlTable table, String label, String tablePath, String keyPrefix, int line) {
        this.file = file;
        this.table = table;
        this.label = label;
        this.tablePath = tablePath;
        this.keyPrefix = keyPrefix;
        this.line = line;
    }

    int line() {
        return line;
    }

    String label() {
        return label;
    }

    ManifestFile file() {
        return file;
    }

    Set<String> keys() {
        return table.keySet();
    }

    boolean has(String key) {
        return table.keySet().contains(key);
    }

    /** The line a key is written on, or the table's own line for keys it does not hold. */
    int lineOf(String key) {
        if (!has(key)) {
            return line;
        }
        TomlPosition p = table.inputPositionOf(List.of(key));
        return p == null ? line : p.line();
    }

    Object raw(String key) {
        read.add(key);
        return table.get(List.of(key));
    }

    /** Marks a key as read without using it: it is valid in Spin but means nothing to Wharf. */
    void ignore(String key, String why) {
        if (has(key)) {
            read.add(key);
            file.warn(lineOf(key), "key `" + keyPrefix + key + "` in " + label + " " + why);
        }
    }

    void accept(String key) {
        read.add(key);
    }

    ManifestException error(String key, String message) {
        return file.error(lineOf(key), label, keyPrefix + key, fullKey(key), message);
    }

    /** The dotted key for ManifestException.key(): "component.api.source", "spin_manifest_version". */
    String fullKey(String key) {
        return tablePath.isEmpty() ? keyPrefix + key : tablePath + "." + keyPrefix + key;
    }

    ManifestException expected(String key, String expected, Object found) {
        return error(key, "expected " + expected + ", found " + describe(found));
    }

    /** A problem with the table as a whole (a missing required key is reported on the table's line). */
    ManifestException tableError(String message) {
        return file.error(line, label, "", tablePath, message);
    }

    Optional<String> string(String key) {
        var v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        throw expected(key, "a string", v);
    }

    String requiredString(String key) {
        if (!has(key)) {
            throw file.error(
                    line, label, keyPrefix + key, fullKey(key), "missing; expected " + keyPrefix + key + " = \"...\"");
        }
        return string(key).orElseThrow();
    }

    Optional<Boolean> bool(String key) {
        var v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        throw expected(key, "true or false", v);
    }

    List<String> stringList(String key) {
        var v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof TomlArray array)) {
            throw expected(key, "an array of strings", v);
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < array.size(); i++) {
            var item = array.get(i);
            if (!(item instanceof String s)) {
                throw file.error(
                        array.inputPositionOf(i).line(),
                        label,
                        keyPrefix + key + "[" + i + "]",
                        fullKey(key),
                        "expected a string, found " + describe(item));
            }
            out.add(s);
        }
        return out;
    }

    /** A table of string values, e.g. environment = { KEY = "value" }; order kept. */
    Map<String, String> stringMap(String key) {
        var sub = section(key);
        if (sub.isEmpty()) {
            return Map.of();
        }
        var out = new LinkedHashMap<String, String>();
        for (var k : sub.get().keys()) {
            out.put(k, sub.get().string(k).orElseThrow());
        }
        return out;
    }

    /** An inline or dotted sub-table, reported inside this table's label ("executor.type"). */
    Optional<TomlSection> section(String key) {
        var v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof TomlTable t)) {
            throw expected(key, "a table", v);
        }
        return Optional.of(new TomlSection(file, t, label, tablePath, keyPrefix + key + ".", lineOf(key)));
    }

    /** A sub-table with its own [header], e.g. [component.api.build]. */
    Optional<TomlSection> childTable(String key) {
        var v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof TomlTable t)) {
            throw expected(key, "a table", v);
        }
        var childPath = fullKey(key);
        return Optional.of(new TomlSection(file, t, "[" + childPath + "]", childPath, "", lineOf(key)));
    }

    /** Wraps a table value found elsewhere (an array element, an inline component) as its own section. */
    TomlSection nested(TomlTable t, String keyInParent, int atLine) {
        return new TomlSection(file, t, label, tablePath, keyPrefix + keyInParent + ".", atLine);
    }

    void warnUnknownKeys() {
        for (var k : table.keySet()) {
            if (!read.contains(k)) {
                file.warn(
                        lineOf(k),
                        label.isEmpty()
                                ? "unknown top-level key `" + k + "`"
                                : "unknown key `" + keyPrefix + k + "` in " + label);
            }
        }
    }

    static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "a string";
            case Long l -> "an integer";
            case Double d -> "a float";
            case Boolean b -> "a boolean";
            case TomlArray a -> "an array";
            case TomlTable t -> "a table";
            case TemporalAccessor t -> "a date/time";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
