package dev.wharf.component;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a component's type as WIT, as `wasm-tools component wit` does: first the component's world
 * ({@code package root:component; world root { import ...; export ...; }}, which is all `jco wit` prints), then each
 * package whose interfaces the world names, as nested {@code package ns:name@version { interface ... }} blocks with
 * their types, resources and functions.
 *
 * <p>Types are named by identity: a record, variant, enum, flags or resource is named by the interface that first
 * exported it, and other interfaces that export the same type object {@code use} it from there.
 */
public final class WitPrinter {
    private final Map<Object, Owner> owners = new IdentityHashMap<>();
    private final Map<String, Iface> interfaces = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();

    /** Where a type is defined: the interface (null for the world itself) and the name it has there. */
    private record Owner(Iface iface, String name) {}

    /** An interface named {@code ns:pkg/name@version}: its package, its name, and its type. */
    private record Iface(String pkg, String name, String version, InstanceType type, String fullName) {
        String packageId() {
            return version == null ? pkg : pkg + "@" + version;
        }

        /** How an interface of {@code other}'s package refers to this one in a `use`. */
        String referenceFrom(Iface other) {
            return other != null && other.packageId().equals(packageId()) ? name : fullName;
        }
    }

    private WitPrinter() {}

    public static String print(ComponentType type) {
        var p = new WitPrinter();
        p.collect(type.imports());
        p.collect(type.exports());
        p.world(type);
        p.packages();
        return p.out.toString();
    }

    /** A function type as WIT writes it, types spelled out: {@code func(a: u32) -> result<string>}. */
    public static String describe(FuncType f) {
        return new WitPrinter().funcSignature(f, false);
    }

    /** A value type as WIT writes it where it is used, named types spelled out. */
    public static String describe(ValType t) {
        return new WitPrinter().ref(t);
    }

    /** Parses "ns:pkg/iface@1.2.3" into its parts; null for a plain name such as "run" or "host". */
    static Iface parseInterfaceName(String full, InstanceType type) {
        int colon = full.indexOf(':');
        int slash = full.indexOf('/');
        if (colon <= 0 || slash < colon) {
            return null;
        }
        int at = full.indexOf('@', slash);
        String pkg = full.substring(0, slash);
        String name = at < 0 ? full.substring(slash + 1) : full.substring(slash + 1, at);
        String version = at < 0 ? null : full.substring(at + 1);
        return new Iface(pkg, name, version, type, full);
    }

    private void collect(List<Named> items) {
        for (Named n : items) {
            if (n.type() instanceof ExternType.Instance inst) {
                Iface iface = parseInterfaceName(n.name(), inst.type());
                if (iface == null) {
                    iface = new Iface(null, n.name(), null, inst.type(), n.name());
                }
                interfaces.putIfAbsent(n.name(), iface);
                Iface owner = interfaces.get(n.name());
                for (Named e : inst.type().exports()) {
                    if (e.type() instanceof ExternType.Type t) {
                        owners.putIfAbsent(t.type(), new Owner(owner, e.name()));
                    }
                }
            } else if (n.type() instanceof ExternType.Type t) {
                owners.putIfAbsent(t.type(), new Owner(null, n.name()));
            }
        }
    }

    // ---- the world --------------------------------------------------------------------------------------------

    private void world(ComponentType type) {
        out.append("package root:component;\n\nworld root {\n");
        boolean any = false;
        for (Named n : type.imports()) {
            worldItem("import", n);
            any = true;
        }
        if (any && !type.exports().isEmpty()) {
            out.append('\n');
        }
        for (Named n : type.exports()) {
            worldItem("export", n);
        }
        out.append("}\n");
    }

    private void worldItem(String keyword, Named n) {
        switch (n.type()) {
            case ExternType.Instance inst -> {
                Iface iface = interfaces.get(n.name());
                if (iface.pkg() != null) {
                    out.append("  ")
                            .append(keyword)
                            .append(' ')
                            .append(n.name())
                            .append(";\n");
                } else {
                    out.append("  ")
                            .append(keyword)
                            .append(' ')
                            .append(n.name())
                            .append(": interface {\n");
                    interfaceBody(iface, "    ");
                    out.append("  }\n");
                }
            }
            case ExternType.Func f ->
                out.append("  ")
                        .append(keyword)
                        .append(' ')
                        .append(n.name())
                        .append(": ")
                        .append(funcSignature(f.type(), false))
                        .append(";\n");
            case ExternType.Type t -> {
                Owner owner = owners.get(t.type());
                if (owner != null && owner.iface() != null) {
                    out.append("  use ")
                            .append(owner.iface().fullName)
                            .append(".{")
                            .append(owner.name())
                            .append("};\n");
                } else {
                    out.append("  ").append(typeDefinition(n.name(), t.type(), null, "  ", List.of()));
                }
            }
            default ->
                out.append("  /* ")
                        .append(keyword)
                        .append(' ')
                        .append(n.name())
                        .append(": a ")
                        .append(n.type().sort().text())
                        .append(", which WIT cannot express */\n");
        }
    }

