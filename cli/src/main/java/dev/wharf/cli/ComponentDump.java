package dev.wharf.cli;

import dev.wharf.component.ComponentAst;
import dev.wharf.component.ComponentAst.Definition;
import dev.wharf.component.ComponentAst.SectionInfo;
import dev.wharf.component.ParsedComponent;
import dev.wharf.component.Sort;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * `wharf dump` of a component: every section with its offset and size, and every definition in it with its offset,
 * its bytes and what it is, numbered as the index spaces number it. Nested components are listed inside their
 * section, indented; core modules are one line each (`wharf dump` of the module itself lists its sections).
 */
final class ComponentDump {
    private final ParsedComponent component;
    private final DumpCommand.Dump out;

    private ComponentDump(ParsedComponent component) {
        this.component = component;
        int width = Integer.toHexString(Math.max(component.bytes().length, 1)).length() + 2;
        this.out = new DumpCommand.Dump(component.bytes(), width);
    }

    static String render(ParsedComponent component) {
        var d = new ComponentDump(component);
        d.component(component.root().ast(), "");
        return d.out.toString();
    }

    private void component(ComponentAst.Component c, String indent) {
        out.line(c.start(), 4, indent + "magic \\0asm");
        out.line(c.start() + 4, 4, indent + "version 0xd, layer 1 (component)");
        Map<Sort, Integer> next = new EnumMap<>(Sort.class);
        List<Definition> defs = c.definitions();
        int d = 0;
        for (SectionInfo s : c.sections()) {
            String title = s.id() == 0 ? "custom section \"" + s.name() + "\"" : s.name() + " section";
            out.line(
                    s.headerOffset(),
                    s.payloadOffset() - s.headerOffset(),
                    indent + "== " + title + " (id " + s.id() + "): " + s.payloadSize()
                            + (s.payloadSize() == 1 ? " byte" : " bytes") + ", payload at 0x"
                            + Integer.toHexString(s.payloadOffset()));
            var inSection = new ArrayList<Definition>();
            while (d < defs.size() && offsetOf(defs.get(d)) < s.end()) {
                inSection.add(defs.get(d++));
            }
            for (int i = 0; i < inSection.size(); i++) {
                Definition def = inSection.get(i);
                int start = offsetOf(def);
                int end = i + 1 < inSection.size() ? offsetOf(inSection.get(i + 1)) : s.end();
                if (def instanceof ComponentAst.NestedComponent nc) {
                    out.line(
                            start,
                            0,
                            indent + "  component " + bump(next, Sort.COMPONENT) + ": "
                                    + (nc.component().end() - nc.component().start()) + " bytes");
                    component(nc.component(), indent + "    ");
                } else if (def instanceof ComponentAst.CoreModuleDef m) {
                    int index = bump(next, Sort.CORE_MODULE);
                    String name = c.nameOf(Sort.CORE_MODULE, index);
                    out.line(
                            m.bodyOffset(),
                            Math.min(8, m.length()),
                            indent + "  core module " + index + (name != null ? " (" + name + ")" : "") + ": "
                                    + m.length() + " bytes");
                } else {
                    out.line(start, end - start, indent + "  " + describe(def, next));
                }
            }
        }
    }

    private static int offsetOf(Definition d) {
        return switch (d) {
            case ComponentAst.CoreModuleDef m -> m.bodyOffset();
            case ComponentAst.NestedComponent nc -> nc.component().start();
            default -> d.offset();
        };
    }

    private static int bump(Map<Sort, Integer> next, Sort sort) {
        int i = next.getOrDefault(sort, 0);
        next.put(sort, i + 1);
        return i;
    }

    private String describe(Definition def, Map<Sort, Integer> next) {
        return switch (def) {
            case ComponentAst.CoreInstantiate ci ->
                "core instance " + bump(next, Sort.CORE_INSTANCE) + ": instantiate core module " + ci.module()
                        + args(ci.args().stream()
                                .map(a -> a.name() + ": core instance " + a.instance())
                                .toList());
            case ComponentAst.CoreInlineExports ce ->
                "core instance " + bump(next, Sort.CORE_INSTANCE) + ": exports "
                        + list(ce.exports().stream()
                                .map(e -> e.name() + ": " + e.sort().text() + " " + e.index())
                                .toList());
            case ComponentAst.CoreTypeDef t ->
                "core type " + bump(next, Sort.CORE_TYPE) + ": "
                        + (t.type() instanceof ComponentAst.RawCoreFunc f
                                ? f.type().toString()
                                : "module type");
            case ComponentAst.Instantiate in ->
                "instance " + bump(next, Sort.INSTANCE) + ": instantiate component " + in.component()
                        + args(in.args().stream()
                                .map(a -> a.name() + ": " + a.sort().text() + " " + a.index())
                                .toList());
            case ComponentAst.InlineExports ie ->
                "instance " + bump(next, Sort.INSTANCE) + ": exports "
                        + list(ie.exports().stream()
                                .map(a -> a.name() + ": " + a.sort().text() + " " + a.index())
                                .toList());
            case ComponentAst.AliasDef a -> alias(a.alias(), next);
            case ComponentAst.TypeDef t -> "type " + bump(next, Sort.TYPE) + ": " + typeName(t.type());
            case ComponentAst.CanonDef cd -> canon(cd.canon(), next);
            case ComponentAst.StartDef s -> "start: func " + s.func();
            case ComponentAst.ImportDef im ->
                "import \"" + im.name() + "\": " + im.type().sort().text() + " "
                        + bump(next, im.type().sort()) + externText(im.type());
            case ComponentAst.ExportDef ex ->
                "export \"" + ex.name() + "\": " + ex.sort().text() + " " + ex.index() + " (as "
                        + ex.sort().text() + " " + bump(next, ex.sort()) + ")";
            case ComponentAst.ValueDef v -> "value " + bump(next, Sort.VALUE) + ": " + v.length() + " bytes";
            default -> def.getClass().getSimpleName();
        };
    }

