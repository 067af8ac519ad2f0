package dev.wharf.fuel;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.wharf.binary.ByteReader;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.Opcode;
import dev.wharf.binary.Section;
import dev.wharf.binary.WasmFormatException;
import dev.wharf.fuel.BodyRewriter.CounterHome;
import java.util.List;
import java.util.Optional;

/**
 * Injects fuel accounting into a module before Chicory compiles it: Chicory's compiled code offers no hook
 * to count instructions, so the module counts itself (see {@link BodyRewriter} for where and how).
 *
 * <p>What changes in the module, and why nothing else does:
 * <ul>
 *   <li>global section: one mutable i64 global is appended, initially 0 (an unfilled tank stops the guest
 *       at its first step). Appended after the module's own globals, it shifts no global index;</li>
 *   <li>export section: that global is exported as {@value #FUEL_EXPORT}; a start function, if any, is
 *       exported as {@value #START_EXPORT};</li>
 *   <li>start section: removed (see {@link MeteredModule});</li>
 *   <li>code section: every body re-encoded, with one extra i64 local in most functions.</li>
 * </ul>
 * Every other section, custom sections and the name section included, is copied byte for byte and keeps
 * its place. No function, type, table or memory is added, so no index anywhere moves.
 */
public final class FuelMeter {

    static final String FUEL_EXPORT = "wharf:fuel";
    static final String START_EXPORT = "wharf:start";

    private static final int EXPORT_FUNCTION = 0x00, EXPORT_GLOBAL = 0x03;

    private FuelMeter() {}

    /**
     * Returns a new module binary with fuel accounting injected. The input is parsed and validated by
     * Chicory first, so a broken module is reported at its own offsets rather than at the rewritten ones.
     *
     * @throws com.dylibso.chicory.wasm.ChicoryException when the module is malformed or invalid
     * @throws WasmFormatException when its code cannot be decoded (Chicory accepted it, so this is not expected)
     * @throws IllegalArgumentException when it is already metered
     */
    public static MeteredModule instrument(byte[] wasm, FuelCosts costs) {
        return instrument(wasm, costs, CounterHome.LOCAL);
    }

    static MeteredModule instrument(byte[] wasm, FuelCosts costs, CounterHome home) {
        WasmModule parsed = Parser.parse(wasm);
        for (int i = 0; i < parsed.exportSection().exportCount(); i++) {
            String name = parsed.exportSection().getExport(i).name();
            if (name.equals(FUEL_EXPORT) || name.equals(START_EXPORT)) {
                throw new IllegalArgumentException("the module already exports " + name + ": it is metered already");
            }
        }
        var source = ModuleSource.frame(null, wasm);
        int importedGlobals = parsed.importSection().count(ExternalType.GLOBAL);
        int fuelGlobal = importedGlobals + parsed.globalSection().globalCount();
        Optional<Long> start = parsed.startSection().map(s -> s.startIndex());

        var sections = source.sections();
        boolean hasGlobals = source.section(Section.GLOBAL).isPresent();
        boolean hasExports = source.section(Section.EXPORT).isPresent();
        int newGlobalsAt = hasGlobals ? -1 : insertionPoint(sections, Section.GLOBAL);
        int newExportsAt = hasExports ? -1 : insertionPoint(sections, Section.EXPORT);

        var out = new WasmOutput(wasm.length + wasm.length / 4 + 64);
        out.bytes(wasm, 0, 8); // magic and version
        for (int i = 0; i <= sections.size(); i++) {
            if (i == newGlobalsAt) {
                out.section(Section.GLOBAL, globals(null, source));
            }
            if (i == newExportsAt) {
                out.section(Section.EXPORT, exports(null, source, fuelGlobal, start));
            }
            if (i == sections.size()) {
                break;
            }
            Section section = sections.get(i);
            int id = section.id();
            switch (id) {
                case Section.GLOBAL -> out.section(id, globals(section, source));
                case Section.EXPORT -> out.section(id, exports(section, source, fuelGlobal, start));
                case Section.START -> {} // moved to an export
                case Section.CODE ->
                    out.section(id, code(section, source, parsed, new BodyRewriter(costs, fuelGlobal, home)));
                default -> out.bytes(wasm, section.headerOffset(), section.end());
            }
        }
        return new MeteredModule(out.toByteArray(), FUEL_EXPORT, start.map(s -> START_EXPORT));
    }

    /** The module's globals (if any), then the fuel counter: mutable i64 = 0. */
    private static WasmOutput globals(Section existing, ModuleSource source) {
        var out = new WasmOutput(existing == null ? 8 : existing.payloadSize() + 8);
        appendToVector(out, existing, source);
        return out.u8(0x7e).u8(0x01).u8(0x42).u8(0x00).u8(Opcode.END.code());
    }

    private static WasmOutput exports(Section existing, ModuleSource source, int fuelGlobal, Optional<Long> start) {
        var out = new WasmOutput(existing == null ? 32 : existing.payloadSize() + 32);
        appendToVector(out, existing, source, start.isPresent() ? 2 : 1);
        out.name(FUEL_EXPORT).u8(EXPORT_GLOBAL).u32(fuelGlobal);
        start.ifPresent(index -> out.name(START_EXPORT).u8(EXPORT_FUNCTION).u32(index));
        return out;
    }

    private static void appendToVector(WasmOutput out, Section existing, ModuleSource source) {
        appendToVector(out, existing, source, 1);
    }

    /** Writes a vector's new count and its existing items verbatim; the caller appends the new items. */
    private static void appendToVector(WasmOutput out, Section existing, ModuleSource source, int added) {
        if (existing == null) {
            out.u32(added);
            return;
        }
        ByteReader in = source.reader(existing);
        long count = in.u32();
        out.u32(count + added).bytes(source.bytes(), in.position(), existing.end());
    }

    private static WasmOutput code(Section section, ModuleSource source, WasmModule parsed, BodyRewriter rewriter) {
        ByteReader in = source.reader(section);
        int count = in.count("function body", 1);
        var out = new WasmOutput(section.payloadSize() + section.payloadSize() / 4 + 16);
        out.u32(count);
        var types = parsed.typeSection();
        var functions = parsed.functionSection();
        for (int i = 0; i < count; i++) {
            int size = (int) in.u32();
            int from = in.position();
            int paramCount = functions.getFunctionType(i, types).params().size();
            out.sized(rewriter.rewrite(source.bytes(), from, from + size, paramCount));
            in.seek(from + size);
        }
        return out;
    }

    /**
     * Where a section the module lacks goes: before the first known section that must follow it, else right
     * after the last one that must precede it (so before trailing custom sections such as "name", which
     * tools expect after every known section), else before the "name" section, else at the end.
     */
    private static int insertionPoint(List<Section> sections, int id) {
        int lastBefore = -1;
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            if (!s.isCustom() && Section.specOrder(s.id()) > Section.specOrder(id)) {
                return i;
            }
            if (!s.isCustom()) {
                lastBefore = i;
            }
        }
        if (lastBefore >= 0) {
            return lastBefore + 1;
        }
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).isCustom() && sections.get(i).name().equals("name")) {
                return i;
            }
        }
        return sections.size();
    }
}
