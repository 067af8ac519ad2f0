package dev.wharf.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The manifest being loaded: its path as the user should see it, and the warnings found so far. */
final class ManifestFile {
    final Path path;
    final String shown;
    private final List<Warning> warnings = new ArrayList<>();

    private record Warning(int line, String text) {}

    ManifestFile(Path path) {
        this.path = path;
        this.shown = path.toString();
    }

    void warn(int line, String message) {
        warnings.add(new Warning(line, shown + ":" + line + ": " + message));
    }

    /** In file order, whatever order the checks ran in. */
    List<String> warnings() {
        return warnings.stream()
                .sorted(Comparator.comparingInt(Warning::line))
                .map(Warning::text)
                .toList();
    }

    /** {@code spin.toml:14: [component.api] source: expected ...}; key or label may be empty. */
    ManifestException error(int line, String label, String shownKey, String fullKey, String message) {
        var where = new StringBuilder(shown);
        if (line > 0) {
            where.append(':').append(line);
        }
        where.append(": ");
        if (!label.isEmpty()) {
            where.append(label).append(' ');
        }
        if (!shownKey.isEmpty()) {
            where.append(shownKey).append(": ");
        }
        return new ManifestException(path, line, fullKey, where + message);
    }

    ManifestException error(int line, String message) {
        return error(line, "", "", "", message);
    }
}
