package dev.wharf.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `wharf inspect` shows of a component: its world (imports and exports, each with its WIT), the core modules
 * inside with their sizes, nested components, where its bytes go, and the WASI capabilities its imports can ask for
 * with the `wharf run` flags that grant them. Field names are the JSON report's.
 */
public record ComponentInfo(
        String component,
        long sizeBytes,
        String kind,
        List<Item> imports,
        List<Item> exports,
        List<CoreModule> coreModules,
        int nestedComponents,
        List<SectionSize> sections,
        List<Capability> wasi,
        String wit) {

    /** An import or export: its name, sort ("instance", "func", ...) and WIT ("interface", or the function type). */
    public record Item(String name, String kind, String wit) {}

    public record CoreModule(int index, String name, int offset, int bytes, int imports, int exports) {}

    public record SectionSize(String section, int offset, int bytes, double percent) {}

    /** A family of WASI access, the interfaces that ask for it and what grants it in `wharf run`. */
    public record Capability(String family, List<String> interfaces, String grantedBy) {}

    public static ComponentInfo of(ParsedComponent c) {
        ComponentType type = c.type();
        var imports = new ArrayList<Item>();
        for (Named n : type.imports()) {
            imports.add(item(n));
        }
        var exports = new ArrayList<Item>();
        for (Named n : type.exports()) {
            exports.add(item(n));
        }
        var modules = new ArrayList<CoreModule>();
        for (ParsedComponent.CoreModule m : c.coreModules()) {
            CoreType.Module shape = m.owner().module(m.index());
            modules.add(new CoreModule(
                    m.ordinal(),
                    m.name(),
                    m.offset(),
                    m.length(),
                    shape.imports().size(),
                    shape.exports().size()));
        }
        int nested = countNested(c.root().ast());
        var sections = new ArrayList<SectionSize>();
        for (ComponentAst.SectionInfo s : c.root().ast().sections()) {
            int bytes = s.end() - s.headerOffset();
            String name = s.id() == 0 ? "custom \"" + s.name() + "\"" : s.name();
            sections.add(new SectionSize(name, s.headerOffset(), bytes, 100.0 * bytes / c.bytes().length));
        }
        return new ComponentInfo(
                c.path().toString(),
                c.bytes().length,
                kind(type),
                imports,
                exports,
                modules,
                nested,
                sections,
                capabilities(type.imports()),
                WitPrinter.print(type));
    }

    private static Item item(Named n) {
        return switch (n.type()) {
            case ExternType.Func f -> new Item(n.name(), "func", WitPrinter.describe(f.type()));
            case ExternType.Instance i ->
                new Item(
                        n.name(), "instance", "interface (" + i.type().exports().size() + " items)");
            default -> new Item(n.name(), n.type().sort().text(), "");
        };
    }

    private static int countNested(ComponentAst.Component ast) {
        int n = 0;
        for (ComponentAst.Definition d : ast.definitions()) {
            if (d instanceof ComponentAst.NestedComponent nc) {
                n += 1 + countNested(nc.component());
            }
        }
        return n;
    }

    private static String kind(ComponentType type) {
        for (Named e : type.exports()) {
            if (e.name().startsWith("wasi:cli/run@")) {
                return "command (exports " + e.name() + ": `wharf run` runs it)";
            }
            if (e.name().startsWith("wasi:http/incoming-handler@")) {
                return "HTTP handler (exports " + e.name() + ")";
            }
        }
        return "library (no wasi:cli/run: call its exports with `wharf run --invoke 'NAME(ARGS)'`)";
    }

    /** WASI families by the interfaces that ask for them; what is not WASI is listed as the host must provide it. */
    static List<Capability> capabilities(List<Named> imports) {
        Map<String, Capability> byFamily = new LinkedHashMap<>();
        for (Named n : imports) {
            String name = n.name();
            if (!name.startsWith("wasi:")) {
                continue;
            }
            int at = name.indexOf('@');
            String id = at < 0 ? name : name.substring(0, at);
            String version = at < 0 ? "" : name.substring(at + 1);
            String family;
            String grantedBy;
            if (version.startsWith("0.3")) {
                family = "wasi 0.3";
                grantedBy = "not supported yet: Wharf serves WASI 0.2 interfaces";
            } else {
                dev.wharf.host.Capability cap = switch (id) {
                    case "wasi:cli/environment" -> dev.wharf.host.Capability.ENV;
                    case "wasi:cli/exit" -> dev.wharf.host.Capability.EXIT;
                    case "wasi:filesystem/types", "wasi:filesystem/preopens" -> dev.wharf.host.Capability.FILES;
                    case "wasi:clocks/wall-clock", "wasi:clocks/monotonic-clock" -> dev.wharf.host.Capability.CLOCKS;
                    case "wasi:random/random", "wasi:random/insecure", "wasi:random/insecure-seed" ->
                        dev.wharf.host.Capability.RANDOM;
                    case "wasi:io/poll" -> dev.wharf.host.Capability.POLL;
                    default ->
                        id.startsWith("wasi:sockets/")
                                ? dev.wharf.host.Capability.SOCKETS
                                : id.startsWith("wasi:cli/") || id.startsWith("wasi:io/")
                                        ? dev.wharf.host.Capability.STDIO
                                        : null;
                };
                if (cap != null) {
                    family = cap.family();
                    grantedBy = cap == dev.wharf.host.Capability.ENV
                            ? cap.grantedBy() + "; arguments: " + dev.wharf.host.Capability.ARGS.grantedBy()
                            : cap.grantedBy();
                } else if (id.startsWith("wasi:http/")) {
                    family = "http";
                    grantedBy = id.equals("wasi:http/outgoing-handler")
                            ? "outbound requests: the app host, to allowed_outbound_hosts"
                            : "the app host (wharf up)";
                } else {
                    family = "other";
                    grantedBy = "not a WASI interface Wharf knows";
                }
            }
            var existing = byFamily.get(family);
            var names = existing == null ? new ArrayList<String>() : new ArrayList<>(existing.interfaces());
            names.add(name);
            byFamily.put(family, new Capability(family, names, grantedBy));
        }
        return new ArrayList<>(byFamily.values());
    }
}
