package dev.wharf.component;

/**
 * A value of a variant type: the index of its case and the case's payload, null for a case without one. (Enums are
 * Integers, options Optionals and results {@link ResultValue}s; see package-info for every type's Java form.)
 */
public record VariantValue(int caseIndex, Object payload) {}
