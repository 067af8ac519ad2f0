package dev.wharf.component;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces resource types in types: what instantiating a component with arguments does to the types of its exports
 * (its imported resources become the arguments' ones). A type without a replaced resource inside comes back as the
 * same object, and each type object is rebuilt once, so types that were the same object stay the same object (the
 * WIT printer names types by identity).
 */
final class Substitution {
    private final Map<ResourceType, DefType> resources;
    private final Map<Object, Object> memo = new IdentityHashMap<>();

    Substitution(Map<ResourceType, DefType> resources) {
        this.resources = resources;
    }

    boolean isEmpty() {
        return resources.isEmpty();
    }

    ExternType apply(ExternType t) {
        return switch (t) {
            case ExternType.Func f -> {
                FuncType n = func(f.type());
                yield n == f.type() ? f : new ExternType.Func(n);
            }
            case ExternType.Instance i -> {
                InstanceType n = instance(i.type());
                yield n == i.type() ? i : new ExternType.Instance(n);
            }
            case ExternType.Component c -> {
                ComponentType n = component(c.type());
                yield n == c.type() ? c : new ExternType.Component(n);
            }
            case ExternType.Type ty -> {
                DefType n = def(ty.type());
                yield n == ty.type() ? ty : new ExternType.Type(n);
            }
            case ExternType.Value v -> {
                ValType n = val(v.type());
                yield n == v.type() ? v : new ExternType.Value(n);
            }
            case ExternType.CoreModule m -> m;
        };
    }

    DefType def(DefType t) {
        return switch (t) {
            case ValType v -> val(v);
            case FuncType f -> func(f);
            case InstanceType i -> instance(i);
            case ComponentType c -> component(c);
            case ResourceType r -> resources.getOrDefault(r, r);
        };
    }

    private ResourceType resource(ResourceType r) {
        DefType to = resources.get(r);
        return to instanceof ResourceType rt ? rt : r;
    }

    FuncType func(FuncType f) {
        Object done = memo.get(f);
        if (done != null) {
            return (FuncType) done;
        }
        boolean changed = false;
        var params = new ArrayList<FuncType.Param>();
        for (FuncType.Param p : f.params()) {
            ValType n = val(p.type());
            changed |= n != p.type();
            params.add(new FuncType.Param(p.name(), n));
        }
        ValType result = f.result() == null ? null : val(f.result());
        changed |= result != f.result();
        FuncType out = changed ? new FuncType(params, result, f.async()) : f;
        memo.put(f, out);
        return out;
    }

    InstanceType instance(InstanceType i) {
        Object done = memo.get(i);
        if (done != null) {
            return (InstanceType) done;
        }
        var exports = named(i.exports());
        InstanceType out = exports == null ? i : new InstanceType(exports);
        memo.put(i, out);
        return out;
    }

    ComponentType component(ComponentType c) {
        Object done = memo.get(c);
        if (done != null) {
            return (ComponentType) done;
        }
        var imports = named(c.imports());
        var exports = named(c.exports());
        ComponentType out = imports == null && exports == null
                ? c
                : new ComponentType(imports == null ? c.imports() : imports, exports == null ? c.exports() : exports);
        memo.put(c, out);
        return out;
    }

    /** The list with each type substituted, or null when nothing changed. */
    private List<Named> named(List<Named> list) {
        boolean changed = false;
        var out = new ArrayList<Named>(list.size());
        for (Named n : list) {
            ExternType t = apply(n.type());
            changed |= t != n.type();
            out.add(new Named(n.name(), t));
        }
        return changed ? out : null;
    }

    ValType val(ValType t) {
        if (t instanceof ValType.Prim) {
            return t;
        }
        Object done = memo.get(t);
        if (done != null) {
            return (ValType) done;
        }
        ValType out = switch (t) {
            case ValType.Own o -> {
                ResourceType r = resource(o.resource());
                yield r == o.resource() ? o : new ValType.Own(r);
            }
            case ValType.Borrow b -> {
                ResourceType r = resource(b.resource());
                yield r == b.resource() ? b : new ValType.Borrow(r);
            }
            case ValType.ListOf l -> {
                ValType e = val(l.element());
                yield e == l.element() ? l : new ValType.ListOf(e, l.length());
            }
            case ValType.Option o -> {
                ValType e = val(o.type());
                yield e == o.type() ? o : new ValType.Option(e);
            }
            case ValType.Result r -> {
                ValType ok = r.ok() == null ? null : val(r.ok());
                ValType err = r.err() == null ? null : val(r.err());
                yield ok == r.ok() && err == r.err() ? r : new ValType.Result(ok, err);
            }
            case ValType.Record r -> {
                boolean changed = false;
                var fields = new ArrayList<ValType.Field>();
                for (ValType.Field f : r.fields()) {
                    ValType n = val(f.type());
                    changed |= n != f.type();
                    fields.add(new ValType.Field(f.name(), n));
                }
                yield changed ? new ValType.Record(fields) : r;
            }
            case ValType.Tuple tu -> {
                boolean changed = false;
                var types = new ArrayList<ValType>();
                for (ValType e : tu.types()) {
                    ValType n = val(e);
                    changed |= n != e;
                    types.add(n);
                }
                yield changed ? new ValType.Tuple(types) : tu;
            }
            case ValType.Variant v -> {
                boolean changed = false;
                var cases = new ArrayList<ValType.Case>();
                for (ValType.Case c : v.cases()) {
                    ValType n = c.type() == null ? null : val(c.type());
                    changed |= n != c.type();
                    cases.add(new ValType.Case(c.name(), n));
                }
                yield changed ? new ValType.Variant(cases) : v;
            }
            case ValType.Stream s -> {
                ValType e = s.element() == null ? null : val(s.element());
                yield e == s.element() ? s : new ValType.Stream(e);
            }
            case ValType.Future f -> {
                ValType e = f.element() == null ? null : val(f.element());
                yield e == f.element() ? f : new ValType.Future(e);
            }
            case ValType.MapOf m -> {
                ValType k = val(m.key());
                ValType v = val(m.value());
                yield k == m.key() && v == m.value() ? m : new ValType.MapOf(k, v);
            }
            default -> t;
        };
        memo.put(t, out);
        return out;
    }
}
