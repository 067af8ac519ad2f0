package dev.wharf.binary;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where everything lies in a module file: each section with its entries (offset, length and a short
 * description), every function body's extent, and the function names from the "name" section. This is
 * what `wharf dump` prints and what error messages use to point into the file; it comes from Wharf's
 * own structural walk of the bytes, so it exists even for a module Chicory would reject.
 *
 * @param sections every section in file order, with its entries (entries are empty unless the layout
 *     was read with {@link #of(ModuleSource)})
 * @param functionBodies one per defined function, in code section order
 * @param importedFunctionCount functions imported, so body {@code i} is function {@code imported + i}
 * @param functionNames function index to name, from the "name" section when it is present and readable
 * @param constantExpressions where each global initializer and segment offset lies
 * @param features the proposals beyond WebAssembly 1.0 that the module's instructions and value types use
 */
public record ModuleLayout(
        List<SectionLayout> sections,
        List<FunctionBody> functionBodies,
        int importedFunctionCount,
        Map<Integer, String> functionNames,
        ConstantExpressions constantExpressions,
        Set<Feature> features) {

    public ModuleLayout {
        sections = List.copyOf(sections);
        functionBodies = List.copyOf(functionBodies);
        functionNames = Map.copyOf(functionNames);
        var copy = EnumSet.noneOf(Feature.class);
        copy.addAll(features);
        features = Collections.unmodifiableSet(copy);
    }

    /** Walks the module's sections, checking their structure, and records every entry with its offset. */
    public static ModuleLayout of(ModuleSource source) {
        return SectionWalker.walk(source, true);
    }

    /** A section and what is in it. */
    public record SectionLayout(Section section, List<Entry> entries) {
        public SectionLayout {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One item of a section as it lies in the file: a count, a type, an import, a function body, a data
     * segment, a custom section's name.
     */
    public record Entry(int offset, int length, String description) {}

    /**
     * One function body in the code section.
     *
     * @param functionIndex index in the function index space (imports first)
     * @param sizeOffset where the body's size prefix starts
     * @param offset where the body itself starts (its locals), as `wasm-objdump -d` prints it
     * @param size the body's size in bytes, from {@code offset}
     * @param codeOffset where its instructions start, after the locals
     * @param locals the declared locals in groups, e.g. "2 i32, 1 i64"; empty when there are none
     * @param localCount the number of locals declared
     */
    public record FunctionBody(
            int functionIndex, int sizeOffset, int offset, int size, int codeOffset, String locals, int localCount) {
        public int end() {
            return offset + size;
        }
    }

    /**
     * Where the module's constant expressions start (the offset of their first instruction), so that they can be
     * decoded again with an {@link InstructionReader}.
     *
     * @param globals one per defined global: its initializer
     * @param elementOffsets one per element segment: its offset expression, -1 for a passive or declarative one
     * @param elementItems one per element segment: its items, each an expression; empty when they are indexes
     * @param dataOffsets one per data segment: its offset expression, -1 for a passive one
     */
    public record ConstantExpressions(
            List<Integer> globals,
            List<Integer> elementOffsets,
            List<List<Integer>> elementItems,
            List<Integer> dataOffsets) {
        public ConstantExpressions {
            globals = List.copyOf(globals);
            elementOffsets = List.copyOf(elementOffsets);
            elementItems = List.copyOf(elementItems);
            dataOffsets = List.copyOf(dataOffsets);
        }
    }

    public Optional<String> functionName(int functionIndex) {
        return Optional.ofNullable(functionNames.get(functionIndex));
    }

    /** "function 3 (`compute`)" or "function 3". */
    public String describeFunction(int functionIndex) {
        return functionName(functionIndex)
                .map(n -> "function " + functionIndex + " (`" + n + "`)")
                .orElse("function " + functionIndex);
    }
}
