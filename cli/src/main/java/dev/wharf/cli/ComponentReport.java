package dev.wharf.cli;

import dev.wharf.component.ComponentInfo;
import java.util.Locale;

/** The text form of `wharf inspect` for a component (the JSON form is {@link ComponentInfo} itself). */
final class ComponentReport {
    private ComponentReport() {}

    static String toText(ComponentInfo info) {
        var out = new StringBuilder();
        out.append(new TextTable("component", info.component())
                .row("size", info.sizeBytes() + " bytes")
                .row("kind", info.kind())
                .row(
                        "contents",
                        info.coreModules().size() + " core module"
                                + (info.coreModules().size() == 1 ? "" : "s")
                                + ", " + info.nestedComponents() + " nested component"
                                + (info.nestedComponents() == 1 ? "" : "s"))
                .render());

        InspectCommand.heading(out, "Imports", info.imports().size());
        if (!info.imports().isEmpty()) {
            var t = new TextTable("NAME", "KIND", "WIT").indent("  ");
            info.imports().forEach(i -> t.row(i.name(), i.kind(), i.wit()));
            out.append(t.render());
        }
        InspectCommand.heading(out, "Exports", info.exports().size());
        if (!info.exports().isEmpty()) {
            var t = new TextTable("NAME", "KIND", "WIT").indent("  ");
            info.exports().forEach(e -> t.row(e.name(), e.kind(), e.wit()));
            out.append(t.render());
        }

        InspectCommand.heading(out, "Core modules", info.coreModules().size());
        if (!info.coreModules().isEmpty()) {
            var t = new TextTable("INDEX", "NAME", "OFFSET", "BYTES", "IMPORTS", "EXPORTS")
                    .rightAlign(0, 2, 3, 4, 5)
                    .indent("  ");
            info.coreModules()
                    .forEach(m -> t.row(
                            m.index(),
                            m.name() == null ? "-" : m.name(),
                            InspectCommand.hex(m.offset()),
                            m.bytes(),
                            m.imports(),
                            m.exports()));
            out.append(t.render());
        }

        out.append("\nSize by section\n");
        var sizes = new TextTable("SECTION", "OFFSET", "BYTES", "%")
                .rightAlign(1, 2, 3)
                .indent("  ");
        info.sections()
                .forEach(s -> sizes.row(
                        s.section(),
                        InspectCommand.hex(s.offset()),
                        s.bytes(),
                        String.format(Locale.ROOT, "%.1f", s.percent())));
        out.append(sizes.render());

        out.append("\nWASI capabilities");
        if (info.wasi().isEmpty()) {
            out.append(": none (the component imports no WASI interface)\n");
        } else {
            out.append('\n');
            var t = new TextTable("FAMILY", "INTERFACES", "GRANTED BY").indent("  ");
            info.wasi().forEach(c -> t.row(c.family(), String.join(", ", c.interfaces()), c.grantedBy()));
            out.append(t.render());
        }

        out.append("\nWorld (WIT)\n");
        info.wit().lines().forEach(l -> out.append(l.isEmpty() ? "" : "  " + l).append('\n'));
        return out.toString();
    }
}
