package dev.wharf.component.runtime;

import dev.wharf.component.ComponentAst;
import dev.wharf.component.ComponentAst.AliasDef;
import dev.wharf.component.ComponentAst.Arg;
import dev.wharf.component.ComponentAst.CanonDef;
import dev.wharf.component.ComponentAst.CanonOptions;
import dev.wharf.component.ComponentAst.CoreArg;
import dev.wharf.component.ComponentAst.CoreInlineExport;
import dev.wharf.component.ComponentAst.CoreInlineExports;
import dev.wharf.component.ComponentAst.CoreInstantiate;
import dev.wharf.component.ComponentAst.CoreModuleDef;
import dev.wharf.component.ComponentAst.Definition;
import dev.wharf.component.ComponentAst.ExportDef;
import dev.wharf.component.ComponentAst.ImportDef;
import dev.wharf.component.ComponentAst.InlineExports;
import dev.wharf.component.ComponentAst.Instantiate;
import dev.wharf.component.ComponentAst.NestedComponent;
import dev.wharf.component.ComponentAst.TypeDef;
import dev.wharf.component.CoreType;
import dev.wharf.component.DefType;
import dev.wharf.component.ExternType;
import dev.wharf.component.FuncType;
import dev.wharf.component.InstanceType;
import dev.wharf.component.Named;
import dev.wharf.component.ParsedComponent;
import dev.wharf.component.ResolvedComponent;
import dev.wharf.component.ResourceType;
import dev.wharf.component.Sort;
import dev.wharf.component.ValType;
import dev.wharf.component.WitPrinter;
import dev.wharf.component.runtime.Plan.Binding;
import dev.wharf.component.runtime.Plan.Callee;
import dev.wharf.component.runtime.Plan.CoreExport;
import dev.wharf.component.runtime.Plan.CoreInstantiation;
import dev.wharf.component.runtime.Plan.CoreItem;
import dev.wharf.component.runtime.Plan.HostCallee;
import dev.wharf.component.runtime.Plan.Intrinsic;
import dev.wharf.component.runtime.Plan.IntrinsicKind;
import dev.wharf.component.runtime.Plan.LiftedCallee;
import dev.wharf.component.runtime.Plan.LoweredRef;
import dev.wharf.component.runtime.Plan.Options;
import dev.wharf.component.runtime.Plan.Unsupported;
import dev.wharf.runtime.LoadedModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Compiles a validated component into a flat {@link ComponentPlan}, as wasmtime's inliner does: it walks the
 * definitions in order, nested components at their instantiations, with a scope per component instance that maps
 * every index to what it stands for at run time (a core instance slot, a lowered or lifted function slot, a runtime
 * resource type, a host function). Imports of the file's own component are served by the {@link Linker}. The
 * walk's output is the ordered core instantiations and the tables of lowered and lifted functions, resources and
 * component instances that an instance of the plan fills in.
 */
final class Inliner {
    private final ParsedComponent file;
    private final Linker linker;
    private final IntFunction<LoadedModule> moduleLoader;

    final List<LoadedModule> modules = new ArrayList<>();
    final List<CoreType.Module> moduleShapes = new ArrayList<>();
    final List<String> moduleNames = new ArrayList<>();
    final List<Integer> moduleOffsets = new ArrayList<>();
    private final Map<Integer, Integer> moduleByOffset = new HashMap<>();
    private final Map<Integer, ParsedComponent.CoreModule> coreModulesByOffset = new HashMap<>();
    final List<CoreInstantiation> instantiations = new ArrayList<>();
    final List<Plan.Lowered> lowered = new ArrayList<>();
    final List<Plan.Lifted> lifted = new ArrayList<>();
    final List<Plan.Resource> resources = new ArrayList<>();
    final List<Plan.State> states = new ArrayList<>();
    private final Map<HostResource, Integer> hostResources = new IdentityHashMap<>();
    private final Map<ResourceType, HostResource> hostResourceTypes = new IdentityHashMap<>();
    private final Map<ResourceType, String> resourceNames = new IdentityHashMap<>();

