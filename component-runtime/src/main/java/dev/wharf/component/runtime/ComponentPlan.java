package dev.wharf.component.runtime;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.binary.WasmFormatException;
import dev.wharf.component.ComponentFormatException;
import dev.wharf.component.CoreType;
import dev.wharf.component.FuncType;
import dev.wharf.component.ParsedComponent;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.LoadOptions;
import dev.wharf.runtime.LoadedModule;
import dev.wharf.runtime.WharfLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A component compiled for instantiation: its core modules compiled (through the engine's compile cache), its imports
 * resolved against a {@link Linker}, its nested components flattened into one ordered list of core instantiations,
 * and the lifting and lowering code of every function type built. Compiled once; {@link #instantiate} then runs
 * the steps, cheaply, as often as needed (the app host makes an instance per request).
 *
 * <p>The shape of a plan: core instance slots, each filled by one step (instantiate module M with these imports,
 * each an export of an earlier slot, a lowered function, or a resource built-in); lowered-function slots (core code
 * of component instance S calling a host function or a lifted function, with its canonical options, whose memory
 * and realloc are exports of slots that may be filled after the step that imports the lowered function); lifted-
 * function slots (a core function of a slot, called with component values); runtime resource types (defined by a
 * component instance, with a destructor, or the host's); component instances (handle tables, reentrance flags); and
 * the export tree.
 */
public final class ComponentPlan {
    final ParsedComponent component;
    final LoadedModule[] modules;
    final CoreType.Module[] shapes;
    final String[] moduleNames;
    final int[] moduleOffsets;
    final Plan.CoreInstantiation[] instantiations;
    final FunctionType[][] bindingTypes;
    final Plan.Lowered[] lowered;
    final Plan.Lifted[] lifted;
    final Plan.Resource[] resources;
    final Plan.State[] states;
    final Map<String, Plan.Export> exports;
    final Limits limits;
    final WharfLog log;

    private ComponentPlan(
            Inliner in, Map<String, Plan.Export> exports, ParsedComponent component, Limits limits, WharfLog log) {
        this.component = component;
        this.modules = in.modules.toArray(new LoadedModule[0]);
        this.shapes = in.moduleShapes.toArray(new CoreType.Module[0]);
        this.moduleNames = in.moduleNames.toArray(new String[0]);
        this.moduleOffsets =
                in.moduleOffsets.stream().mapToInt(Integer::intValue).toArray();
        this.instantiations = in.instantiations.toArray(new Plan.CoreInstantiation[0]);
        this.bindingTypes = new FunctionType[instantiations.length][];
        for (int i = 0; i < instantiations.length; i++) {
            var bindings = instantiations[i].bindings();
            bindingTypes[i] = new FunctionType[bindings.size()];
            for (int b = 0; b < bindings.size(); b++) {
                if (bindings.get(b).type() instanceof CoreType.Func f) {
                    bindingTypes[i][b] = chicory(f);
                }
            }
        }
        this.lowered = in.lowered.toArray(new Plan.Lowered[0]);
        this.lifted = in.lifted.toArray(new Plan.Lifted[0]);
        this.resources = in.resources.toArray(new Plan.Resource[0]);
        this.states = in.states.toArray(new Plan.State[0]);
        this.exports = Collections.unmodifiableMap(exports);
        this.limits = limits;
        this.log = log;
    }

    /**
     * Compiles the plan: every core module through {@code engine} (so the compile cache serves a component's second
     * run), every import resolved with {@code linker}. Refusals are a {@link ComponentLinkException} with one line.
     */
    public static ComponentPlan compile(ParsedComponent component, Engine engine, Linker linker, Limits limits) {
        List<ParsedComponent.CoreModule> coreModules = component.coreModules();
        var inliner = new Inliner(component, linker, ordinal -> {
            var m = coreModules.get(ordinal);
            try {
                return engine.load(component.coreModuleSource(m), LoadOptions.forLimits(limits));
            } catch (WasmFormatException e) {
                long at = e.offset() >= 0 ? e.offset() + m.offset() : m.offset();
                throw new ComponentFormatException(
                        at,
                        "core module " + m.ordinal() + (m.name() != null ? " (" + m.name() + ")" : "") + ": "
                                + e.reason(),
                        e);
            }
        });
        var items = inliner.inlineRoot();
        var exports = inliner.exportTree(items, component.type().exports());
        return new ComponentPlan(inliner, exports, component, limits, engine.log());
    }

    static FunctionType chicory(CoreType.Func f) {
        return FunctionType.of(chicory(f.params()), chicory(f.results()));
    }

    private static List<ValType> chicory(List<CoreType.Val> types) {
        var out = new ArrayList<ValType>(types.size());
        for (CoreType.Val t : types) {
            out.add(
                    switch (t) {
                        case I32 -> ValType.I32;
                        case I64 -> ValType.I64;
                        case F32 -> ValType.F32;
                        case F64 -> ValType.F64;
                        case V128 -> ValType.V128;
                        case FUNCREF -> ValType.FuncRef;
                        case EXTERNREF -> ValType.ExternRef;
                    });
        }
        return out;
    }

    public ParsedComponent component() {
        return component;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * A new instance: its core modules instantiated in plan order with their imports linked. {@code data} is what
     * host functions reach through {@link Caller#data} (e.g. this run's WASI context).
     */
    public ComponentInstance instantiate(Object... data) {
        return ComponentInstance.create(this, data);
    }

    /** Every exported function by its path ("run", "wasi:cli/run@0.2.0#run"), in export order, with its type. */
    public Map<String, FuncType> exportedFunctions() {
        var out = new LinkedHashMap<String, FuncType>();
        collect("", exports, out);
        return out;
    }

    private static void collect(String prefix, Map<String, Plan.Export> exports, Map<String, FuncType> out) {
        exports.forEach((name, e) -> {
            switch (e) {
                case Plan.FuncExport f -> out.put(prefix + name, f.type());
                case Plan.InstanceExport i -> collect(prefix + name + "#", i.exports(), out);
            }
        });
    }

    /** How many core instances, lowered and lifted functions and component instances an instance of this plan has. */
    public String shape() {
        return modules.length + " core modules, " + instantiations.length + " core instances, " + lowered.length
                + " lowered and " + lifted.length + " lifted functions, " + resources.length + " resource types, "
                + states.length + " component instances";
    }
}
