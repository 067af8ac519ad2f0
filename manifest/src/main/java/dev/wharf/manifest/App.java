package dev.wharf.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A serverless app, loaded once from spin.toml / wharf.toml (or a bare .wasm) and validated: every trigger
 * names an existing component, every component source exists on disk, routes are unique. Nothing
 * downstream reads TOML.
 *
 * @param manifestPath the manifest file, or the .wasm file for a bare-module app
 * @param baseDir the directory relative paths in the manifest are resolved against
 * @param variables application variables in declaration order
 * @param httpTriggers HTTP triggers in manifest order
 * @param components components by id, in declaration order (inline trigger components included)
 */
public record App(
        Path manifestPath,
        Path baseDir,
        AppInfo info,
        Map<String, Variable> variables,
        List<HttpTrigger> httpTriggers,
        Map<String, Component> components) {

    public App {
        variables = Ordered.copyOf(variables);
        httpTriggers = List.copyOf(httpTriggers);
        components = Ordered.copyOf(components);
    }

    /** The component a trigger runs; always present in a loaded app. */
    public Component component(HttpTrigger trigger) {
        return Optional.ofNullable(components.get(trigger.componentId()))
                .orElseThrow(() -> new IllegalStateException("no component " + trigger.componentId()));
    }
}