    /**
     * @param moduleLoader compiles the core module at a file offset (the engine, through the compile cache); given
     *     the ordinal of {@link ParsedComponent#coreModules()}
     */
    Inliner(ParsedComponent file, Linker linker, IntFunction<LoadedModule> moduleLoader) {
        this.file = file;
        this.linker = linker;
        this.moduleLoader = moduleLoader;
        for (ParsedComponent.CoreModule m : file.coreModules()) {
            coreModulesByOffset.put(m.offset(), m);
        }
    }

    static ComponentLinkException fail(String message) {
        return new ComponentLinkException(message);
    }

    // ---- what indices stand for ---------------------------------------------------------------------------------

    /** A component-level definition as the inliner tracks it. */
    sealed interface Item {}

    record FuncItem(Callee callee, String name) implements Item {}

    record InstanceItem(Map<String, Item> exports) implements Item {}

    record ComponentItem(ResolvedComponent component, Scope closure) implements Item {}

    /** A type; {@code resource} is the runtime resource number when it is a resource type, else -1. */
    record TypeItem(int resource) implements Item {}

    record ModuleItem(int module) implements Item {}

    /** A core instance: one the plan instantiates into a slot, or a bag of other core definitions. */
    sealed interface CoreInstanceItem {
        CoreItem export(String name);
    }

    record Instantiated(int slot, CoreType.Module shape) implements CoreInstanceItem {
        @Override
        public CoreItem export(String name) {
            CoreType.Extern t = shape.export(name);
            return t == null ? null : new CoreExport(slot, name, t.sort());
        }
    }

    record Bag(Map<String, CoreItem> items) implements CoreInstanceItem {
        @Override
        public CoreItem export(String name) {
            return items.get(name);
        }
    }

    /** One component instance being inlined: its index spaces, its resources, its instantiation arguments. */
    final class Scope {
        final Scope outer;
        final ResolvedComponent component;
        final int state;
        final Map<String, Item> args;
        final Map<ResourceType, Integer> resourceIds = new IdentityHashMap<>();
        final Codecs codecs;
        final List<Integer> modules = new ArrayList<>();
        final List<CoreInstanceItem> coreInstances = new ArrayList<>();
        final List<CoreItem> coreFuncs = new ArrayList<>();
        final List<CoreItem> memories = new ArrayList<>();
        final List<CoreItem> tables = new ArrayList<>();
        final List<CoreItem> globals = new ArrayList<>();
        final List<CoreItem> tags = new ArrayList<>();
        final List<Item> funcs = new ArrayList<>();
        final List<Item> instances = new ArrayList<>();
        final List<Item> components = new ArrayList<>();
        final List<Item> types = new ArrayList<>();

        Scope(Scope outer, ResolvedComponent component, int state, Map<String, Item> args) {
            this.outer = outer;
            this.component = component;
            this.state = state;
            this.args = args;
            this.codecs = new Codecs(this::resourceId, resourceNames);
        }

        int resourceId(ResourceType r) {
            for (Scope s = this; s != null; s = s.outer) {
                Integer id = s.resourceIds.get(r);
                if (id != null) {
                    return id;
                }
            }
            HostResource host = hostResourceTypes.get(r);
            if (host != null) {
                return hostResourceId(host);
            }
            throw new IllegalStateException("the inliner lost track of " + r);
        }

        /** Adds an item to the index space of its sort, keeping the static type's resources mapped. */
        void add(Sort sort, Item item) {
            switch (sort) {
                case FUNC -> funcs.add(item);
                case INSTANCE -> {
                    int index = instances.size();
                    instances.add(item);
                    register(new ExternType.Instance(component.instance(index)), item);
                }
                case COMPONENT -> components.add(item);
                case TYPE -> {
                    int index = types.size();
                    types.add(item);
                    if (item instanceof TypeItem t
                            && t.resource() >= 0
                            && component.type(index) instanceof ResourceType r) {
                        resourceIds.put(r, t.resource());
                    }
                }
                case CORE_MODULE -> modules.add(((ModuleItem) item).module());
                default -> throw fail("a " + sort.text() + " cannot be passed between components here");
            }
        }

