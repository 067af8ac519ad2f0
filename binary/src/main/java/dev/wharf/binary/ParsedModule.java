package dev.wharf.binary;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.NameCustomSection;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A module that is well-formed and valid: its bytes (with their sections), Chicory's parsed, validated form,
 * and the layout Wharf's own walk found (function bodies, constant expressions, the features used; without
 * the per-entry descriptions, which {@link ModuleLayout#of(ModuleSource)} adds for `dump`). Every command
 * gets its module through {@link #parse(ModuleSource)} (or {@link #read(Path)}), so bad input is caught in one
 * place, with a byte offset, before anything else looks at it.
 */
public record ParsedModule(ModuleSource source, WasmModule wasm, ModuleLayout layout) {

    /**
     * Checks the structure of every section with Wharf's own walk, then lets Chicory parse and validate
     * (Chicory's {@code Parser.parse} validates function bodies too). Any failure comes out as a
     * {@link WasmFormatException} carrying the best offset known: the exact byte for malformed input,
     * the function body for a function that fails validation (named when the name section says how).
     */
    public static ParsedModule parse(ModuleSource source) {
        ModuleLayout layout;
        try {
            layout = SectionWalker.walk(source, false);
        } catch (WasmFormatException e) {
            throw e.in(source.path());
        }
        WasmModule wasm;
        try {
            wasm = chicoryParser(true).parse(() -> new ByteArrayInputStream(source.bytes()));
        } catch (RuntimeException | StackOverflowError e) {
            throw ChicoryFailures.locate(source, layout, e).in(source.path());
        }
        return new ParsedModule(source, wasm, layout);
    }

    /** Reads, frames, checks and parses a module file. */
    public static ParsedModule read(Path path) {
        return parse(ModuleSource.read(path));
    }

    public Path path() {
        return source.path();
    }

    /** The proposals beyond WebAssembly 1.0 the module uses, e.g. {@link Feature#SIMD}. */
    public Set<Feature> features() {
        return layout.features();
    }

    /** A function's name from the "name" section, if it has one. */
    public Optional<String> functionName(int functionIndex) {
        NameCustomSection names = wasm.nameSection();
        return names == null ? Optional.empty() : Optional.ofNullable(names.nameOfFunction(functionIndex));
    }

    /** Number of imported functions: body {@code i} of the code section is function {@code importedFunctionCount() + i}. */
    public int importedFunctionCount() {
        return (int) wasm.importSection().stream()
                .filter(i -> i.importType() == ExternalType.FUNCTION)
                .count();
    }

    static Parser chicoryParser(boolean validate) {
        return Parser.builder()
                .withValidation(validate)
                .withCustomParsers(Map.of("name", ParsedModule::nameSectionOrEmpty))
                .build();
    }

    /**
     * Chicory's name section reader throws on names it does not like (and on malformed subsections),
     * which would reject a valid module over a debugging aid. A name section it cannot read becomes an
     * empty one: the module still loads, functions are just unnamed.
     */
    private static CustomSection nameSectionOrEmpty(byte[] contents) {
        try {
            return NameCustomSection.parse(contents);
        } catch (RuntimeException | AssertionError unreadable) {
            return NameCustomSection.parse(new byte[0]);
        }
    }
}
