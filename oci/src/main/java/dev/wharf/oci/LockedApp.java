package dev.wharf.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Spin's "locked app" (crates/locked-app): the resolved app as JSON, every wasm source and file named by
 * content digest. It is the config blob of an app artifact. Parsed once into these records and checked
 * (ids, guest paths, digests) before anything is written to disk.
 */
record LockedApp(
        Metadata metadata,
        Map<String, LockedVariable> variables,
        List<LockedTrigger> triggers,
        List<LockedComponent> components) {

    /** Component ids as Spin and Wharf's manifest accept them: they become file and table names. */
    static final Pattern COMPONENT_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    static final Pattern VARIABLE_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    /** A locked app describes a few hundred files at most; more is a hostile or broken artifact. */
    static final int MAX_ENTRIES = 10_000;

    LockedApp {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        triggers = List.copyOf(triggers);
        components = List.copyOf(components);
    }

    record Metadata(String name, String version, String description, List<String> authors) {}

    /** No default means required, as in Spin's locked format. */
    record LockedVariable(Optional<String> defaultValue, boolean secret) {}

    /**
     * One HTTP trigger.
     *
     * @param route the route pattern, or empty for a private route
     * @param executor "wagi" or "spin"
     */
    record LockedTrigger(
            String id,
            Optional<String> route,
            String componentId,
            String executor,
            Optional<String> entrypoint,
            Optional<String> argv) {}

    /** Content by digest, or inline bytes (Spin inlines content some registries cannot hold, e.g. empty files). */
    record Content(Optional<Digest> digest, Optional<byte[]> inline) {
        static Content of(Digest digest) {
            return new Content(Optional.of(digest), Optional.empty());
        }
    }

    record ContentPath(Content content, String path) {}

    record LockedComponent(
            String id,
            Content source,
            Map<String, String> environment,
            List<ContentPath> files,
            Map<String, String> config,
            List<String> allowedOutboundHosts,
            List<String> keyValueStores) {}

    byte[] toJson() {
        var root = Transport.JSON.createObjectNode();
        root.put("spin_lock_version", 0);
        var meta = root.putObject("metadata");
        meta.put("name", metadata.name());
        if (!metadata.version().isEmpty()) {
            meta.put("version", metadata.version());
        }
        if (!metadata.description().isEmpty()) {
            meta.put("description", metadata.description());
        }
        if (!metadata.authors().isEmpty()) {
            var authors = meta.putArray("authors");
            metadata.authors().forEach(authors::add);
        }
        meta.putObject("trigger").put("type", "http");
        if (!variables.isEmpty()) {
            var vars = root.putObject("variables");
            // the record's map is unordered: write them sorted, as Spin's BTreeMap does
            variables.keySet().stream().sorted().forEach(name -> {
                var v = variables.get(name);
                var node = vars.putObject(name);
                v.defaultValue().ifPresent(d -> node.put("default", d));
                if (v.secret()) {
                    node.put("secret", true);
                }
            });
        }
        var triggerArray = root.putArray("triggers");
        for (var t : triggers) {
            var node = triggerArray.addObject();
            node.put("id", t.id());
            node.put("trigger_type", "http");
            var config = node.putObject("trigger_config");
            config.put("component", t.componentId());
            if (t.route().isPresent()) {
                config.put("route", t.route().get());
            } else {
                config.putObject("route").put("private", true);
            }
            if (t.executor().equals("wagi")) {
                var executor = config.putObject("executor");
                executor.put("type", "wagi");
                t.entrypoint().ifPresent(e -> executor.put("entrypoint", e));
                t.argv().ifPresent(a -> executor.put("argv", a));
            }
        }
        var componentArray = root.putArray("components");
        for (var c : components) {
            var node = componentArray.addObject();
            node.put("id", c.id());
            var metadataNode = node.putObject("metadata");
            var hosts = metadataNode.putArray("allowed_outbound_hosts");
            c.allowedOutboundHosts().forEach(hosts::add);
            if (!c.keyValueStores().isEmpty()) {
                var stores = metadataNode.putArray("key_value_stores");
                c.keyValueStores().forEach(stores::add);
            }
            var source = node.putObject("source");
            source.put("content_type", "application/wasm");
            content(source, c.source());
            if (!c.environment().isEmpty()) {
                var env = node.putObject("env");
                c.environment().forEach(env::put);
            }
            if (!c.files().isEmpty()) {
                var files = node.putArray("files");
                for (var f : c.files()) {
                    var file = files.addObject();
                    content(file, f.content());
                    file.put("path", f.path());
                }
            }
            if (!c.config().isEmpty()) {
                var config = node.putObject("config");
                c.config().forEach(config::put);
            }
        }
        try {
            return Transport.JSON
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(root)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    private static void content(ObjectNode node, Content content) {
        content.digest().ifPresent(d -> node.put("digest", d.toString()));
        content.inline()
                .ifPresent(bytes -> node.put("inline", Base64.getEncoder().encodeToString(bytes)));
    }

    /** Parses and checks a locked app; {@code what} names the blob in messages ("locked app of REF"). */
    static LockedApp parse(byte[] json, String what) {
        JsonNode root;
        try {
            root = Transport.JSON.readTree(json);
        } catch (IOException e) {
            throw bad(what, "it is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw bad(what, "it is not a JSON object");
        }
        int version = root.path("spin_lock_version").asInt(-1);
        if (version != 0 && version != 1) {
            throw bad(what, "spin_lock_version " + root.path("spin_lock_version") + " is not one wharf reads (0 or 1)");
        }
        var mustUnderstand = root.path("must_understand");
        if (mustUnderstand.isArray() && !mustUnderstand.isEmpty()) {
            throw new OciException(
                    OciException.Reason.UNSUPPORTED,
                    what + ": the app requires host features wharf lacks (" + mustUnderstand + "); run it with Spin");
        }
        var meta = root.path("metadata");
        var name = meta.path("name").asText("");
        if (name.isEmpty()) {
            throw bad(what, "metadata.name is missing");
        }
        var metadata = new Metadata(
                name,
                meta.path("version").asText(""),
                meta.path("description").asText(""),
                strings(meta.path("authors"), what, "metadata.authors"));

        var variables = new LinkedHashMap<String, LockedVariable>();
        for (var entry : root.path("variables").properties()) {
            if (!VARIABLE_NAME.matcher(entry.getKey()).matches()) {
                throw bad(what, "variable name `" + entry.getKey() + "` is not lowercase snake_case");
            }
            var v = entry.getValue();
            var defaultValue = v.path("default").isTextual()
                    ? Optional.of(v.path("default").asText())
                    : Optional.<String>empty();
            variables.put(
                    entry.getKey(),
                    new LockedVariable(defaultValue, v.path("secret").asBoolean(false)));
        }

        var components = new ArrayList<LockedComponent>();
        var ids = new HashSet<String>();
        for (var c : array(root, "components", what)) {
            var id = c.path("id").asText("");
            if (!COMPONENT_ID.matcher(id).matches()) {
                throw bad(what, "component id `" + id + "` is not kebab-case (a-z, 0-9, '-')");
            }
            if (!ids.add(id)) {
                throw bad(what, "component `" + id + "` appears twice");
            }
            var where = "component `" + id + "`";
            var source = content(c.path("source"), what, where + " source");
            var files = new ArrayList<ContentPath>();
            var paths = new HashSet<String>();
            for (var f : list(c.path("files"), what, where + " files")) {
                var path = GuestPath.check(f.path("path").asText(""), what + ": " + where);
                if (!paths.add(path)) {
                    throw bad(what, where + " lists file " + path + " twice");
                }
                files.add(new ContentPath(content(f, what, where + " file " + path), path));
            }
            var meta2 = c.path("metadata");
            components.add(new LockedComponent(
                    id,
                    source,
                    stringMap(c.path("env"), what, where + " env"),
                    files,
                    stringMap(c.path("config"), what, where + " config"),
                    strings(meta2.path("allowed_outbound_hosts"), what, where + " allowed_outbound_hosts"),
                    strings(meta2.path("key_value_stores"), what, where + " key_value_stores")));
        }

        var triggers = new ArrayList<LockedTrigger>();
        for (var t : array(root, "triggers", what)) {
            var type = t.path("trigger_type").asText("");
            var id = t.path("id").asText("");
            if (!type.equals("http")) {
                throw new OciException(
                        OciException.Reason.UNSUPPORTED,
                        what + ": trigger `" + id + "` is of type `" + type + "`; wharf serves http triggers only");
            }
            var config = t.path("trigger_config");
            var component = config.path("component").asText("");
            if (!ids.contains(component)) {
                throw bad(
                        what, "trigger `" + id + "` names component `" + component + "`, which the app does not have");
            }
            var routeNode = config.path("route");
            Optional<String> route;
            if (routeNode.isTextual()) {
                route = Optional.of(routeNode.asText());
            } else if (routeNode.path("private").asBoolean(false)) {
                route = Optional.empty();
            } else {
                throw bad(what, "trigger `" + id + "` has no route");
            }
            var executorNode = config.path("executor");
            var executor = executorNode.path("type").asText("spin");
            if (!executor.equals("spin") && !executor.equals("wagi") && !executor.equals("http")) {
                throw new OciException(
                        OciException.Reason.UNSUPPORTED,
                        what + ": trigger `" + id + "` uses executor `" + executor + "`; wharf knows wagi and spin");
            }
            triggers.add(new LockedTrigger(
                    id.isEmpty() ? "http-trigger-" + (triggers.size() + 1) : id,
                    route,
                    component,
                    executor.equals("wagi") ? "wagi" : "spin",
                    optionalText(executorNode, "entrypoint"),
                    optionalText(executorNode, "argv")));
        }
        return new LockedApp(metadata, variables, triggers, components);
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        return node.path(field).isTextual() ? Optional.of(node.path(field).asText()) : Optional.empty();
    }

    private static Content content(JsonNode node, String what, String where) {
        Optional<Digest> digest = Optional.empty();
        Optional<byte[]> inline = Optional.empty();
        if (node.path("digest").isTextual()) {
            try {
                digest = Optional.of(Digest.parse(node.path("digest").asText()));
            } catch (OciException e) {
                throw bad(what, where + ": " + e.getMessage());
            }
        }
        if (node.path("inline").isTextual()) {
            try {
                inline = Optional.of(
                        Base64.getDecoder().decode(node.path("inline").asText()));
            } catch (IllegalArgumentException e) {
                throw bad(what, where + ": inline content is not base64");
            }
        }
        if (digest.isEmpty() && inline.isEmpty()) {
            throw bad(what, where + " has neither a digest nor inline content (a local source was never locked)");
        }
        if (digest.isPresent()
                && inline.isPresent()
                && !Digest.sha256(inline.get()).equals(digest.get())) {
            throw new OciException(
                    OciException.Reason.INTEGRITY, what + ": " + where + ": inline content does not match its digest");
        }
        return new Content(digest, inline);
    }

    private static List<JsonNode> array(JsonNode root, String field, String what) {
        var node = root.path(field);
        if (!node.isArray()) {
            throw bad(what, field + " is missing or not a list");
        }
        return list(node, what, field);
    }

    private static List<JsonNode> list(JsonNode node, String what, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad(what, where + " is not a list");
        }
        if (node.size() > MAX_ENTRIES) {
            throw bad(
                    what, where + " has " + node.size() + " entries, more than the " + MAX_ENTRIES + " wharf accepts");
        }
        var out = new ArrayList<JsonNode>();
        node.forEach(out::add);
        return out;
    }

    private static List<String> strings(JsonNode node, String what, String where) {
        var out = new ArrayList<String>();
        for (var item : list(node, what, where)) {
            if (!item.isTextual()) {
                throw bad(what, where + " holds a non-string");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode node, String what, String where) {
        var out = new LinkedHashMap<String, String>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw bad(what, where + " is not an object");
        }
        for (var e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw bad(what, where + "." + e.getKey() + " is not a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static OciException bad(String what, String why) {
        return new OciException(OciException.Reason.PROTOCOL, what + ": " + why);
    }

    /** Guest paths from an artifact become files under the app directory: they must not climb out of it. */
    static final class GuestPath {
        private GuestPath() {}

        static String check(String path, String where) {
            if (!path.startsWith("/") || path.length() > 4096) {
                throw bad(where, "file path `" + path + "` is not an absolute guest path");
            }
            var segments = path.substring(1).split("/", -1);
            for (var s : segments) {
                if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('\0') >= 0 || s.indexOf('\\') >= 0) {
                    throw bad(
                            where,
                            "file path `" + path + "` has a segment wharf refuses (empty, '.', '..', NUL or '\\')");
                }
            }
            return path;
        }
    }
}