    private static String externText(ComponentAst.RawExtern e) {
        if (e.sort() == Sort.TYPE) {
            return e.subResource() ? " (sub resource)" : " (eq type " + e.index() + ")";
        }
        return e.index() >= 0 ? " (type " + e.index() + ")" : "";
    }

    private static String alias(ComponentAst.Alias a, Map<Sort, Integer> next) {
        String target = a.sort().text() + " " + bump(next, a.sort());
        return switch (a.kind()) {
            case EXPORT -> "alias " + target + ": export \"" + a.name() + "\" of instance " + a.instance();
            case CORE_EXPORT -> "alias " + target + ": export \"" + a.name() + "\" of core instance " + a.instance();
            case OUTER -> "alias " + target + ": outer " + a.outerCount() + " index " + a.outerIndex();
        };
    }

    private static String canon(ComponentAst.Canon c, Map<Sort, Integer> next) {
        return switch (c) {
            case ComponentAst.Lift l ->
                "func " + bump(next, Sort.FUNC) + ": canon lift core func " + l.coreFunc() + " as type " + l.type()
                        + options(l.options());
            case ComponentAst.Lower l ->
                "core func " + bump(next, Sort.CORE_FUNC) + ": canon lower func " + l.func() + options(l.options());
            case ComponentAst.ResourceNew r ->
                "core func " + bump(next, Sort.CORE_FUNC) + ": canon resource.new type " + r.type();
            case ComponentAst.ResourceDrop r ->
                "core func " + bump(next, Sort.CORE_FUNC) + ": canon resource.drop type " + r.type();
            case ComponentAst.ResourceRep r ->
                "core func " + bump(next, Sort.CORE_FUNC) + ": canon resource.rep type " + r.type();
            case ComponentAst.Builtin b -> "core func " + bump(next, Sort.CORE_FUNC) + ": canon " + b.name();
        };
    }

    private static String options(ComponentAst.CanonOptions o) {
        var parts = new ArrayList<String>();
        if (o.memory() >= 0) {
            parts.add("memory " + o.memory());
        }
        if (o.realloc() >= 0) {
            parts.add("realloc " + o.realloc());
        }
        if (o.postReturn() >= 0) {
            parts.add("post-return " + o.postReturn());
        }
        if (o.encoding() != ComponentAst.StringEncoding.UTF8) {
            parts.add("string-encoding=" + o.encoding().text());
        }
        if (o.async()) {
            parts.add("async");
        }
        if (o.callback() >= 0) {
            parts.add("callback " + o.callback());
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String typeName(ComponentAst.RawType t) {
        return switch (t) {
            case ComponentAst.RawPrim p -> p.prim().wit();
            case ComponentAst.RawRecord r -> "record of " + r.fields().size() + " fields";
            case ComponentAst.RawVariant v -> "variant of " + v.cases().size() + " cases";
            case ComponentAst.RawList l -> "list of " + l.element() + (l.length() >= 0 ? ", " + l.length() : "");
            case ComponentAst.RawTuple tu -> "tuple of " + tu.types().size();
            case ComponentAst.RawFlags f -> "flags (" + String.join(", ", f.names()) + ")";
            case ComponentAst.RawEnum e -> "enum (" + String.join(", ", e.names()) + ")";
            case ComponentAst.RawOption o -> "option of " + o.type();
            case ComponentAst.RawResult r ->
                "result of " + (r.ok() == null ? "_" : r.ok()) + ", " + (r.err() == null ? "_" : r.err());
            case ComponentAst.RawOwn o -> "own of type " + o.index();
            case ComponentAst.RawBorrow b -> "borrow of type " + b.index();
            case ComponentAst.RawStream s -> "stream of " + s.element();
            case ComponentAst.RawFuture f -> "future of " + f.element();
            case ComponentAst.RawMap m -> "map of " + m.key() + " to " + m.value();
            case ComponentAst.RawFunc f ->
                (f.async() ? "async " : "") + "func("
                        + f.params().stream()
                                .map(p -> p.name() + ": " + p.type())
                                .collect(Collectors.joining(", ")) + ")"
                        + (f.result() == null ? "" : " -> " + f.result());
            case ComponentAst.RawResource r ->
                "resource" + (r.destructor() >= 0 ? " (dtor core func " + r.destructor() + ")" : "");
            case ComponentAst.RawComponentType ct ->
                "component type of " + ct.decls().size() + " declarators";
            case ComponentAst.RawInstanceType it ->
                "instance type of " + it.decls().size() + " declarators";
        };
    }

    private static String args(List<String> args) {
        return args.isEmpty() ? "" : " with " + list(args);
    }

    private static String list(List<String> items) {
        if (items.size() > 6) {
            return "{" + String.join(", ", items.subList(0, 6)) + ", ... " + (items.size() - 6) + " more}";
        }
        return "{" + String.join(", ", items) + "}";
    }
}
