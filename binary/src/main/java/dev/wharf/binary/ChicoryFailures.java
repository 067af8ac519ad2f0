package dev.wharf.binary;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.TableSection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an exception out of Chicory's parser or validator into a {@link WasmFormatException} with the
 * best byte offset that can be found. Chicory's messages carry no offset and no function index, so
 * this re-runs the cheap parts to find them: which section failed to decode, and, for a function body
 * that fails validation, which one (by validating prefixes of the code section with the remaining
 * bodies replaced by `unreachable`, which is valid for any signature). This only runs for a module
 * that is being rejected anyway.
 */
final class ChicoryFailures {
    private static final String PARSE_PREFIX = "section size mismatch, unexpected end of section or function, ";

    /** `(module (func unreachable))`: its one body is valid for any function type. */
    private static final byte[] UNREACHABLE_MODULE = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
        0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
    };

    private ChicoryFailures() {}

    static WasmFormatException locate(ModuleSource source, ModuleLayout layout, Throwable failure) {
        try {
            return decodingFailure(source, layout)
                    .or(() -> validationFailure(source, layout))
                    .orElseGet(() -> bySectionKeyword(source, reason(failure), failure));
        } catch (RuntimeException | StackOverflowError whileLocating) {
            // locating is best effort: the original reason, without an offset, is still worth reporting
            return new WasmFormatException(-1, reason(failure), failure);
        }
    }

    /** Decodes section by section (no validation); if one fails, that section (or body) is the place. */
    private static Optional<WasmFormatException> decodingFailure(ModuleSource source, ModuleLayout layout) {
        int[] decoded = {0};
        try {
            decodeOnly(source.bytes(), s -> decoded[0]++);
            return Optional.empty();
        } catch (RuntimeException | StackOverflowError e) {
            String reason = reason(e);
            if (decoded[0] >= source.sections().size()) {
                return Optional.of(new WasmFormatException(-1, reason, e));
            }
            Section section = source.sections().get(decoded[0]);
            if (section.id() == Section.CODE && !layout.functionBodies().isEmpty()) {
                int body = firstUndecodableBody(source, layout);
                if (body >= 0) {
                    var b = layout.functionBodies().get(body);
                    return Optional.of(new WasmFormatException(
                            b.offset(), layout.describeFunction(b.functionIndex()) + ": " + reason, e));
                }
            }
            return Optional.of(new WasmFormatException(
                    section.headerOffset(), "in the " + section.name() + " section: " + reason, e));
        }
    }

    private static void decodeOnly(byte[] bytes, com.dylibso.chicory.wasm.ParserListener listener) {
        ParsedModule.chicoryParser(false).parse(new ByteArrayInputStream(bytes), listener);
    }

    /** The first body that Chicory cannot decode, found by decoding prefixes of the code section. */
    private static int firstUndecodableBody(ModuleSource source, ModuleLayout layout) {
        var bodies = layout.functionBodies();
        if (decodes(source, bodies.subList(0, bodies.size()))) {
            return -1;
        }
        int lo = 0; // bodies [0, lo) decode
        int hi = bodies.size(); // bodies [0, hi) do not
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (decodes(source, bodies.subList(0, mid))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi - 1;
    }

    /** Whether a module made of the type section and just these bodies decodes. */
    private static boolean decodes(ModuleSource source, List<ModuleLayout.FunctionBody> bodies) {
        var out = new ByteArrayOutputStream();
        out.write(source.bytes(), 0, 8);
        source.section(Section.TYPE).ifPresent(t -> out.write(source.bytes(), t.headerOffset(), t.totalSize()));
        var payload = new ByteArrayOutputStream();
        writeU32(payload, bodies.size());
        for (var b : bodies) {
            payload.write(source.bytes(), b.sizeOffset(), b.end() - b.sizeOffset());
        }
        out.write(Section.CODE);
        writeU32(out, payload.size());
        out.write(payload.toByteArray(), 0, payload.size());
        try {
            decodeOnly(out.toByteArray(), s -> {});
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            return false;
        }
    }

    private static void writeU32(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }

    /** Decoding worked, so validation failed: find the function body, or else the section, to blame. */
    private static Optional<WasmFormatException> validationFailure(ModuleSource source, ModuleLayout layout) {
        WasmModule unvalidated;
        try {
            unvalidated = ParsedModule.chicoryParser(false).parse(() -> new ByteArrayInputStream(source.bytes()));
        } catch (RuntimeException e) {
            // the module-level checks that run even without validation (counts, start function)
            return Optional.of(bySectionKeyword(source, reason(e), e));
        }
        var bodies = unvalidated.codeSection().functionBodies();
        FunctionBody stub = Parser.parse(UNREACHABLE_MODULE).codeSection().getFunctionBody(0);
        RuntimeException withoutBodies = validate(unvalidated, bodies, 0, stub, Set.of());
        if (withoutBodies != null) {
            return Optional.of(outsideFunctions(source, unvalidated, bodies, stub, withoutBodies));
        }
        RuntimeException withAll = validate(unvalidated, bodies, bodies.length, stub, Set.of());
        if (withAll == null) {
            return Optional.empty();
        }
        int lo = 0; // with bodies [0, lo) real, the module validates
        int hi = bodies.length; // with [0, hi) real, it does not
        RuntimeException failure = withAll;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            RuntimeException e = validate(unvalidated, bodies, mid, stub, Set.of());
            if (e == null) {
                lo = mid;
            } else {
                hi = mid;
                failure = e;
            }
        }
        var body = layout.functionBodies().get(hi - 1);
        return Optional.of(new WasmFormatException(
                body.offset(), layout.describeFunction(body.functionIndex()) + ": " + reason(failure), failure));
    }

    /**
     * With every body stubbed the module still fails, so a section outside the code is invalid. Chicory
     * validates globals, elements, data, tags and tables after the bodies; emptying those sections one
     * by one (with the bodies stubbed, nothing else refers to them) finds the first that makes it pass.
     */
    private static WasmFormatException outsideFunctions(
            ModuleSource source, WasmModule m, FunctionBody[] bodies, FunctionBody stub, RuntimeException failure) {
        var cleared = new HashSet<Integer>();
        for (int id : new int[] {Section.DATA, Section.ELEMENT, Section.GLOBAL, Section.TAG, Section.TABLE}) {
            cleared.add(id);
            if (validate(m, bodies, 0, stub, cleared) == null) {
                var section = source.section(id);
                if (section.isPresent()) {
                    return new WasmFormatException(
                            section.get().headerOffset(),
                            "in the " + section.get().name() + " section: " + reason(failure),
                            failure);
                }
                break;
            }
        }
        return bySectionKeyword(source, reason(failure), failure);
    }

    /**
     * Validates the module with bodies [0, real) as they are and the rest replaced, and the sections in
     * {@code emptied} left empty; returns the failure, or null when it is valid.
     */
    private static RuntimeException validate(
            WasmModule m, FunctionBody[] bodies, int real, FunctionBody stub, Set<Integer> emptied) {
        boolean noData = emptied.contains(Section.DATA);
        var code = CodeSection.builder()
                .setRequiresDataCount(!noData && m.codeSection().isRequiresDataCount());
        for (int i = 0; i < bodies.length; i++) {
            code.addFunctionBody(i < real ? bodies[i] : stub);
        }
        var b = WasmModule.builder()
                .setTypeSection(m.typeSection())
                .setImportSection(m.importSection())
                .setFunctionSection(m.functionSection())
                .setTableSection(
                        emptied.contains(Section.TABLE) ? TableSection.builder().build() : m.tableSection())
                .setGlobalSection(
                        emptied.contains(Section.GLOBAL)
                                ? GlobalSection.builder().build()
                                : m.globalSection())
                .setExportSection(m.exportSection())
                .setElementSection(
                        emptied.contains(Section.ELEMENT)
                                ? ElementSection.builder().build()
                                : m.elementSection())
                .setCodeSection(code.build())
                .setDataSection(noData ? DataSection.builder().build() : m.dataSection());
        m.memorySection().ifPresent(b::setMemorySection);
        m.startSection().ifPresent(b::setStartSection);
        if (!noData) {
            m.dataCountSection().ifPresent(b::setDataCountSection);
        }
        if (!emptied.contains(Section.TAG)) {
            m.tagSection().ifPresent(b::setTagSection);
        }
        try {
            b.withValidation(true).build();
            return null;
        } catch (RuntimeException e) {
            return e;
        } catch (StackOverflowError e) {
            return new ChicoryException("nesting too deep to validate", e);
        }
    }

    /** When only the message says where: point at the section it names, or give no offset. */
    private static WasmFormatException bySectionKeyword(ModuleSource source, String reason, Throwable cause) {
        String m = reason.toLowerCase(Locale.ROOT);
        record Keyword(String word, int section) {}
        var keywords = List.of(
                new Keyword("start", Section.START),
                new Keyword("data count", Section.DATA_COUNT),
                new Keyword("data", Section.DATA),
                new Keyword("element", Section.ELEMENT),
                new Keyword("global", Section.GLOBAL),
                new Keyword("export", Section.EXPORT),
                new Keyword("import", Section.IMPORT),
                new Keyword("table", Section.TABLE),
                new Keyword("memor", Section.MEMORY),
                new Keyword("tag", Section.TAG),
                new Keyword("unknown type", Section.TYPE));
        for (var k : keywords) {
            if (m.contains(k.word())) {
                var section = source.section(k.section());
                if (section.isPresent()) {
                    return new WasmFormatException(
                            section.get().headerOffset(),
                            "in the " + section.get().name() + " section: " + reason,
                            cause);
                }
            }
        }
        return new WasmFormatException(-1, reason, cause);
    }

    /** Chicory's message, without the prefix its parser adds to every malformed input. */
    static String reason(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "the module nests blocks or types too deeply to be read";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        while (message.startsWith(PARSE_PREFIX)) {
            message = message.substring(PARSE_PREFIX.length());
        }
        if (e instanceof ChicoryException) {
            return message.isBlank() ? e.getClass().getSimpleName() : message;
        }
        // anything else leaking out of the parser is a construct it does not handle
        return "Chicory cannot read this module (" + e.getClass().getSimpleName()
                + (message.isBlank() ? "" : ": " + message) + ")";
    }
}
