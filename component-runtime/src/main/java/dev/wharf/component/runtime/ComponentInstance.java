package dev.wharf.component.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wharf.component.FuncType;
import dev.wharf.component.runtime.Plan.Binding;
import dev.wharf.component.runtime.Plan.CoreExport;
import dev.wharf.component.runtime.Plan.CoreItem;
import dev.wharf.component.runtime.Plan.HostCallee;
import dev.wharf.component.runtime.Plan.Intrinsic;
import dev.wharf.component.runtime.Plan.LiftedCallee;
import dev.wharf.component.runtime.Plan.LoweredRef;
import dev.wharf.runtime.LoadedModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of a {@link ComponentPlan}: the core instances, the component instances' handle tables, the lowered
 * functions core code calls out through and the lifted functions Java calls in through. Single-threaded, as a
 * component instance is: one call at a time, on the thread that made it.
 */
public final class ComponentInstance implements InstanceRuntime, AutoCloseable {
    private static final long[] NONE = new long[0];

    final ComponentPlan plan;
    private final Object[] data;
    final Instance[] core;
    final ComponentState[] states;
    private final LoweredFunc[] lowered;
    private final LiftedFunc[] lifted;
    private final Caller caller = new InstanceCaller();
    private Map<Object, Object> parents;
    private Map<Object, int[]> children;
    /** The core instance slots whose code is running, outermost first: backtraces name each frame's module. */
    private int[] running = new int[16];

    private int depth;
    private Throwable lastTrap;
    private int[] lastTrapStack;

    private ComponentInstance(ComponentPlan plan, Object[] data) {
        this.plan = plan;
        this.data = data.clone();
        this.core = new Instance[plan.instantiations.length];
        this.states = new ComponentState[plan.states.length];
        for (int i = 0; i < states.length; i++) {
            var s = plan.states[i];
            states[i] = new ComponentState(s.parent() < 0 ? null : states[s.parent()], s.name());
        }
        this.lowered = new LoweredFunc[plan.lowered.length];
        for (int i = 0; i < lowered.length; i++) {
            lowered[i] = new LoweredFunc(plan.lowered[i]);
        }
        this.lifted = new LiftedFunc[plan.lifted.length];
        for (int i = 0; i < lifted.length; i++) {
            lifted[i] = new LiftedFunc(plan.lifted[i]);
        }
    }

    static ComponentInstance create(ComponentPlan plan, Object[] data) {
        var instance = new ComponentInstance(plan, data);
        for (int i = 0; i < plan.instantiations.length; i++) {
            var step = plan.instantiations[i];
            ImportValues imports = instance.imports(step, plan.bindingTypes[i]);
            instance.core[step.slot()] = plan.modules[step.module()].instantiate(imports, plan.limits, plan.log);
        }
        return instance;
    }

    public ComponentPlan plan() {
        return plan;
    }

    /** The name of core instance slot {@code slot}'s module, for backtraces. */
    String moduleName(int slot) {
        return plan.moduleNames[plan.instantiations[slot].module()];
    }

    // ---- exports ----------------------------------------------------------------------------------------------

    /**
     * An exported function by name: its full path ("wasi:cli/run@0.2.12#run", or "run" at the top of the world), an
     * interface name with any compatible version ("wasi:cli/run@0.2#run", "wasi:cli/run#run"), or a bare function
     * name that only one exported interface has.
     */
    public ComponentFunction function(String name) {
        Map<String, FuncType> all = plan.exportedFunctions();
        String path = resolvePath(name, all);
        Plan.Export e = null;
        Map<String, Plan.Export> level = plan.exports;
        for (String part : split(path)) {
            e = level.get(part);
            level = e instanceof Plan.InstanceExport i ? i.exports() : Map.of();
        }
        var f = (Plan.FuncExport) e;
        return new ComponentFunction(this, path, f.callee(), f.type());
    }

    private static List<String> split(String path) {
        var parts = new ArrayList<String>();
        int from = 0;
        for (int i = path.indexOf('#'); i >= 0; i = path.indexOf('#', from)) {
            parts.add(path.substring(from, i));
            from = i + 1;
        }
        parts.add(path.substring(from));
        return parts;
    }

