package dev.wharf.manifest;

import java.util.List;

/** An app template `wharf new` can render; files are paths inside the rendered app. */
public record Template(String name, String description, List<String> files) {
    public Template {
        files = List.copyOf(files);
    }
}
