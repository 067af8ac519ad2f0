package dev.wharf.manifest;

import java.util.Optional;

/**
 * One entry of [variables]. A variable is either required or has a default, never both. Secret values are
 * never printed by Wharf.
 */
public record Variable(String name, Optional<String> defaultValue, boolean required, boolean secret) {}