    // ---- packages and interfaces ------------------------------------------------------------------------------

    private void packages() {
        var byPackage = new LinkedHashMap<String, List<Iface>>();
        for (Iface i : interfaces.values()) {
            if (i.pkg() != null) {
                byPackage.computeIfAbsent(i.packageId(), k -> new ArrayList<>()).add(i);
            }
        }
        for (var e : byPackage.entrySet()) {
            out.append("package ").append(e.getKey()).append(" {\n");
            for (Iface i : e.getValue()) {
                out.append("  interface ").append(i.name()).append(" {\n");
                interfaceBody(i, "    ");
                out.append("  }\n");
            }
            out.append("}\n");
        }
    }

    private void interfaceBody(Iface iface, String indent) {
        var blocks = new ArrayList<String>();
        // `use` lines, one per interface used from
        var uses = new LinkedHashMap<Iface, List<String>>();
        for (Named e : iface.type().exports()) {
            if (e.type() instanceof ExternType.Type t) {
                Owner owner = owners.get(t.type());
                if (owner != null && owner.iface() != iface && owner.iface() != null) {
                    uses.computeIfAbsent(owner.iface(), k -> new ArrayList<>())
                            .add(owner.name().equals(e.name()) ? e.name() : owner.name() + " as " + e.name());
                }
            }
        }
        if (!uses.isEmpty()) {
            var useLines = new StringBuilder();
            for (var u : uses.entrySet()) {
                useLines.append(indent)
                        .append("use ")
                        .append(u.getKey().referenceFrom(iface))
                        .append(".{")
                        .append(String.join(", ", u.getValue()))
                        .append("};\n");
            }
            blocks.add(useLines.toString());
        }
        // types this interface defines, resources with their functions
        var funcs = new ArrayList<Named>();
        for (Named e : iface.type().exports()) {
            if (e.type() instanceof ExternType.Func) {
                funcs.add(e);
            }
        }
        for (Named e : iface.type().exports()) {
            if (e.type() instanceof ExternType.Type t) {
                Owner owner = owners.get(t.type());
                if (owner != null && owner.iface() != iface && owner.iface() != null) {
                    continue;
                }
                blocks.add(indent + typeDefinition(e.name(), t.type(), iface, indent, funcs));
            }
        }
        for (Named e : funcs) {
            if (resourceOf(e.name()) == null) {
                blocks.add(
                        indent + e.name() + ": " + funcSignature(((ExternType.Func) e.type()).type(), false) + ";\n");
            }
        }
        out.append(String.join("\n", blocks));
    }

    /** The resource a `[constructor]r`, `[method]r.m` or `[static]r.m` function belongs to, or null. */
    private static String resourceOf(String funcName) {
        if (funcName.startsWith("[constructor]")) {
            return funcName.substring("[constructor]".length());
        }
        for (String prefix : new String[] {"[method]", "[static]"}) {
            if (funcName.startsWith(prefix)) {
                int dot = funcName.indexOf('.', prefix.length());
                return dot < 0 ? null : funcName.substring(prefix.length(), dot);
            }
        }
        return null;
    }

    private String typeDefinition(String name, DefType t, Iface iface, String indent, List<Named> funcs) {
        Owner owner = owners.get(t);
        if (owner != null && !owner.name().equals(name) && owner.iface() == iface) {
            return "type " + name + " = " + owner.name() + ";\n";
        }
        return switch (t) {
            case ResourceType r -> resource(name, funcs, indent);
            case ValType.Record r -> {
                var sb = new StringBuilder("record " + name + " {\n");
                for (ValType.Field f : r.fields()) {
                    sb.append(indent)
                            .append("  ")
                            .append(f.name())
                            .append(": ")
                            .append(ref(f.type()))
                            .append(",\n");
                }
                yield sb.append(indent).append("}\n").toString();
            }
            case ValType.Variant v -> {
                var sb = new StringBuilder("variant " + name + " {\n");
                for (ValType.Case c : v.cases()) {
                    sb.append(indent).append("  ").append(c.name());
                    if (c.type() != null) {
                        sb.append('(').append(ref(c.type())).append(')');
                    }
                    sb.append(",\n");
                }
                yield sb.append(indent).append("}\n").toString();
            }
            case ValType.Enum e -> labels("enum", name, e.names(), indent);
            case ValType.Flags f -> labels("flags", name, f.names(), indent);
            case ValType v -> "type " + name + " = " + ref(v) + ";\n";
            default -> "/* type " + name + ": a " + t.getClass().getSimpleName() + " */\n";
        };
    }

