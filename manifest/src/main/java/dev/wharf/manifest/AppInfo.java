package dev.wharf.manifest;

import java.util.List;

/** The [application] table. {@code version} and {@code description} are empty strings when absent. */
public record AppInfo(String name, String version, String description, List<String> authors) {
    public AppInfo {
        authors = List.copyOf(authors);
    }
}
