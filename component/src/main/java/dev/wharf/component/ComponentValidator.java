package dev.wharf.component;

import dev.wharf.component.ComponentAst.Alias;
import dev.wharf.component.ComponentAst.AliasDecl;
import dev.wharf.component.ComponentAst.AliasDef;
import dev.wharf.component.ComponentAst.Arg;
import dev.wharf.component.ComponentAst.Builtin;
import dev.wharf.component.ComponentAst.CanonDef;
import dev.wharf.component.ComponentAst.CanonOptions;
import dev.wharf.component.ComponentAst.CoreArg;
import dev.wharf.component.ComponentAst.CoreDecl;
import dev.wharf.component.ComponentAst.CoreExportDecl;
import dev.wharf.component.ComponentAst.CoreImportDecl;
import dev.wharf.component.ComponentAst.CoreInlineExport;
import dev.wharf.component.ComponentAst.CoreInlineExports;
import dev.wharf.component.ComponentAst.CoreInstantiate;
import dev.wharf.component.ComponentAst.CoreModuleDef;
import dev.wharf.component.ComponentAst.CoreOuterAlias;
import dev.wharf.component.ComponentAst.CoreTypeDecl;
import dev.wharf.component.ComponentAst.CoreTypeDef;
import dev.wharf.component.ComponentAst.CoreTypeInModule;
import dev.wharf.component.ComponentAst.Decl;
import dev.wharf.component.ComponentAst.Definition;
import dev.wharf.component.ComponentAst.ExportDecl;
import dev.wharf.component.ComponentAst.ExportDef;
import dev.wharf.component.ComponentAst.ImportDecl;
import dev.wharf.component.ComponentAst.ImportDef;
import dev.wharf.component.ComponentAst.InlineExports;
import dev.wharf.component.ComponentAst.Instantiate;
import dev.wharf.component.ComponentAst.Lift;
import dev.wharf.component.ComponentAst.Lower;
import dev.wharf.component.ComponentAst.NestedComponent;
import dev.wharf.component.ComponentAst.RawCoreExtern;
import dev.wharf.component.ComponentAst.RawCoreFunc;
import dev.wharf.component.ComponentAst.RawCoreModule;
import dev.wharf.component.ComponentAst.RawCoreType;
import dev.wharf.component.ComponentAst.RawExtern;
import dev.wharf.component.ComponentAst.RawType;
import dev.wharf.component.ComponentAst.RawVal;
import dev.wharf.component.ComponentAst.ResourceDrop;
import dev.wharf.component.ComponentAst.ResourceNew;
import dev.wharf.component.ComponentAst.ResourceRep;
import dev.wharf.component.ComponentAst.StartDef;
import dev.wharf.component.ComponentAst.TypeDecl;
import dev.wharf.component.ComponentAst.TypeDef;
import dev.wharf.component.ComponentAst.ValueDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a decoded component and resolves it: every index checked against its index space as the definitions
 * build it, every type reference replaced by the type, core instantiations and aliases checked against what the core
 * modules import and export, canonical definitions checked against the core signatures the canonical ABI gives
 * their function types. Errors name the definition's byte offset. The result is a {@link ResolvedComponent}.
 *
 * <p>What is not checked (yet): full subtyping of instantiation arguments (sorts and names are checked, types are
 * not compared structurally), the spec's restriction on outer aliases of resource-containing types, kebab-case name
 * syntax, and the value-consumption rules of the 🪙 value definitions.
 */
public final class ComponentValidator {
    private final byte[] bytes;