        /** Maps the resource types inside a static extern type to those of the item that stands for it. */
        void register(ExternType type, Item item) {
            if (type instanceof ExternType.Type t
                    && t.type() instanceof ResourceType r
                    && item instanceof TypeItem ti
                    && ti.resource() >= 0) {
                resourceIds.putIfAbsent(r, ti.resource());
            } else if (type instanceof ExternType.Instance it && item instanceof InstanceItem ii) {
                for (Named n : it.type().exports()) {
                    Item sub = ii.exports().get(n.name());
                    if (sub != null) {
                        register(n.type(), sub);
                    }
                }
            }
        }

        Item item(Sort sort, int index) {
            return switch (sort) {
                case FUNC -> funcs.get(index);
                case INSTANCE -> instances.get(index);
                case COMPONENT -> components.get(index);
                case TYPE -> types.get(index);
                case CORE_MODULE -> new ModuleItem(modules.get(index));
                default -> throw fail("a " + sort.text() + " cannot be passed between components here");
            };
        }

        CoreItem coreItem(Sort sort, int index) {
            return switch (sort) {
                case CORE_FUNC -> coreFuncs.get(index);
                case CORE_MEMORY -> memories.get(index);
                case CORE_TABLE -> tables.get(index);
                case CORE_GLOBAL -> globals.get(index);
                case CORE_TAG -> tags.get(index);
                default -> throw fail("a core instance cannot export a " + sort.text());
            };
        }

        void addCore(Sort sort, CoreItem item) {
            switch (sort) {
                case CORE_FUNC -> coreFuncs.add(item);
                case CORE_MEMORY -> memories.add(item);
                case CORE_TABLE -> tables.add(item);
                case CORE_GLOBAL -> globals.add(item);
                case CORE_TAG -> tags.add(item);
                default -> throw fail("cannot alias a " + sort.text() + " from a core instance");
            }
        }
    }

    // ---- the walk ---------------------------------------------------------------------------------------------

    /** Inlines the file's component; returns its exports. */
    Map<String, Item> inlineRoot() {
        for (HostInterfaceResources r : linkerResources()) {
            hostResourceTypes.put(r.resource().type(), r.resource());
        }
        states.add(new Plan.State(-1, displayName()));
        return inline(new Scope(null, file.root(), 0, null));
    }

    private String displayName() {
        String s = file.path().getFileName() == null
                ? file.path().toString()
                : file.path().getFileName().toString();
        return file.root().ast().name() != null ? file.root().ast().name() : s;
    }

    private record HostInterfaceResources(HostResource resource) {}

    private List<HostInterfaceResources> linkerResources() {
        var out = new ArrayList<HostInterfaceResources>();
        for (HostInterface i : linker.interfaces()) {
            for (HostResource r : i.resources().values()) {
                out.add(new HostInterfaceResources(r));
            }
        }
        return out;
    }

    private Map<String, Item> inline(Scope s) {
        ResolvedComponent c = s.component;
        ComponentAst.Component ast = c.ast();
        var exports = new LinkedHashMap<String, Item>();
        for (Definition d : ast.definitions()) {
            switch (d) {
                case CoreModuleDef m -> s.modules.add(module(m));
                case CoreInstantiate ci -> s.coreInstances.add(coreInstantiate(s, ci));
                case CoreInlineExports ce -> {
                    var items = new LinkedHashMap<String, CoreItem>();
                    for (CoreInlineExport e : ce.exports()) {
                        items.put(e.name(), s.coreItem(e.sort(), e.index()));
                    }
                    s.coreInstances.add(new Bag(items));
                }
                case ComponentAst.CoreTypeDef t -> {}
                case NestedComponent nc -> s.components.add(new ComponentItem(c.child(nc), s));
                case Instantiate in -> s.add(Sort.INSTANCE, instantiate(s, in));
                case InlineExports ie -> {
                    var items = new LinkedHashMap<String, Item>();
                    for (Arg a : ie.exports()) {
                        items.put(a.name(), s.item(a.sort(), a.index()));
                    }
                    s.add(Sort.INSTANCE, new InstanceItem(items));
                }
                case AliasDef a -> alias(s, a.alias());
                case TypeDef t -> typeDef(s, t);
                case CanonDef cd -> canon(s, cd);
                case ComponentAst.StartDef st ->
                    throw fail("the component has a start function (a 🪙 value definition), which Wharf does not run");
                case ImportDef im -> importDef(s, im);
                case ExportDef ex -> {
                    Item item = s.item(ex.sort(), ex.index());
                    s.add(ex.sort(), item);
                    exports.put(ex.name(), item);
                }
                case ComponentAst.ValueDef v ->
                    throw fail("the component defines values (🪙), which Wharf does not support");
            }
        }
        return exports;
    }