    private static String labels(String keyword, String name, List<String> names, String indent) {
        var sb = new StringBuilder(keyword + " " + name + " {\n");
        for (String n : names) {
            sb.append(indent).append("  ").append(n).append(",\n");
        }
        return sb.append(indent).append("}\n").toString();
    }

    private String resource(String name, List<Named> funcs, String indent) {
        var members = new ArrayList<String>();
        for (Named f : funcs) {
            if (!name.equals(resourceOf(f.name()))) {
                continue;
            }
            FuncType type = ((ExternType.Func) f.type()).type();
            String fn = f.name();
            if (fn.startsWith("[constructor]")) {
                members.add("constructor(" + params(type, false) + ");");
            } else if (fn.startsWith("[method]")) {
                members.add(fn.substring(fn.indexOf('.') + 1) + ": " + funcSignature(type, true) + ";");
            } else {
                members.add(fn.substring(fn.indexOf('.') + 1) + ": static " + funcSignature(type, false) + ";");
            }
        }
        if (members.isEmpty()) {
            return "resource " + name + ";\n";
        }
        var sb = new StringBuilder("resource " + name + " {\n");
        for (String m : members) {
            sb.append(indent).append("  ").append(m).append('\n');
        }
        return sb.append(indent).append("}\n").toString();
    }

    private String funcSignature(FuncType f, boolean method) {
        var sb = new StringBuilder(f.async() ? "async func(" : "func(");
        sb.append(params(f, method)).append(')');
        if (f.result() != null) {
            sb.append(" -> ").append(ref(f.result()));
        }
        return sb.toString();
    }

    private String params(FuncType f, boolean skipSelf) {
        var parts = new ArrayList<String>();
        for (int i = skipSelf ? 1 : 0; i < f.params().size(); i++) {
            var p = f.params().get(i);
            parts.add(p.name() + ": " + ref(p.type()));
        }
        return String.join(", ", parts);
    }

    /** How a type is written where it is used: its name if it has one, else spelled out. */
    String ref(ValType t) {
        Owner owner = owners.get(t);
        if (owner != null && !(t instanceof ValType.Prim)) {
            return owner.name();
        }
        return switch (t) {
            case ValType.Prim p -> p.wit();
            case ValType.ListOf l ->
                l.fixed() ? "list<" + ref(l.element()) + ", " + l.length() + ">" : "list<" + ref(l.element()) + ">";
            case ValType.Tuple tu ->
                "tuple<" + String.join(", ", tu.types().stream().map(this::ref).toList()) + ">";
            case ValType.Option o -> "option<" + ref(o.type()) + ">";
            case ValType.Result r -> {
                if (r.ok() == null && r.err() == null) {
                    yield "result";
                }
                if (r.err() == null) {
                    yield "result<" + ref(r.ok()) + ">";
                }
                yield "result<" + (r.ok() == null ? "_" : ref(r.ok())) + ", " + ref(r.err()) + ">";
            }
            case ValType.Own o -> resourceName(o.resource());
            case ValType.Borrow b -> "borrow<" + resourceName(b.resource()) + ">";
            case ValType.Stream s -> s.element() == null ? "stream" : "stream<" + ref(s.element()) + ">";
            case ValType.Future f -> f.element() == null ? "future" : "future<" + ref(f.element()) + ">";
            case ValType.MapOf m -> "map<" + ref(m.key()) + ", " + ref(m.value()) + ">";
            case ValType.Record r ->
                "record { "
                        + String.join(
                                ", ",
                                r.fields().stream()
                                        .map(f -> f.name() + ": " + ref(f.type()))
                                        .toList()) + " }";
            case ValType.Variant v ->
                "variant { "
                        + String.join(
                                ", ",
                                v.cases().stream()
                                        .map(c -> c.type() == null ? c.name() : c.name() + "(" + ref(c.type()) + ")")
                                        .toList())
                        + " }";
            case ValType.Enum e -> "enum { " + String.join(", ", e.names()) + " }";
            case ValType.Flags f -> "flags { " + String.join(", ", f.names()) + " }";
        };
    }

    private String resourceName(ResourceType r) {
        Owner owner = owners.get(r);
        if (owner != null) {
            return owner.name();
        }
        return r.name() != null ? r.name() : "resource";
    }
}