    private ComponentValidator(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ResolvedComponent validate(ComponentAst.Component ast, byte[] bytes) {
        return new ComponentValidator(bytes).component(null, ast);
    }

    private static ComponentFormatException error(int offset, String reason) {
        return new ComponentFormatException(offset, reason);
    }

    // ---- components -------------------------------------------------------------------------------------------

    private ResolvedComponent component(ResolvedComponent parent, ComponentAst.Component ast) {
        var c = new ResolvedComponent(parent, ast);
        var importNames = new HashSet<String>();
        var exportNames = new HashSet<String>();
        for (Definition d : ast.definitions()) {
            switch (d) {
                case CoreModuleDef m ->
                    c.modules.add(CoreModuleShape.read(bytes, m.bodyOffset(), m.bodyOffset() + m.length()));
                case CoreInstantiate ci -> c.coreInstances.add(coreInstantiate(c, ci));
                case CoreInlineExports ce -> c.coreInstances.add(coreInlineExports(c, ce));
                case CoreTypeDef ct -> c.coreTypes.add(coreType(c, ct.type(), ct.offset()));
                case NestedComponent nc -> {
                    var child = component(c, nc.component());
                    c.children.put(nc, child);
                    c.components.add(child.type());
                }
                case Instantiate in -> c.instances.add(instantiate(c, in));
                case InlineExports ie -> c.instances.add(inlineExports(c, ie));
                case AliasDef a -> alias(c, a.alias(), a.offset(), false);
                case TypeDef t -> c.types.add(defType(c, t.type(), t.offset(), true));
                case CanonDef cd -> canon(c, cd);
                case StartDef s -> start(c, s);
                case ImportDef im -> {
                    if (!importNames.add(im.name())) {
                        throw error(im.offset(), "duplicate import name `" + im.name() + "`");
                    }
                    ExternType t = externType(c, im.type(), im.name(), im.offset());
                    add(c, t);
                    c.imports.add(new Named(im.name(), t));
                }
                case ExportDef ex -> {
                    if (!exportNames.add(ex.name())) {
                        throw error(ex.offset(), "duplicate export name `" + ex.name() + "`");
                    }
                    ExternType actual = item(c, ex.sort(), ex.index(), ex.offset());
                    if (actual instanceof ExternType.CoreModule == false
                            && ex.sort().isCore()) {
                        throw error(
                                ex.offset(),
                                "a component cannot export a " + ex.sort().text());
                    }
                    ExternType seen = actual;
                    if (ex.ascribed() != null) {
                        ExternType ascribed = externType(c, ex.ascribed(), ex.name(), ex.offset());
                        if (ascribed.sort() != actual.sort()) {
                            throw error(
                                    ex.offset(),
                                    "export `" + ex.name() + "` is a "
                                            + actual.sort().text() + " but its type says "
                                            + ascribed.sort().text());
                        }
                        seen = ascribed;
                    }
                    // a later definition refers to the export as what it is; the outside sees the ascribed type
                    add(c, actual instanceof ExternType.Type ? actual : seen);
                    c.exports.add(new Named(ex.name(), seen));
                }
                case ValueDef v -> c.values.add(val(c, v.type(), v.offset()));
            }
        }
        return c;
    }

    /** Adds an imported, exported or aliased item to the index space of its sort. */
    private static void add(ResolvedComponent c, ExternType t) {
        switch (t) {
            case ExternType.Func f -> c.funcs.add(f.type());
            case ExternType.Instance i -> c.instances.add(i.type());
            case ExternType.Component co -> c.components.add(co.type());
            case ExternType.CoreModule m -> c.modules.add(m.type());
            case ExternType.Type ty -> c.types.add(ty.type());
            case ExternType.Value v -> c.values.add(v.type());
        }
    }

    /** The type of the item at (sort, index), as an export or instantiation argument would carry it. */
    private ExternType item(ResolvedComponent c, Sort sort, int index, int offset) {
        return switch (sort) {
            case FUNC -> new ExternType.Func(get(c.funcs, index, offset, "function"));
            case INSTANCE -> new ExternType.Instance(get(c.instances, index, offset, "instance"));
            case COMPONENT -> new ExternType.Component(get(c.components, index, offset, "component"));
            case CORE_MODULE -> new ExternType.CoreModule(get(c.modules, index, offset, "core module"));
            case TYPE -> new ExternType.Type(get(c.types, index, offset, "type"));
            case VALUE -> new ExternType.Value(get(c.values, index, offset, "value"));
            default -> throw error(offset, "a " + sort.text() + " cannot be exported or passed to a component");
        };
    }

    private static <T> T get(List<T> space, int index, int offset, String what) {
        if (index < 0 || index >= space.size()) {
            throw error(
                    offset,
                    "unknown " + what + " " + Integer.toUnsignedString(index) + " (there "
                            + (space.size() == 1 ? "is 1" : "are " + space.size()) + ")");
        }
        return space.get(index);
    }

    // ---- core instances ---------------------------------------------------------------------------------------

    private Map<String, CoreType.Extern> coreInstantiate(ResolvedComponent c, CoreInstantiate ci) {
        CoreType.Module module = get(c.modules, ci.module(), ci.offset(), "core module");
        var args = new HashMap<String, Map<String, CoreType.Extern>>();
        for (CoreArg a : ci.args()) {
            if (args.put(a.name(), get(c.coreInstances, a.instance(), ci.offset(), "core instance")) != null) {
                throw error(ci.offset(), "core instantiation names argument `" + a.name() + "` twice");
            }
        }
        for (CoreType.Import imp : module.imports()) {
            var from = args.get(imp.module());
            String what = "core module " + ci.module() + " imports `" + imp.module() + "::" + imp.name() + "`";
            if (from == null) {
                throw error(
                        ci.offset(), what + " but the instantiation passes no instance named `" + imp.module() + "`");
            }
            CoreType.Extern given = from.get(imp.name());
            if (given == null) {
                throw error(
                        ci.offset(), what + " but instance `" + imp.module() + "` has no export `" + imp.name() + "`");
            }
            if (given.sort() != imp.type().sort()) {
                throw error(
                        ci.offset(),
                        what + " as a " + imp.type().sort().text() + " but is given a "
                                + given.sort().text());
            }
            if (imp.type() instanceof CoreType.Func want && given instanceof CoreType.Func have && !want.equals(have)) {
                throw error(ci.offset(), what + " with type " + want + " but is given a function of type " + have);
            }
        }
        var exports = new LinkedHashMap<String, CoreType.Extern>();
        for (CoreType.Export e : module.exports()) {
            exports.put(e.name(), e.type());
        }
        return exports;
    }

    private Map<String, CoreType.Extern> coreInlineExports(ResolvedComponent c, CoreInlineExports ce) {
        var exports = new LinkedHashMap<String, CoreType.Extern>();
        for (CoreInlineExport e : ce.exports()) {
            CoreType.Extern t = switch (e.sort()) {
                case CORE_FUNC -> {
                    CoreType.Func f = get(c.coreFuncs, e.index(), ce.offset(), "core function");
                    yield f == null ? new CoreType.Func(List.of(), List.of()) : f;
                }
                case CORE_TABLE -> get(c.tables, e.index(), ce.offset(), "core table");
                case CORE_MEMORY -> get(c.memories, e.index(), ce.offset(), "core memory");
                case CORE_GLOBAL -> get(c.globals, e.index(), ce.offset(), "core global");
                case CORE_TAG -> get(c.tags, e.index(), ce.offset(), "core tag");
                default ->
                    throw error(
                            ce.offset(),
                            "a core instance cannot export a " + e.sort().text());
            };
            if (exports.put(e.name(), t) != null) {
                throw error(ce.offset(), "core instance exports `" + e.name() + "` twice");
            }
        }
        return exports;
    }

    // ---- component instances ----------------------------------------------------------------------------------

    private InstanceType instantiate(ResolvedComponent c, Instantiate in) {
        ComponentType type = get(c.components, in.component(), in.offset(), "component");
        var args = new HashMap<String, ExternType>();
        for (Arg a : in.args()) {
            if (args.put(a.name(), item(c, a.sort(), a.index(), in.offset())) != null) {
                throw error(in.offset(), "instantiation names argument `" + a.name() + "` twice");
            }
        }
        var resources = new HashMap<ResourceType, DefType>();
        for (Named imp : type.imports()) {
            ExternType given = args.get(imp.name());
            if (given == null) {
                throw error(
                        in.offset(),
                        "component " + in.component() + " imports `" + imp.name()
                                + "` but the instantiation does not pass it");
            }
            if (given.sort() != imp.type().sort()) {
                throw error(
                        in.offset(),
                        "component " + in.component() + " imports `" + imp.name() + "` as a "
                                + imp.type().sort().text() + " but is given a "
                                + given.sort().text());
            }
            bindResources(imp.type(), given, resources);
        }
        var substitution = new Substitution(resources);
        var exports = new ArrayList<Named>();
        for (Named e : type.exports()) {
            exports.add(new Named(e.name(), substitution.isEmpty() ? e.type() : substitution.apply(e.type())));
        }
        return new InstanceType(exports);
    }

    /** Records which resource types an import's abstract ones become when instantiated with {@code given}. */
    static void bindResources(ExternType wanted, ExternType given, Map<ResourceType, DefType> into) {
        if (wanted instanceof ExternType.Type w
                && w.type() instanceof ResourceType r
                && !r.isDefined()
                && given instanceof ExternType.Type g) {
            into.put(r, g.type());
        } else if (wanted instanceof ExternType.Instance w && given instanceof ExternType.Instance g) {
            for (Named n : w.type().exports()) {
                ExternType has = g.type().export(n.name());
                if (has != null) {
                    bindResources(n.type(), has, into);
                }
            }
        }
    }

    private InstanceType inlineExports(ResolvedComponent c, InlineExports ie) {
        var exports = new ArrayList<Named>();
        var names = new HashSet<String>();
        for (Arg a : ie.exports()) {
            if (!names.add(a.name())) {
                throw error(ie.offset(), "instance exports `" + a.name() + "` twice");
            }
            exports.add(new Named(a.name(), item(c, a.sort(), a.index(), ie.offset())));
        }
        return new InstanceType(exports);
    }

    // ---- aliases ----------------------------------------------------------------------------------------------

    private void alias(ResolvedComponent c, Alias a, int offset, boolean inType) {
        switch (a.kind()) {
            case EXPORT -> {
                InstanceType instance = get(c.instances, a.instance(), offset, "instance");
                ExternType t = instance.export(a.name());
                if (t == null) {
                    throw error(offset, "instance " + a.instance() + " has no export `" + a.name() + "`");
                }
                if (t.sort() != a.sort()) {
                    throw error(
                            offset,
                            "export `" + a.name() + "` of instance " + a.instance() + " is a "
                                    + t.sort().text() + ", not a " + a.sort().text());
                }
                if (inType && a.sort() != Sort.TYPE && a.sort() != Sort.INSTANCE) {
                    throw error(offset, "a type declarator may only alias types and instances");
                }
                add(c, t);
            }
            case CORE_EXPORT -> {
                if (inType) {
                    throw error(offset, "a type declarator cannot alias a core export");
                }
                var instance = get(c.coreInstances, a.instance(), offset, "core instance");
                CoreType.Extern t = instance.get(a.name());
                if (t == null) {
                    throw error(offset, "core instance " + a.instance() + " has no export `" + a.name() + "`");
                }
                if (t.sort() != a.sort()) {
                    throw error(
                            offset,
                            "export `" + a.name() + "` of core instance " + a.instance() + " is a "
                                    + t.sort().text() + ", not a " + a.sort().text());
                }
                switch (t) {
                    case CoreType.Func f -> c.coreFuncs.add(f);
                    case CoreType.Table tb -> c.tables.add(tb);
                    case CoreType.Memory m -> c.memories.add(m);
                    case CoreType.Global g -> c.globals.add(g);
                    case CoreType.Tag tg -> c.tags.add(tg);
                }
            }
            case OUTER -> {
                ResolvedComponent target = c;
                for (int i = 0; i < a.outerCount(); i++) {
                    target = target.parent;
                    if (target == null) {
                        throw error(
                                offset,
                                "outer alias reaches " + a.outerCount() + " scopes out, past the outermost component");
                    }
                }
                switch (a.sort()) {
                    case TYPE -> c.types.add(get(target.types, a.outerIndex(), offset, "outer type"));
                    case CORE_TYPE -> c.coreTypes.add(get(target.coreTypes, a.outerIndex(), offset, "outer core type"));
                    case CORE_MODULE -> c.modules.add(get(target.modules, a.outerIndex(), offset, "outer core module"));
                    case COMPONENT ->
                        c.components.add(get(target.components, a.outerIndex(), offset, "outer component"));
                    default ->
                        throw error(
                                offset,
                                "an outer alias cannot refer to a " + a.sort().text());
                }
            }
        }
    }

    // ---- types ------------------------------------------------------------------------------------------------

    private ValType val(ResolvedComponent c, RawVal v, int offset) {
        if (v.prim() != null) {
            return v.prim();
        }
        DefType t = get(c.types, v.index(), offset, "type");
        if (t instanceof ValType vt) {
            return vt;
        }
        throw error(offset, "type " + v.index() + " is a " + kind(t) + ", not a value type");
    }

    private ValType optVal(ResolvedComponent c, RawVal v, int offset) {
        return v == null ? null : val(c, v, offset);
    }

    private static String kind(DefType t) {
        return switch (t) {
            case ValType v -> "value type";
            case FuncType f -> "function type";
            case ComponentType co -> "component type";
            case InstanceType i -> "instance type";
            case ResourceType r -> "resource type";
        };
    }

    private ResourceType resource(ResolvedComponent c, int index, int offset) {
        DefType t = get(c.types, index, offset, "type");
        if (t instanceof ResourceType r) {
            return r;
        }
        throw error(offset, "type " + index + " is a " + kind(t) + ", not a resource type");
    }

    private DefType defType(ResolvedComponent c, RawType raw, int offset, boolean inComponent) {
        return switch (raw) {
            case ComponentAst.RawPrim p -> p.prim();
            case ComponentAst.RawRecord r -> {
                if (r.fields().isEmpty()) {
                    throw error(offset, "a record needs at least one field");
                }
                var fields = new ArrayList<ValType.Field>();
                var names = new HashSet<String>();
                for (var f : r.fields()) {
                    unique(names, f.name(), offset, "record field");
                    fields.add(new ValType.Field(f.name(), val(c, f.type(), offset)));
                }
                yield new ValType.Record(fields);
            }
            case ComponentAst.RawVariant v -> {
                if (v.cases().isEmpty()) {
                    throw error(offset, "a variant needs at least one case");
                }
                var cases = new ArrayList<ValType.Case>();
                var names = new HashSet<String>();
                for (var cs : v.cases()) {
                    unique(names, cs.name(), offset, "variant case");
                    cases.add(new ValType.Case(cs.name(), optVal(c, cs.type(), offset)));
                }
                yield new ValType.Variant(cases);
            }
            case ComponentAst.RawList l -> {
                if (l.length() == 0) {
                    throw error(offset, "a fixed-length list needs a length above 0");
                }
                yield new ValType.ListOf(val(c, l.element(), offset), l.length());
            }
            case ComponentAst.RawTuple t -> {
                if (t.types().isEmpty()) {
                    throw error(offset, "a tuple needs at least one field");
                }
                yield new ValType.Tuple(
                        t.types().stream().map(v -> val(c, v, offset)).toList());
            }
            case ComponentAst.RawFlags f -> {
                if (f.names().isEmpty() || f.names().size() > 32) {
                    throw error(
                            offset,
                            "flags need between 1 and 32 labels, found "
                                    + f.names().size());
                }
                var names = new HashSet<String>();
                f.names().forEach(n -> unique(names, n, offset, "flag"));
                yield new ValType.Flags(f.names());
            }
            case ComponentAst.RawEnum e -> {
                if (e.names().isEmpty()) {
                    throw error(offset, "an enum needs at least one case");
                }
                var names = new HashSet<String>();
                e.names().forEach(n -> unique(names, n, offset, "enum case"));
                yield new ValType.Enum(e.names());
            }
            case ComponentAst.RawOption o -> new ValType.Option(val(c, o.type(), offset));
            case ComponentAst.RawResult r -> new ValType.Result(optVal(c, r.ok(), offset), optVal(c, r.err(), offset));
            case ComponentAst.RawOwn o -> new ValType.Own(resource(c, o.index(), offset));
            case ComponentAst.RawBorrow b -> new ValType.Borrow(resource(c, b.index(), offset));
            case ComponentAst.RawStream s -> {
                ValType e = optVal(c, s.element(), offset);
                if (e != null && CanonicalLayout.containsBorrow(e)) {
                    throw error(offset, "a stream's elements cannot contain a borrow");
                }
                yield new ValType.Stream(e);
            }
            case ComponentAst.RawFuture f -> {
                ValType e = optVal(c, f.element(), offset);
                if (e != null && CanonicalLayout.containsBorrow(e)) {
                    throw error(offset, "a future's value cannot contain a borrow");
                }
                yield new ValType.Future(e);
            }
            case ComponentAst.RawMap m -> new ValType.MapOf(val(c, m.key(), offset), val(c, m.value(), offset));
            case ComponentAst.RawFunc f -> {
                var params = new ArrayList<FuncType.Param>();
                var names = new HashSet<String>();
                for (var p : f.params()) {
                    unique(names, p.name(), offset, "parameter");
                    params.add(new FuncType.Param(p.name(), val(c, p.type(), offset)));
                }
                ValType result = optVal(c, f.result(), offset);
                if (result != null && CanonicalLayout.containsBorrow(result)) {
                    throw error(offset, "a function result cannot contain a borrow");
                }
                yield new FuncType(params, result, f.async());
            }
            case ComponentAst.RawResource r -> {
                if (!inComponent) {
                    throw error(offset, "resources can only be defined in a component, not in a type");
                }
                if (r.destructor() >= 0) {
                    CoreType.Func dtor = get(c.coreFuncs, r.destructor(), offset, "core function");
                    var want = new CoreType.Func(List.of(CoreType.Val.I32), List.of());
                    if (dtor != null && !dtor.equals(want)) {
                        throw error(offset, "a resource destructor must have type (func (param i32)), found " + dtor);
                    }
                }
                yield ResourceType.defined(r.destructor(), offset);
            }
            case ComponentAst.RawComponentType ct -> typeScope(c, ct.decls(), true);
            case ComponentAst.RawInstanceType it -> typeScope(c, it.decls(), false);
        };
    }

    private static void unique(Set<String> names, String name, int offset, String what) {
        if (!names.add(name)) {
            throw error(offset, "duplicate " + what + " name `" + name + "`");
        }
    }

    /** A component or instance type: its declarators in a scope of their own, with outer aliases reaching out. */
    private DefType typeScope(ResolvedComponent outer, List<Decl> decls, boolean component) {
        var scope = new ResolvedComponent(outer, null);
        var importNames = new HashSet<String>();
        var exportNames = new HashSet<String>();
        for (Decl d : decls) {
            switch (d) {
                case CoreTypeDecl ct -> scope.coreTypes.add(coreType(scope, ct.type(), ct.offset()));
                case TypeDecl t -> scope.types.add(defType(scope, t.type(), t.offset(), false));
                case AliasDecl a -> alias(scope, a.alias(), a.offset(), true);
                case ImportDecl im -> {
                    unique(importNames, im.name(), im.offset(), "import");
                    ExternType t = externType(scope, im.type(), im.name(), im.offset());
                    add(scope, t);
                    scope.imports.add(new Named(im.name(), t));
                }
                case ExportDecl ex -> {
                    unique(exportNames, ex.name(), ex.offset(), "export");
                    ExternType t = externType(scope, ex.type(), ex.name(), ex.offset());
                    add(scope, t);
                    scope.exports.add(new Named(ex.name(), t));
                }
            }
        }
        return component ? new ComponentType(scope.imports, scope.exports) : new InstanceType(scope.exports);
    }

    private ExternType externType(ResolvedComponent c, RawExtern raw, String name, int offset) {
        return switch (raw.sort()) {
            case CORE_MODULE -> {
                CoreType t = get(c.coreTypes, raw.index(), offset, "core type");
                if (t instanceof CoreType.Module m) {
                    yield new ExternType.CoreModule(m);
                }
                throw error(offset, "core type " + raw.index() + " is not a module type");
            }
            case FUNC -> {
                DefType t = get(c.types, raw.index(), offset, "type");
                if (t instanceof FuncType f) {
                    yield new ExternType.Func(f);
                }
                throw error(
                        offset, "`" + name + "`: type " + raw.index() + " is a " + kind(t) + ", not a function type");
            }
            case VALUE ->
                new ExternType.Value(
                        raw.value() != null
                                ? val(c, raw.value(), offset)
                                : get(c.values, raw.index(), offset, "value"));
            case TYPE ->
                new ExternType.Type(
                        raw.subResource() ? ResourceType.fresh(name) : get(c.types, raw.index(), offset, "type"));
            case COMPONENT -> {
                DefType t = get(c.types, raw.index(), offset, "type");
                if (t instanceof ComponentType ct) {
                    yield new ExternType.Component(ct);
                }
                throw error(
                        offset, "`" + name + "`: type " + raw.index() + " is a " + kind(t) + ", not a component type");
            }
            case INSTANCE -> {
                DefType t = get(c.types, raw.index(), offset, "type");
                if (t instanceof InstanceType it) {
                    yield new ExternType.Instance(it);
                }
                throw error(
                        offset, "`" + name + "`: type " + raw.index() + " is a " + kind(t) + ", not an instance type");
            }
            default -> throw error(offset, "malformed extern type");
        };
    }

    // ---- core types -------------------------------------------------------------------------------------------

    private CoreType coreType(ResolvedComponent c, RawCoreType raw, int offset) {
        return switch (raw) {
            case RawCoreFunc f -> f.type();
            case RawCoreModule m -> moduleType(c, m.decls());
        };
    }

    private CoreType.Module moduleType(ResolvedComponent outer, List<CoreDecl> decls) {
        var types = new ArrayList<CoreType>();
        var imports = new ArrayList<CoreType.Import>();
        var exports = new ArrayList<CoreType.Export>();
        for (CoreDecl d : decls) {
            switch (d) {
                case CoreTypeInModule t -> {
                    if (t.type() instanceof RawCoreModule) {
                        throw error(t.offset(), "a module type cannot declare a module type");
                    }
                    types.add(coreType(outer, t.type(), t.offset()));
                }
                case CoreOuterAlias a -> {
                    ResolvedComponent target = outer;
                    for (int i = 1; i < a.count(); i++) {
                        target = target == null ? null : target.parent;
                    }
                    if (a.count() == 0 || target == null) {
                        throw error(a.offset(), "outer alias in a module type reaches past the outermost scope");
                    }
                    CoreType t = get(target.coreTypes, a.index(), a.offset(), "outer core type");
                    if (t instanceof CoreType.Module) {
                        throw error(a.offset(), "a module type cannot alias a module type");
                    }
                    types.add(t);
                }
                case CoreImportDecl im ->
                    imports.add(new CoreType.Import(im.module(), im.name(), coreExtern(types, im.type(), im.offset())));
                case CoreExportDecl ex ->
                    exports.add(new CoreType.Export(ex.name(), coreExtern(types, ex.type(), ex.offset())));
            }
        }
        return new CoreType.Module(imports, exports);
    }

    private static CoreType.Extern coreExtern(List<CoreType> types, RawCoreExtern raw, int offset) {
        if (raw.concrete() != null) {
            return raw.concrete();
        }
        CoreType t = get(types, raw.typeIndex(), offset, "core type");
        if (!(t instanceof CoreType.Func f)) {
            throw error(offset, "core type " + raw.typeIndex() + " is not a function type");
        }
        return raw.sort() == Sort.CORE_TAG ? new CoreType.Tag(f) : f;
    }

    // ---- canonical definitions --------------------------------------------------------------------------------

    private void canon(ResolvedComponent c, CanonDef cd) {
        int offset = cd.offset();
        switch (cd.canon()) {
            case Lift l -> {
                CoreType.Func core = get(c.coreFuncs, l.coreFunc(), offset, "core function");
                DefType t = get(c.types, l.type(), offset, "type");
                if (!(t instanceof FuncType f)) {
                    throw error(offset, "canon lift: type " + l.type() + " is a " + kind(t) + ", not a function type");
                }
                checkOptions(c, l.options(), f, true, offset);
                if (!l.options().async() && !f.async() && core != null) {
                    var want = CanonicalLayout.coreSignature(f, true);
                    if (!want.equals(core)) {
                        throw error(
                                offset,
                                "canon lift: core function " + l.coreFunc() + " has type " + core
                                        + " but the canonical ABI lifts this function type from " + want);
                    }
                }
                if (l.options().postReturn() >= 0) {
                    CoreType.Func post = get(c.coreFuncs, l.options().postReturn(), offset, "core function");
                    var flat = CanonicalLayout.coreSignature(f, true).results();
                    var want = new CoreType.Func(flat, List.of());
                    if (post != null && !post.equals(want)) {
                        throw error(offset, "canon lift: post-return function has type " + post + ", expected " + want);
                    }
                }
                c.funcs.add(f);
            }
            case Lower l -> {
                FuncType f = get(c.funcs, l.func(), offset, "function");
                checkOptions(c, l.options(), f, false, offset);
                if (l.options().postReturn() >= 0) {
                    throw error(offset, "canon lower: the post-return option is only for canon lift");
                }
                c.coreFuncs.add(l.options().async() || f.async() ? null : CanonicalLayout.coreSignature(f, false));
            }
            case ResourceNew r -> {
                ResourceType rt = resource(c, r.type(), offset);
                if (!rt.isDefined() || !definedHere(c, rt)) {
                    throw error(
                            offset,
                            "canon resource.new: type " + r.type() + " is not a resource defined by this component");
                }
                c.coreFuncs.add(new CoreType.Func(List.of(CoreType.Val.I32), List.of(CoreType.Val.I32)));
            }
            case ResourceDrop r -> {
                resource(c, r.type(), offset);
                c.coreFuncs.add(new CoreType.Func(List.of(CoreType.Val.I32), List.of()));
            }
            case ResourceRep r -> {
                ResourceType rt = resource(c, r.type(), offset);
                if (!rt.isDefined() || !definedHere(c, rt)) {
                    throw error(
                            offset,
                            "canon resource.rep: type " + r.type() + " is not a resource defined by this component");
                }
                c.coreFuncs.add(new CoreType.Func(List.of(CoreType.Val.I32), List.of(CoreType.Val.I32)));
            }
            case Builtin b -> c.coreFuncs.add(null);
        }
    }

    /** A defined resource's offset lies inside this component's own bytes, not a nested or enclosing one's. */
    private static boolean definedHere(ResolvedComponent c, ResourceType rt) {
        if (rt.offset() < c.ast.start() || rt.offset() >= c.ast.end()) {
            return false;
        }
        for (Definition d : c.ast.definitions()) {
            if (d instanceof NestedComponent nc
                    && rt.offset() >= nc.component().start()
                    && rt.offset() < nc.component().end()) {
                return false;
            }
        }
        return true;
    }

    private void checkOptions(ResolvedComponent c, CanonOptions o, FuncType f, boolean lift, int offset) {
        String what = lift ? "canon lift" : "canon lower";
        if (o.memory() >= 0) {
            CoreType.Memory m = get(c.memories, o.memory(), offset, "core memory");
            if (m.is64()) {
                throw error(offset, what + ": 64-bit memories are not supported by the canonical ABI here");
            }
        }
        if (o.realloc() >= 0) {
            CoreType.Func r = get(c.coreFuncs, o.realloc(), offset, "core function");
            var want = new CoreType.Func(
                    List.of(CoreType.Val.I32, CoreType.Val.I32, CoreType.Val.I32, CoreType.Val.I32),
                    List.of(CoreType.Val.I32));
            if (r != null && !r.equals(want)) {
                throw error(offset, what + ": realloc function has type " + r + ", expected " + want);
            }
        }
        if (o.callback() >= 0) {
            get(c.coreFuncs, o.callback(), offset, "core function");
            if (!o.async()) {
                throw error(offset, what + ": the callback option needs the async option");
            }
        }
        if (o.async() || f.async()) {
            return; // the async ABI's memory rules differ; Wharf refuses async functions when it plans a run
        }
        boolean paramsInMemory = CanonicalLayout.flatten(f.paramTypes()).size() > CanonicalLayout.MAX_FLAT_PARAMS;
        boolean resultsInMemory = CanonicalLayout.flatten(f.resultTypes()).size() > CanonicalLayout.MAX_FLAT_RESULTS;
        boolean paramsUseMemory = f.paramTypes().stream().anyMatch(CanonicalLayout::usesMemory);
        boolean resultsUseMemory = f.resultTypes().stream().anyMatch(CanonicalLayout::usesMemory);
        if ((paramsInMemory || resultsInMemory || paramsUseMemory || resultsUseMemory) && o.memory() < 0) {
            throw error(
                    offset,
                    what + ": canonical option `memory` is required (the function passes strings, "
                            + "lists or many values through memory)");
        }
        // lifting writes the arguments into the callee's memory; lowering writes the results into the caller's
        boolean allocates = lift ? paramsUseMemory || paramsInMemory : resultsUseMemory;
        if (allocates && o.realloc() < 0) {
            throw error(
                    offset,
                    what + ": canonical option `realloc` is required (values must be copied into the "
                            + "component's memory)");
        }
    }

    private void start(ResolvedComponent c, StartDef s) {
        FuncType f = get(c.funcs, s.func(), s.offset(), "function");
        if (f.params().size() != s.args().size()) {
            throw error(
                    s.offset(),
                    "start function takes " + f.params().size() + " arguments, "
                            + s.args().size() + " given");
        }
        for (int v : s.args()) {
            get(c.values, v, s.offset(), "value");
        }
        if (s.results() != f.resultTypes().size()) {
            throw error(
                    s.offset(),
                    "start function returns " + f.resultTypes().size() + " results, " + s.results() + " declared");
        }
        c.values.addAll(f.resultTypes());
    }
}