    private int module(CoreModuleDef m) {
        return moduleByOffset.computeIfAbsent(m.bodyOffset(), offset -> {
            ParsedComponent.CoreModule cm = coreModulesByOffset.get(offset);
            int index = modules.size();
            modules.add(moduleLoader.apply(cm.ordinal()));
            moduleShapes.add(cm.owner().module(cm.index()));
            moduleNames.add(cm.name() != null ? cm.name() : "module" + cm.ordinal());
            moduleOffsets.add(cm.offset());
            return index;
        });
    }

    private CoreInstanceItem coreInstantiate(Scope s, CoreInstantiate ci) {
        int module = s.modules.get(ci.module());
        CoreType.Module shape = moduleShapes.get(module);
        var args = new HashMap<String, CoreInstanceItem>();
        for (CoreArg a : ci.args()) {
            args.put(a.name(), s.coreInstances.get(a.instance()));
        }
        var bindings = new ArrayList<Binding>();
        for (CoreType.Import imp : shape.imports()) {
            CoreItem item = args.get(imp.module()).export(imp.name());
            if (item instanceof Unsupported u) {
                throw fail("core module `" + moduleNames.get(module) + "` imports `" + imp.module() + "::" + imp.name()
                        + "`, made by `canon " + u.builtin() + "` of the async ABI (WASI 0.3), which Wharf does not "
                        + "support yet");
            }
            bindings.add(new Binding(imp.module(), imp.name(), imp.type(), item));
        }
        int slot = instantiations.size();
        String name = s.component.ast().nameOf(Sort.CORE_INSTANCE, s.coreInstances.size());
        instantiations.add(
                new CoreInstantiation(slot, module, bindings, name != null ? name : moduleNames.get(module)));
        return new Instantiated(slot, shape);
    }

    private Item instantiate(Scope s, Instantiate in) {
        var component = (ComponentItem) s.components.get(in.component());
        var args = new HashMap<String, Item>();
        for (Arg a : in.args()) {
            args.put(a.name(), s.item(a.sort(), a.index()));
        }
        int state = states.size();
        String name = s.component.ast().nameOf(Sort.INSTANCE, s.instances.size());
        states.add(new Plan.State(s.state, name != null ? name : "instance " + state));
        var child = new Scope(component.closure(), component.component(), state, args);
        return new InstanceItem(inline(child));
    }

    private void alias(Scope s, ComponentAst.Alias a) {
        switch (a.kind()) {
            case EXPORT -> {
                var inst = (InstanceItem) s.instances.get(a.instance());
                Item item = inst.exports().get(a.name());
                s.add(a.sort(), item);
            }
            case CORE_EXPORT ->
                s.addCore(a.sort(), s.coreInstances.get(a.instance()).export(a.name()));
            case OUTER -> {
                Scope target = s;
                for (int i = 0; i < a.outerCount(); i++) {
                    target = target.outer;
                }
                switch (a.sort()) {
                    case TYPE -> s.add(Sort.TYPE, target.types.get(a.outerIndex()));
                    case COMPONENT -> s.components.add(target.components.get(a.outerIndex()));
                    case CORE_MODULE -> s.modules.add(target.modules.get(a.outerIndex()));
                    default -> {} // core types: nothing at run time
                }
            }
        }
    }

