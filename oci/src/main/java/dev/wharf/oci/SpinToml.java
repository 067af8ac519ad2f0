package dev.wharf.oci;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a locked app back as a spin.toml (manifest version 2) for an app directory laid out by
 * {@link AppPuller}: {@code <component>.wasm} beside it and each component's files under
 * {@code files/<component>/}, mounted at "/".
 */
final class SpinToml {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private SpinToml() {}

    static String write(LockedApp app, String pulledFrom) {
        var out = new StringBuilder();
        out.append("# Pulled by wharf from ")
                .append(pulledFrom.replaceAll("[\\r\\n]", ""))
                .append('\n');
        out.append("spin_manifest_version = 2\n\n[application]\n");
        var meta = app.metadata();
        out.append("name = ").append(string(meta.name())).append('\n');
        if (!meta.version().isEmpty()) {
            out.append("version = ").append(string(meta.version())).append('\n');
        }
        if (!meta.description().isEmpty()) {
            out.append("description = ").append(string(meta.description())).append('\n');
        }
        if (!meta.authors().isEmpty()) {
            out.append("authors = ").append(array(meta.authors())).append('\n');
        }
        if (!app.variables().isEmpty()) {
            out.append("\n[variables]\n");
            app.variables().forEach((name, v) -> {
                out.append(key(name)).append(" = { ");
                out.append(v.defaultValue().map(d -> "default = " + string(d)).orElse("required = true"));
                if (v.secret()) {
                    out.append(", secret = true");
                }
                out.append(" }\n");
            });
        }
        for (var t : app.triggers()) {
            out.append("\n[[trigger.http]]\n");
            out.append("id = ").append(string(t.id())).append('\n');
            out.append("route = ")
                    .append(t.route().map(SpinToml::string).orElse("{ private = true }"))
                    .append('\n');
            out.append("component = ").append(string(t.componentId())).append('\n');
            if (t.executor().equals("wagi")) {
                out.append("executor = { type = \"wagi\"");
                t.entrypoint().ifPresent(e -> out.append(", entrypoint = ").append(string(e)));
                t.argv().ifPresent(a -> out.append(", argv = ").append(string(a)));
                out.append(" }\n");
            }
        }
        for (var c : app.components()) {
            out.append("\n[component.").append(c.id()).append("]\n");
            out.append("source = ")
                    .append(string(AppPuller.wasmFileName(c.id())))
                    .append('\n');
            if (!c.files().isEmpty()) {
                out.append("files = [{ source = ")
                        .append(string(AppPuller.FILES_DIR + "/" + c.id()))
                        .append(", destination = \"/\" }]\n");
            }
            out.append("allowed_outbound_hosts = ")
                    .append(array(c.allowedOutboundHosts()))
                    .append('\n');
            if (!c.keyValueStores().isEmpty()) {
                out.append("key_value_stores = ")
                        .append(array(c.keyValueStores()))
                        .append('\n');
            }
            if (!c.environment().isEmpty()) {
                out.append("environment = ")
                        .append(inlineTable(c.environment()))
                        .append('\n');
            }
            if (!c.config().isEmpty()) {
                out.append("[component.").append(c.id()).append(".variables]\n");
                c.config()
                        .forEach((k, v) -> out.append(key(k))
                                .append(" = ")
                                .append(string(v))
                                .append('\n'));
            }
        }
        return out.toString();
    }

    private static String inlineTable(Map<String, String> map) {
        var sb = new StringBuilder("{ ");
        boolean first = true;
        for (var e : map.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(key(e.getKey())).append(" = ").append(string(e.getValue()));
        }
        return sb.append(" }").toString();
    }

    private static String array(List<String> items) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(string(items.get(i)));
        }
        return sb.append(']').toString();
    }

    private static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : string(key);
    }

    /** A TOML basic string: quotes, backslashes and control characters escaped. */
    static String string(String text) {
        var sb = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        sb.append(String.format("\\u%04X", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
