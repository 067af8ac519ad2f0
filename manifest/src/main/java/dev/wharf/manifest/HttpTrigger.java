package dev.wharf.manifest;

/**
 * One [[trigger.http]] entry.
 *
 * @param id the trigger's {@code id} key, or {@code http-trigger-N} (1-based manifest position)
 * @param componentId always names a component of the app (inline components get {@code <id>-component})
 */
public record HttpTrigger(String id, Route route, String componentId, Executor executor) {}