    private void typeDef(Scope s, TypeDef t) {
        int index = s.types.size();
        DefType type = s.component.type(index);
        if (type instanceof ResourceType r && r.isDefined()) {
            String name = s.component.ast().nameOf(Sort.TYPE, index);
            if (name != null) {
                resourceNames.put(r, name);
            }
            CoreItem dtor = r.destructor() >= 0 ? s.coreFuncs.get(r.destructor()) : null;
            int id = resources.size();
            resources.add(new Plan.GuestResource(s.state, dtor, name != null ? name : "resource"));
            s.add(Sort.TYPE, new TypeItem(id));
        } else if (type instanceof ResourceType r) {
            s.add(Sort.TYPE, new TypeItem(s.resourceId(r)));
        } else {
            s.add(Sort.TYPE, new TypeItem(-1));
        }
    }

    private void canon(Scope s, CanonDef cd) {
        switch (cd.canon()) {
            case ComponentAst.Lift l -> {
                var type = (FuncType) s.component.type(l.type());
                String name = s.component.ast().nameOf(Sort.FUNC, s.funcs.size());
                if (l.options().async() || type.async()) {
                    throw fail("function `" + (name != null ? name : "#" + s.funcs.size()) + "` is lifted with the "
                            + "async ABI (WASI 0.3), which Wharf does not support yet");
                }
                var abi = abi(s, type, name);
                int index = lifted.size();
                lifted.add(new Plan.Lifted(s.state, s.coreFuncs.get(l.coreFunc()), abi, options(s, l.options()), name));
                s.funcs.add(new FuncItem(new LiftedCallee(index), name));
            }
            case ComponentAst.Lower l -> {
                var callee = (FuncItem) s.funcs.get(l.func());
                FuncType type = s.component.func(l.func());
                if (l.options().async() || type.async()) {
                    throw fail("`" + callee.name() + "` is lowered with the async ABI (WASI 0.3), which Wharf does not "
                            + "support yet");
                }
                var abi = abi(s, type, callee.name());
                int index = lowered.size();
                lowered.add(new Plan.Lowered(s.state, callee.callee(), abi, options(s, l.options()), callee.name()));
                s.coreFuncs.add(new LoweredRef(index));
            }
            case ComponentAst.ResourceNew r -> s.coreFuncs.add(intrinsic(s, IntrinsicKind.RESOURCE_NEW, r.type()));
            case ComponentAst.ResourceDrop r -> s.coreFuncs.add(intrinsic(s, IntrinsicKind.RESOURCE_DROP, r.type()));
            case ComponentAst.ResourceRep r -> s.coreFuncs.add(intrinsic(s, IntrinsicKind.RESOURCE_REP, r.type()));
            case ComponentAst.Builtin b -> s.coreFuncs.add(new Unsupported(b.name()));
        }
    }

    private FuncAbi abi(Scope s, FuncType type, String name) {
        try {
            return new FuncAbi(type, s.codecs);
        } catch (UnsupportedFeature e) {
            throw fail("function `" + name + "`: " + e.getMessage());
        }
    }

    private Intrinsic intrinsic(Scope s, IntrinsicKind kind, int typeIndex) {
        var r = (ResourceType) s.component.type(typeIndex);
        return new Intrinsic(kind, s.resourceId(r), s.state);
    }

    private Options options(Scope s, CanonOptions o) {
        CoreExport memory = null;
        if (o.memory() >= 0) {
            CoreItem m = s.memories.get(o.memory());
            if (!(m instanceof CoreExport e)) {
                throw fail("a canonical `memory` option names a memory that is not a core instance's export");
            }
            memory = e;
        }
        return new Options(
                o.encoding(),
                memory,
                o.realloc() >= 0 ? s.coreFuncs.get(o.realloc()) : null,
                o.postReturn() >= 0 ? s.coreFuncs.get(o.postReturn()) : null);
    }

    // ---- imports ----------------------------------------------------------------------------------------------

