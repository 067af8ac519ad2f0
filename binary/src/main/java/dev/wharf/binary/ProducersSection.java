package dev.wharf.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the "producers" custom section of the WebAssembly tool conventions: a vector of fields
 * ("language", "processed-by", "sdk"), each a vector of (name, version) pairs. Fields the conventions
 * do not define are skipped. A custom section never makes a module invalid, so an unreadable one is
 * simply absent from the report.
 */
final class ProducersSection {
    private ProducersSection() {}

    static Optional<ModuleInfo.Producers> read(ModuleSource source, Section section) {
        var language = new ArrayList<ModuleInfo.Producer>();
        var processedBy = new ArrayList<ModuleInfo.Producer>();
        var sdk = new ArrayList<ModuleInfo.Producer>();
        try {
            ByteReader r = source.reader(section);
            r.name(); // the section's own name, "producers"
            int fields = r.count("producers field", 2);
            for (int f = 0; f < fields; f++) {
                String field = r.name();
                List<ModuleInfo.Producer> into = switch (field) {
                    case "language" -> language;
                    case "processed-by" -> processedBy;
                    case "sdk" -> sdk;
                    default -> new ArrayList<>();
                };
                int values = r.count("producer", 2);
                for (int v = 0; v < values; v++) {
                    into.add(new ModuleInfo.Producer(r.name(), r.name()));
                }
            }
            if (!r.atEnd()) {
                return Optional.empty();
            }
        } catch (WasmFormatException unreadable) {
            return Optional.empty();
        }
        return Optional.of(new ModuleInfo.Producers(List.copyOf(language), List.copyOf(processedBy), List.copyOf(sdk)));
    }
}
