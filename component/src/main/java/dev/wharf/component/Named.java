package dev.wharf.component;

/** An import or export: its name and type. */
public record Named(String name, ExternType type) {}