    static String resolvePath(String name, Map<String, FuncType> all) {
        if (all.containsKey(name)) {
            return name;
        }
        int hash = name.lastIndexOf('#');
        var candidates = new ArrayList<String>();
        for (String path : all.keySet()) {
            int h = path.lastIndexOf('#');
            String func = path.substring(h + 1);
            if (hash >= 0) {
                if (h < 0 || !func.equals(name.substring(hash + 1))) {
                    continue;
                }
                var wanted = InterfaceName.parse(name.substring(0, hash));
                var have = InterfaceName.parse(path.substring(0, h));
                if (wanted.id().equals(have.id())
                        && (wanted.version() == null
                                || have.version() == null
                                || InterfaceName.track(wanted.version()).equals(InterfaceName.track(have.version()))
                                || have.version().startsWith(wanted.version() + "."))) {
                    candidates.add(path);
                }
            } else if (func.equals(name)) {
                candidates.add(path);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            var some = all.keySet().stream().limit(12).toList();
            throw new IllegalArgumentException("the component exports no function `" + name + "` (it exports: "
                    + String.join(", ", some) + (all.size() > some.size() ? ", ..." : "") + ")");
        }
        throw new IllegalArgumentException(
                "`" + name + "` is ambiguous: " + String.join(", ", candidates) + " (name one in full)");
    }

    // ---- linking core instances -------------------------------------------------------------------------------

    private ImportValues imports(Plan.CoreInstantiation step, FunctionType[] types) {
        var b = ImportValues.builder();
        List<Binding> bindings = step.bindings();
        for (int k = 0; k < bindings.size(); k++) {
            Binding bd = bindings.get(k);
            switch (bd.type().sort()) {
                case CORE_FUNC -> b.addFunction(function(bd, types[k]));
                case CORE_MEMORY -> b.addMemory(new ImportMemory(bd.module(), bd.name(), memory(export(bd))));
                case CORE_TABLE -> {
                    var e = export(bd);
                    b.addTable(new ImportTable(
                            bd.module(), bd.name(), instance(e).exports().table(e.name())));
                }
                case CORE_GLOBAL -> {
                    var e = export(bd);
                    b.addGlobal(new ImportGlobal(
                            bd.module(), bd.name(), instance(e).exports().global(e.name())));
                }
                default ->
                    throw new ComponentLinkException("core module import `" + bd.module() + "::" + bd.name() + "` is a "
                            + bd.type().sort().text() + ", which components cannot link here");
            }
        }
        return b.build();
    }

    private static CoreExport export(Binding bd) {
        if (bd.item() instanceof CoreExport e) {
            return e;
        }
        throw new ComponentLinkException(
                "core module import `" + bd.module() + "::" + bd.name() + "` must be another core instance's export");
    }

    private Instance instance(CoreExport e) {
        Instance i = core[e.instance()];
        if (i == null) {
            throw new ComponentTrap("core instance " + e.instance() + " is used before it is instantiated");
        }
        return i;
    }

    private ImportFunction function(Binding bd, FunctionType type) {
        return switch (bd.item()) {
            case CoreExport e ->
                new ImportFunction(
                        bd.module(),
                        bd.name(),
                        instance(e).exportType(e.name()),
                        new CrossModuleCall(e.instance(), instance(e).export(e.name())),
                        instance(e));
            case LoweredRef l -> new HostFunction(bd.module(), bd.name(), type, lowered[l.index()]);
            case Intrinsic in -> new HostFunction(bd.module(), bd.name(), type, intrinsic(in));
            default -> throw new ComponentLinkException("cannot link `" + bd.module() + "::" + bd.name() + "`");
        };
    }

    private Memory memory(CoreExport e) {
        return instance(e).exports().memory(e.name());
    }

    CoreFunc coreFunc(CoreItem item) {
        return switch (item) {
            case CoreExport e -> {
                ExportFunction f = instance(e).export(e.name());
                yield args -> {
                    long[] r = f.apply(args);
                    return r == null ? NONE : r;
                };
            }
            case LoweredRef l -> args -> lowered[l.index()].apply(null, args);
            case Intrinsic in -> {
                WasmFunctionHandle h = intrinsic(in);
                yield args -> h.apply(null, args);
            }
            case Plan.Unsupported u ->
                throw new ComponentLinkException("`canon " + u.builtin() + "` (WASI 0.3) is not supported yet");
        };
    }

    // ---- which core code is running, for backtraces ------------------------------------------------------

    void enterCore(int slot) {
        if (depth == running.length) {
            running = Arrays.copyOf(running, depth * 2);
        }
        running[depth++] = slot;
    }

    void leaveCore() {
        depth--;
    }

    /** At the innermost boundary a trap crosses, remembers which core instances were running. */
    void capture(Throwable t) {
        for (Throwable c = lastTrap; c != null; c = c.getCause()) {
            if (c == t) {
                return;
            }
        }
        if (t != lastTrap) {
            lastTrap = t;
            lastTrapStack = Arrays.copyOf(running, depth);
        }
    }

    /** The core instance slots running when {@code t} was thrown, outermost first; empty when unknown. */
    int[] runningWhen(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c == lastTrap) {
                return lastTrapStack;
            }
        }
        return new int[0];
    }

    /** A call from one core instance to another's export: a boundary backtraces can see. */
    final class CrossModuleCall implements WasmFunctionHandle {
        private final int slot;
        private final ExportFunction target;

        CrossModuleCall(int slot, ExportFunction target) {
            this.slot = slot;
            this.target = target;
        }

        @Override
        public long[] apply(Instance caller, long... args) {
            enterCore(slot);
            try {
                return target.apply(args);
            } catch (RuntimeException | StackOverflowError e) {
                capture(e);
                throw e;
            } finally {
                leaveCore();
            }
        }
    }

    // ---- resources --------------------------------------------------------------------------------------------

    private WasmFunctionHandle intrinsic(Intrinsic in) {
        ComponentState state = states[in.state()];
        int resource = in.resource();
        return switch (in.kind()) {
            case RESOURCE_NEW ->
                (inst, args) -> {
                    state.checkMayLeave();
                    return new long[] {state.handles.add(new Handle(resource, (int) args[0], true, null))};
                };
            case RESOURCE_REP ->
                (inst, args) -> {
                    int index = (int) args[0];
                    Handle h = state.handles.get(index);
                    checkType(h, index, resource);
                    return new long[] {((Integer) h.rep) & 0xffffffffL};
                };
            case RESOURCE_DROP ->
                (inst, args) -> {
                    state.checkMayLeave();
                    int index = (int) args[0];
                    Handle h = state.handles.remove(index);
                    checkType(h, index, resource);
                    if (h.lends != 0) {
                        throw new ComponentTrap(
                                "cannot drop a resource handle while it is lent to a call (handle index " + index
                                        + ")");
                    }
                    if (h.own) {
                        destroy(resource, h.rep, state);
                    } else if (h.scope != null) {
                        h.scope.borrows--;
                    }
                    return NONE;
                };
        };
    }

    private void checkType(Handle h, int index, int resource) {
        if (h.resource != resource) {
            throw new ComponentTrap("handle index " + index + " used with the wrong type: it is a "
                    + resourceName(h.resource) + ", expected " + resourceName(resource));
        }
    }

    String resourceName(int resource) {
        return plan.resources[resource].name();
    }

    /** The last owned handle of a resource is gone: its destructor runs in the instance that defines it. */
    private void destroy(int resource, Object rep, ComponentState dropper) {
        switch (plan.resources[resource]) {
            case Plan.GuestResource g -> {
                ComponentState impl = states[g.state()];
                impl.enter(dropper);
                try {
                    if (g.destructor() != null) {
                        coreFunc(g.destructor()).call(((Integer) rep) & 0xffffffffL);
                    }
                } finally {
                    impl.leave(dropper);
                }
            }
            case Plan.HostResourceRef h -> {
                int[] count = children == null ? null : children.get(rep);
                if (count != null && count[0] > 0) {
                    throw new ComponentTrap("resource `" + h.name() + "` dropped while " + count[0] + " of its child "
                            + "resources are still alive (drop the children first)");
                }
                try {
                    h.host().destructor().destroy(caller, rep);
                } catch (ComponentTrap | ComponentExit e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new HostFunctionException("[resource-drop]" + h.name(), e);
                }
                if (parents != null) {
                    Object parent = parents.remove(rep);
                    if (parent != null) {
                        children.get(parent)[0]--;
                    }
                    if (children.remove(rep) != null && children.isEmpty() && parents.isEmpty()) {
                        children = null;
                        parents = null;
                    }
                }
            }
        }
    }

    void dropGuestResource(int resource, int rep) {
        destroy(resource, rep, null);
    }

    @Override
    public ComponentState implementer(int resource) {
        return plan.resources[resource] instanceof Plan.GuestResource g ? states[g.state()] : null;
    }

    @Override
    public ResourceHandle guestHandle(int resource, int rep, boolean own) {
        return new ResourceHandle(this, resource, rep, own);
    }

    /** The data of this type the instance was made with. */
    <T> T data(Class<T> type) {
        for (Object d : data) {
            if (type.isInstance(d)) {
                return type.cast(d);
            }
        }
        throw new IllegalStateException(
                "no host data of type " + type.getName() + " was given to ComponentPlan.instantiate");
    }

    Caller caller() {
        return caller;
    }

    private final class InstanceCaller implements Caller {
        @Override
        public <T> T data(Class<T> type) {
            return ComponentInstance.this.data(type);
        }

        @Override
        public void adopt(Object child, Object parent) {
            if (parents == null) {
                parents = new IdentityHashMap<>();
                children = new IdentityHashMap<>();
            }
            if (parents.put(child, parent) == null) {
                children.computeIfAbsent(parent, p -> new int[1])[0]++;
            }
        }

        @Override
        public ComponentInstance instance() {
            return ComponentInstance.this;
        }
    }

    Object callHost(HostCallee h, Object[] args) {
        try {
            return h.function().body().call(caller, args);
        } catch (ComponentTrap | ComponentExit | HostFunctionException e) {
            throw e;
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("com.dylibso.chicory.")) {
                throw e; // a trap in guest code the host function called back into
            }
            String iface = h.iface().isEmpty() ? "" : h.iface() + "#";
            throw new HostFunctionException(iface + h.function().name(), e);
        }
    }

    LiftedFunc lifted(int index) {
        return lifted[index];
    }

    /** Releases the memory of every core instance that owns one, for reuse; the instance must not run again. */
    @Override
    public void close() {
        for (int i = 0; i < core.length; i++) {
            LoadedModule m = plan.modules[plan.instantiations[i].module()];
            var memories = m.wasm().memorySection();
            if (core[i] != null && memories.isPresent() && memories.get().memoryCount() > 0) {
                LoadedModule.release(core[i]);
            }
        }
    }

    // ---- the two directions of a call -------------------------------------------------------------------------

    /** Core code calling out of its component instance: a lowered import. */
    final class LoweredFunc implements WasmFunctionHandle {
        private final Plan.Lowered plan;
        private final ComponentState state;
        private Memory memory;
        private CoreFunc realloc;
        private boolean resolved;

        LoweredFunc(Plan.Lowered plan) {
            this.plan = plan;
            this.state = states[plan.state()];
        }

        private void resolve() {
            var o = plan.options();
            memory = o.memory() == null ? null : memory(o.memory());
            realloc = o.realloc() == null ? null : coreFunc(o.realloc());
            resolved = true;
        }

        @Override
        public long[] apply(Instance instance, long... args) {
            state.checkMayLeave();
            if (!resolved) {
                resolve();
            }
            var scope = new CallScope();
            var cx = new AbiContext(
                    ComponentInstance.this,
                    state,
                    memory,
                    realloc,
                    plan.options().encoding(),
                    scope);
            Object[] params = plan.abi().liftParams(cx, args);
            Object result = switch (plan.callee()) {
                case HostCallee h -> callHost(h, params);
                case LiftedCallee l -> lifted[l.index()].call(params, state);
            };
            scope.releaseLends();
            return plan.abi().lowerResult(cx, result, args);
        }
    }

    /** Java or another component calling into a component instance: a lifted function. */
    final class LiftedFunc {
        private final Plan.Lifted plan;
        private final ComponentState state;
        private CoreFunc core;
        private Memory memory;
        private CoreFunc realloc;
        private CoreFunc postReturn;

        LiftedFunc(Plan.Lifted plan) {
            this.plan = plan;
            this.state = states[plan.state()];
        }

        FuncType type() {
            return plan.abi().type;
        }

        Object call(Object[] args, ComponentState from) {
            if (core == null) {
                var o = plan.options();
                core = coreFunc(plan.core());
                memory = o.memory() == null ? null : memory(o.memory());
                realloc = o.realloc() == null ? null : coreFunc(o.realloc());
                postReturn = o.postReturn() == null ? null : coreFunc(o.postReturn());
            }
            state.enter(from);
            try {
                var scope = new CallScope();
                var cx = new AbiContext(
                        ComponentInstance.this,
                        state,
                        memory,
                        realloc,
                        plan.options().encoding(),
                        scope);
                long[] flat = plan.abi().lowerParams(cx, args);
                long[] results;
                enterCore(plan.core() instanceof CoreExport e ? e.instance() : -1);
                try {
                    results = core.call(flat);
                } catch (RuntimeException | StackOverflowError e) {
                    capture(e);
                    throw e;
                } finally {
                    leaveCore();
                }
                Object result = plan.abi().liftResult(cx, results);
                if (scope.borrows > 0) {
                    throw new ComponentTrap("borrow handles still remain at the end of the call (" + scope.borrows
                            + " lent to `" + plan.name() + "` were not dropped before it returned)");
                }
                if (postReturn != null) {
                    state.mayLeave = false;
                    try {
                        postReturn.call(results);
                    } finally {
                        state.mayLeave = true;
                    }
                }
                return result;
            } finally {
                state.leave(from);
            }
        }
    }
}