    private void importDef(Scope s, ImportDef im) {
        ExternType type = importType(s, im.name());
        Item item;
        if (s.args != null) {
            item = s.args.get(im.name());
        } else {
            item = hostImport(s, im.name(), type);
        }
        s.add(type.sort(), item);
        s.register(type, item);
        if (s.args == null && item instanceof InstanceItem ii && type instanceof ExternType.Instance it) {
            checkHostTypes(s, im.name(), it.type(), ii);
        }
    }

    private static ExternType importType(Scope s, String name) {
        for (Named n : s.component.imports()) {
            if (n.name().equals(name)) {
                return n.type();
            }
        }
        throw new IllegalStateException("import " + name + " vanished");
    }

    private int hostResourceId(HostResource host) {
        return hostResources.computeIfAbsent(host, h -> {
            int id = resources.size();
            resources.add(new Plan.HostResourceRef(h));
            return id;
        });
    }

    /** What serves an import of the file's component: a host interface or function from the linker. */
    private Item hostImport(Scope s, String name, ExternType type) {
        switch (type) {
            case ExternType.Instance it -> {
                String firstFunction = it.type().exports().stream()
                        .filter(n -> n.type() instanceof ExternType.Func)
                        .map(Named::name)
                        .findFirst()
                        .orElse(null);
                HostInterface host = linker.find(name);
                if (host == null) {
                    throw fail(linker.whyMissing(name, firstFunction));
                }
                var exports = new LinkedHashMap<String, Item>();
                for (Named n : it.type().exports()) {
                    exports.put(n.name(), hostItem(s, name, host, n));
                }
                return new InstanceItem(exports);
            }
            case ExternType.Func f -> {
                HostFunc fn = linker.function(name);
                if (fn == null) {
                    throw fail("imports function `" + name + "`, which Wharf does not provide");
                }
                return new FuncItem(new HostCallee(fn, ""), name);
            }
            default ->
                throw fail("imports a " + type.sort().text() + " `" + name + "`, which Wharf cannot provide (only "
                        + "interfaces and functions are served by the host)");
        }
    }

    private Item hostItem(Scope s, String iface, HostInterface host, Named n) {
        switch (n.type()) {
            case ExternType.Func f -> {
                HostFunc fn = host.functions().get(n.name());
                if (fn == null) {
                    throw fail("imports `" + iface + "` function `" + n.name() + "`, which Wharf's " + host.name()
                            + " does not provide");
                }
                return new FuncItem(new HostCallee(fn, iface), iface + "#" + n.name());
            }
            case ExternType.Type t -> {
                if (t.type() instanceof ResourceType r) {
                    if (!r.isDefined()
                            && r.name() != null
                            && r.name().equals(n.name())
                            && !s.resourceIds.containsKey(r)) {
                        HostResource res = host.resources().get(n.name());
                        if (res == null) {
                            throw fail("imports `" + iface + "` resource `" + n.name() + "`, which Wharf's "
                                    + host.name() + " does not provide");
                        }
                        resourceNames.putIfAbsent(r, n.name());
                        return new TypeItem(hostResourceId(res));
                    }
                    return new TypeItem(s.resourceId(r));
                }
                return new TypeItem(-1);
            }
            default ->
                throw fail("imports `" + iface + "` with a nested "
                        + n.type().sort().text() + " `" + n.name() + "`, which host interfaces cannot provide");
        }
    }

    /** Each host function declared with a type must be imported with the same type. */
    private void checkHostTypes(Scope s, String iface, InstanceType type, InstanceItem item) {
        for (Named n : type.exports()) {
            if (n.type() instanceof ExternType.Func f
                    && item.exports().get(n.name()) instanceof FuncItem fi
                    && fi.callee() instanceof HostCallee hc
                    && hc.function().type() != null
                    && !sameFunc(s, f.type(), hc.function().type())) {
                throw fail("imports `" + iface + "` function `" + n.name() + "` as "
                        + WitPrinter.describe(f.type()) + ", but Wharf's host provides "
                        + WitPrinter.describe(hc.function().type()));
            }
        }
    }

