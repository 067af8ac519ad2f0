package dev.wharf.manifest;

import java.util.List;

/** A loaded app and the warnings found on the way, each {@code "spin.toml:12: unknown key `foo` in [component.x]"}. */
public record LoadResult(App app, List<String> warnings) {
    public LoadResult {
        warnings = List.copyOf(warnings);
    }
}