    private boolean sameFunc(Scope s, FuncType guest, FuncType host) {
        if (guest.params().size() != host.params().size() || (guest.result() == null) != (host.result() == null)) {
            return false;
        }
        for (int i = 0; i < guest.params().size(); i++) {
            if (!same(s, guest.params().get(i).type(), host.params().get(i).type())) {
                return false;
            }
        }
        return guest.result() == null || same(s, guest.result(), host.result());
    }

    private boolean same(Scope s, ValType g, ValType h) {
        if (g == null || h == null) {
            return g == h;
        }
        return switch (g) {
            case ValType.Prim p -> p == h;
            case ValType.Own o -> h instanceof ValType.Own ho && sameResource(s, o.resource(), ho.resource());
            case ValType.Borrow b -> h instanceof ValType.Borrow hb && sameResource(s, b.resource(), hb.resource());
            case ValType.ListOf l ->
                h instanceof ValType.ListOf hl && l.length() == hl.length() && same(s, l.element(), hl.element());
            case ValType.Option o -> h instanceof ValType.Option ho && same(s, o.type(), ho.type());
            case ValType.Result r ->
                h instanceof ValType.Result hr && same(s, r.ok(), hr.ok()) && same(s, r.err(), hr.err());
            case ValType.Tuple t -> {
                if (!(h instanceof ValType.Tuple ht)
                        || t.types().size() != ht.types().size()) {
                    yield false;
                }
                for (int i = 0; i < t.types().size(); i++) {
                    if (!same(s, t.types().get(i), ht.types().get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case ValType.Record r -> {
                if (!(h instanceof ValType.Record hr)
                        || r.fields().size() != hr.fields().size()) {
                    yield false;
                }
                for (int i = 0; i < r.fields().size(); i++) {
                    var a = r.fields().get(i);
                    var b = hr.fields().get(i);
                    if (!a.name().equals(b.name()) || !same(s, a.type(), b.type())) {
                        yield false;
                    }
                }
                yield true;
            }
            case ValType.Variant v -> {
                if (!(h instanceof ValType.Variant hv)
                        || v.cases().size() != hv.cases().size()) {
                    yield false;
                }
                for (int i = 0; i < v.cases().size(); i++) {
                    var a = v.cases().get(i);
                    var b = hv.cases().get(i);
                    if (!a.name().equals(b.name()) || !same(s, a.type(), b.type())) {
                        yield false;
                    }
                }
                yield true;
            }
            case ValType.Enum e -> h instanceof ValType.Enum he && e.names().equals(he.names());
            case ValType.Flags f -> h instanceof ValType.Flags hf && f.names().equals(hf.names());
            default -> g.equals(h);
        };
    }

    private boolean sameResource(Scope s, ResourceType guest, ResourceType host) {
        HostResource h = hostResourceTypes.get(host);
        return h != null && s.resourceId(guest) == hostResourceId(h);
    }

    // ---- exports ----------------------------------------------------------------------------------------------

    /** The file component's exports as the plan keeps them: functions (with their types) and instances of them. */
    Map<String, Plan.Export> exportTree(Map<String, Item> items, List<Named> types) {
        var out = new LinkedHashMap<String, Plan.Export>();
        for (Named n : types) {
            Item item = items.get(n.name());
            Plan.Export e = export(item, n.type());
            if (e != null) {
                out.put(n.name(), e);
            }
        }
        return out;
    }

    private Plan.Export export(Item item, ExternType type) {
        if (item instanceof FuncItem f && type instanceof ExternType.Func ft) {
            FuncType t = f.callee() instanceof LiftedCallee lc
                    ? lifted.get(lc.index()).abi().type
                    : ft.type();
            return new Plan.FuncExport(f.callee(), t);
        }
        if (item instanceof InstanceItem i && type instanceof ExternType.Instance it) {
            var out = new LinkedHashMap<String, Plan.Export>();
            for (Named n : it.type().exports()) {
                Plan.Export e = export(i.exports().get(n.name()), n.type());
                if (e != null) {
                    out.put(n.name(), e);
                }
            }
            return new Plan.InstanceExport(out);
        }
        return null;
    }
}
