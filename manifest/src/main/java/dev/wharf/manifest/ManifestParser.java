package dev.wharf.manifest;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * spin.toml (manifest version 2) to a validated {@link App}. Reads every key through {@link TomlSection} so
 * errors and warnings carry file:line, checks cross-references (triggers to components, templates to
 * variables, unique routes) and resolves files and sources against the app directory.
 */
final class ManifestParser {
    static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    // a manifest is a few kilobytes; a huge file is a wrong path, and parsing it would only waste memory
    static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;

    private final ManifestFile file;
    private final Path baseDir;
    private final AppLoader.Mode mode;
    private final Path cacheRoot;

    ManifestParser(Path manifest, AppLoader.Mode mode, Path cacheRoot) {
        this.file = new ManifestFile(manifest);
        this.baseDir = manifest.toAbsolutePath().normalize().getParent();
        this.mode = mode;
        this.cacheRoot = cacheRoot;
    }

    LoadResult parse() {
        var root = new TomlSection(file, readToml(), "", "", "", 1);
        checkVersion(root);
        var info = application(root);
        var variables = variables(root);

        var components = new LinkedHashMap<String, Component>();
        var componentsTable = root.childTable("component");
        if (componentsTable.isPresent()) {
            var table = componentsTable.get();
            for (var id : table.keys()) {
                var section = table.childTable(id).orElseThrow();
                components.put(id, component(section, id, false, info, variables));
                section.warnUnknownKeys();
            }
        }
        var triggers = triggers(root, components, info, variables);
        root.warnUnknownKeys();
        var app = new App(file.path, baseDir, info, variables, triggers, components);
        return new LoadResult(app, file.warnings());
    }

    private TomlTable readToml() {
        byte[] bytes;
        try {
            if (Files.size(file.path) > MAX_MANIFEST_BYTES) {
                throw file.error(0, "larger than " + (MAX_MANIFEST_BYTES >> 20) + " MiB: not a manifest");
            }
            bytes = Files.readAllBytes(file.path);
        } catch (IOException e) {
            throw new ManifestException(file.path, 0, "", file.shown + ": cannot read: " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw file.error(0, "not UTF-8 text: a manifest is a TOML file");
        }
        var parsed = Toml.parse(text);
        if (parsed.hasErrors()) {
            var first = parsed.errors().get(0);
            int line = first.position() == null ? 0 : first.position().line();
            throw file.error(line, "invalid TOML: " + first.getMessage());
        }
        return parsed;
    }

    private void checkVersion(TomlSection root) {
        var version = root.raw("spin_manifest_version");
        if (version == null) {
            throw file.error(
                    1,
                    "",
                    "spin_manifest_version",
                    "spin_manifest_version",
                    "missing; expected spin_manifest_version = 2 at the top of the file");
        }
        if (version instanceof Long l && l == 2) {
            return;
        }
        if ("1".equals(version) || Long.valueOf(1).equals(version)) {
            throw root.error(
                    "spin_manifest_version",
                    "version 1 manifests are not supported; expected 2 (`spin doctor` migrates them)");
        }
        throw root.expected("spin_manifest_version", "2", version);
    }

    private AppInfo application(TomlSection root) {
        var section = root.childTable("application")
                .orElseThrow(() -> file.error(
                        1,
                        "",
                        "",
                        "application",
                        "missing [application] table; expected [application] with name = \"...\""));
        var name = section.requiredString("name");
        if (name.isBlank()) {
            throw section.error("name", "expected a non-empty name");
        }
        var info = new AppInfo(
                name,
                section.string("version").orElse(""),
                section.string("description").orElse(""),
                section.stringList("authors"));
        section.ignore("trigger", "(application-wide trigger settings) is not used by wharf; ignored");
        section.warnUnknownKeys();
        return info;
    }

    private Map<String, Variable> variables(TomlSection root) {
        var out = new LinkedHashMap<String, Variable>();
        var table = root.childTable("variables");
        if (table.isEmpty()) {
            return out;
        }
        for (var name : table.get().keys()) {
            if (!SNAKE.matcher(name).matches()) {
                throw table.get().error(name, "variable names must be lowercase snake_case (e.g. `api_key`)");
            }
            var value = table.get().raw(name);
            if (!(value instanceof TomlTable)) {
                throw table.get().expected(name, "{ default = \"...\" } or { required = true }", value);
            }
            var v = table.get().section(name).orElseThrow();
            var defaultValue = v.string("default");
            boolean required = v.bool("required").orElse(false);
            boolean secret = v.bool("secret").orElse(false);
            if (required && defaultValue.isPresent()) {
                throw table.get().error(name, "a variable cannot be both required and have a default; remove one");
            }
            v.warnUnknownKeys();
            out.put(name, new Variable(name, defaultValue, required, secret));
        }
        table.get().warnUnknownKeys();
        return out;
    }

    private List<HttpTrigger> triggers(
            TomlSection root, Map<String, Component> components, AppInfo info, Map<String, Variable> variables) {
        var out = new ArrayList<HttpTrigger>();
        var triggerTable = root.childTable("trigger");
        if (triggerTable.isEmpty()) {
            return out;
        }
        var declared = new LinkedHashMap<>(components);
        var routeOwners = new HashMap<String, Integer>();
        var ids = new HashMap<String, Integer>();
        for (var type : triggerTable.get().keys()) {
            if (!type.equals("http")) {
                triggerTable.get().accept(type);
                file.warn(
                        triggerTable.get().lineOf(type),
                        "[[trigger." + type + "]] is not supported by wharf (only [[trigger.http]]); ignored");
                continue;
            }
            var raw = triggerTable.get().raw("http");
            if (!(raw instanceof TomlArray entries)) {
                throw triggerTable.get().expected("http", "[[trigger.http]] entries (an array of tables)", raw);
            }
            for (int i = 0; i < entries.size(); i++) {
                int line = entries.inputPositionOf(i).line();
                if (!(entries.get(i) instanceof TomlTable t)) {
                    throw file.error(
                            line,
                            "[[trigger.http]]",
                            "",
                            "trigger.http",
                            "expected a table, found " + TomlSection.describe(entries.get(i)));
                }
                var section = new TomlSection(file, t, "[[trigger.http]]", "trigger.http[" + i + "]", "", line);
                var trigger = httpTrigger(section, i, components, declared, info, variables);
                var previousId = ids.putIfAbsent(trigger.id(), line);
                if (previousId != null) {
                    throw section.error(
                            "id",
                            "trigger id `" + trigger.id() + "` is already used by the trigger at line " + previousId);
                }
                if (!(trigger.route() instanceof Route.Private)) {
                    var previous =
                            routeOwners.putIfAbsent(RouteSyntax.collisionKey(trigger.route()), section.lineOf("route"));
                    if (previous != null) {
                        throw section.error(
                                "route",
                                "route " + describeRoute(trigger.route()) + " duplicates the route at line " + previous
                                        + "; each route may have one trigger");
                    }
                }
                section.warnUnknownKeys();
                out.add(trigger);
            }
        }
        triggerTable.get().warnUnknownKeys();
        return out;
    }

    private HttpTrigger httpTrigger(
            TomlSection section,
            int index,
            Map<String, Component> components,
            Map<String, Component> declared,
            AppInfo info,
            Map<String, Variable> variables) {
        var id = section.string("id").orElse("http-trigger-" + (index + 1));
        var route = route(section);
        var executor = executor(section);
        String componentId;
        var ref = section.raw("component");
        switch (ref) {
            case null -> throw section.tableError("missing component; expected component = \"<component id>\"");
            case String s -> {
                if (!declared.containsKey(s)) {
                    throw section.error(
                            "component",
                            "no component `" + s + "` is defined"
                                    + (declared.isEmpty()
                                            ? ""
                                            : " (defined: " + String.join(", ", declared.keySet()) + ")")
                                    + "; add a [component." + s + "] table");
                }
                componentId = s;
            }
            case TomlTable t -> {
                componentId = id + "-component";
                if (components.containsKey(componentId)) {
                    throw section.error(
                            "component",
                            "the inline component's id `" + componentId + "` clashes with a [component." + componentId
                                    + "] table; give the trigger another id");
                }
                var inline = section.nested(t, "component", section.lineOf("component"));
                components.put(componentId, component(inline, componentId, true, info, variables));
                inline.warnUnknownKeys();
            }
            default -> throw section.expected("component", "a component id or an inline { source = ... } table", ref);
        }
        return new HttpTrigger(id, route, componentId, executor);
    }

    private static String describeRoute(Route route) {
        return switch (route) {
            case Route.Exact e -> "\"" + e.pattern() + "\"";
            case Route.Wildcard w -> "\"" + w.pattern() + "\"";
            case Route.Private p -> "{ private = true }";
        };
    }

    private Route route(TomlSection section) {
        var raw = section.raw("route");
        switch (raw) {
            case null ->
                throw section.tableError(
                        "missing route; expected route = \"/path\", \"/path/...\" or { private = true }");
            case String s -> {
                try {
                    return Route.parse(s);
                } catch (IllegalArgumentException e) {
                    throw section.error("route", e.getMessage());
                }
            }
            case TomlTable t -> {
                var table = section.section("route").orElseThrow();
                if (table.bool("private").orElse(false)) {
                    table.warnUnknownKeys();
                    return new Route.Private();
                }
                throw section.error("route", "expected a path like \"/hello\" or { private = true }");
            }
            default -> throw section.expected("route", "a path like \"/hello\" or { private = true }", raw);
        }
    }

    private Executor executor(TomlSection section) {
        var table = section.section("executor");
        if (table.isEmpty()) {
            return Executor.SPIN;
        }
        var type = table.get().requiredString("type");
        var executor = switch (type) {
            case "wagi" ->
                new Executor(
                        Executor.Kind.WAGI,
                        table.get().string("entrypoint"),
                        table.get().string("argv"));
            case "spin" -> Executor.SPIN;
            default -> throw table.get().error("type", "expected \"spin\" or \"wagi\", found \"" + type + "\"");
        };
        table.get().warnUnknownKeys();
        return executor;
    }

    private Component component(
            TomlSection s, String id, boolean inline, AppInfo info, Map<String, Variable> variables) {
        if (!KEBAB.matcher(id).matches()) {
            throw file.error(
                    s.line(),
                    s.label(),
                    "",
                    inline ? s.fullKey("").replaceAll("\\.$", "") : "component." + id,
                    "component id `" + id + "` must be kebab-case: lowercase words joined by '-' (e.g. `my-api`)");
        }
        s.accept("description");
        s.accept("tool"); // Spin reserves [component.x.tool] for third-party tools' own settings
        s.ignore("allowed_http_hosts", "is a Spin 1 key; use allowed_outbound_hosts; ignored");
        for (var unsupported :
                List.of("sqlite_databases", "ai_models", "dependencies", "dependencies_inherit_configuration")) {
            s.ignore(unsupported, "is not supported by wharf yet; ignored");
        }

        var build = build(s, inline);
        var remote = Optional.<RemoteSource>empty();
        Path sourcePath;
        var source = s.raw("source");
        switch (source) {
            case null ->
                throw s.tableError("missing source; expected source = \"path/to/module.wasm\" or { url, digest }");
            case String path -> {
                if (path.isBlank()) {
                    throw s.error("source", "expected a path to a .wasm file, found an empty string");
                }
                sourcePath = baseDir.resolve(path).normalize();
                if (mode == AppLoader.Mode.RUN && !Files.isRegularFile(sourcePath)) {
                    throw s.error(
                            "source",
                            "file `" + path + "` does not exist"
                                    + (build.isPresent()
                                            ? " (run `wharf build` first)"
                                            : " (relative to " + baseDir + ")"));
                }
            }
            case TomlTable t -> {
                var table = s.section("source").orElseThrow();
                if (table.has("registry") || table.has("package")) {
                    throw s.error("source", "registry sources are not supported yet; use a path or { url, digest }");
                }
                if (!table.has("url")) {
                    throw s.expected("source", "a path or { url, digest }", t);
                }
                var url = table.requiredString("url");
                var digest = table.requiredString("digest");
                URI uri;
                try {
                    uri = new URI(url);
                } catch (URISyntaxException e) {
                    throw table.error("url", "not a URL: " + e.getMessage());
                }
                if (!RemoteFetcher.DIGEST.matcher(digest).matches()) {
                    throw table.error(
                            "digest", "expected \"sha256:<64 lowercase hex digits>\", found \"" + digest + "\"");
                }
                table.warnUnknownKeys();
                var remoteSource = new RemoteSource(uri, digest);
                remote = Optional.of(remoteSource);
                var cacheDir = appCacheDir(info);
                if (mode == AppLoader.Mode.RUN) {
                    try {
                        sourcePath = RemoteFetcher.fetch(remoteSource, cacheDir);
                    } catch (RemoteFetcher.FetchException e) {
                        throw file.error(s.lineOf("source"), s.label(), "source", s.fullKey("source"), e.getMessage());
                    }
                } else {
                    sourcePath = RemoteFetcher.cachedPath(cacheDir, digest);
                }
            }
            default -> throw s.expected("source", "a path or { url, digest }", source);
        }

        var files = files(s);
        var environment = s.stringMap("environment");
        var hosts = s.stringList("allowed_outbound_hosts");
        var templates = componentVariables(s, variables);
        for (var host : hosts) {
            List<String> used;
            try {
                used = VariableTemplate.names(host);
            } catch (IllegalArgumentException e) {
                throw s.error("allowed_outbound_hosts", e.getMessage());
            }
            for (var ref : used) {
                if (!templates.containsKey(ref) && !variables.containsKey(ref)) {
                    throw s.error(
                            "allowed_outbound_hosts",
                            "`" + host + "` uses `{{ " + ref + " }}`, but neither this "
                                    + "component's variables nor [variables] declare `" + ref + "`; add " + ref
                                    + " = { default = \"...\" } or { required = true } to [variables]");
                }
            }
            // a template's scheme may come from a variable: the expanded entry is checked when the app is served
            if (used.isEmpty() && !host.contains("://")) {
                throw s.error(
                        "allowed_outbound_hosts",
                        "`" + host + "` has no scheme; expected scheme://host[:port], e.g. \"https://" + host + "\"");
            }
        }
        var stores = s.stringList("key_value_stores");
        for (var store : stores) {
            if (store.isBlank()) {
                throw s.error("key_value_stores", "expected store labels like \"default\", found an empty string");
            }
        }
        return new Component(id, sourcePath, remote, files, environment, hosts, stores, templates, build);
    }

    private Map<String, String> componentVariables(TomlSection s, Map<String, Variable> variables) {
        var table = s.section("variables");
        if (table.isEmpty()) {
            return Map.of();
        }
        var out = new LinkedHashMap<String, String>();
        for (var name : table.get().keys()) {
            if (!SNAKE.matcher(name).matches()) {
                throw table.get().error(name, "variable names must be lowercase snake_case (e.g. `api_key`)");
            }
            var template = table.get().string(name).orElseThrow();
            List<String> used;
            try {
                used = VariableTemplate.names(template);
            } catch (IllegalArgumentException e) {
                throw table.get().error(name, e.getMessage());
            }
            for (var ref : used) {
                if (!variables.containsKey(ref)) {
                    throw table.get()
                            .error(
                                    name,
                                    "the template uses `{{ " + ref + " }}` but [variables] declares no `" + ref
                                            + "`; add " + ref
                                            + " = { default = \"...\" } or { required = true } to [variables]");
                }
            }
            out.put(name, template);
        }
        return out;
    }

    private Optional<BuildSpec> build(TomlSection s, boolean inline) {
        var table = inline ? s.section("build") : s.childTable("build");
        if (table.isEmpty()) {
            return Optional.empty();
        }
        var b = table.get();
        var command = b.requiredString("command");
        if (command.isBlank()) {
            throw b.error("command", "expected a shell command, found an empty string");
        }
        var workdir =
                b.string("workdir").map(w -> baseDir.resolve(w).normalize()).orElse(baseDir);
        var watch = b.stringList("watch");
        b.warnUnknownKeys();
        return Optional.of(new BuildSpec(command, workdir, watch));
    }

    private List<FileMount> files(TomlSection s) {
        var raw = s.raw("files");
        if (raw == null) {
            s.stringList("exclude_files");
            return List.of();
        }
        if (!(raw instanceof TomlArray entries)) {
            throw s.expected("files", "an array of globs and { source, destination } tables", raw);
        }
        var excludes = new ArrayList<Glob>();
        for (var pattern : s.stringList("exclude_files")) {
            excludes.add(glob(s, "exclude_files", pattern));
        }
        var byGuestPath = new LinkedHashMap<String, FileMount>();
        for (int i = 0; i < entries.size(); i++) {
            var entry = entries.get(i);
            int line = entries.inputPositionOf(i).line();
            switch (entry) {
                case String pattern -> {
                    var glob = glob(s, "files", pattern);
                    var matched = glob.expand(baseDir);
                    if (matched.isEmpty()) {
                        file.warn(line, "files pattern `" + pattern + "` in " + s.label() + " matches no files");
                    }
                    for (var rel : matched) {
                        byGuestPath.put("/" + rel, new FileMount(baseDir.resolve(rel), "/" + rel));
                    }
                }
                case TomlTable t -> {
                    var mapping = s.nested(t, "files[" + i + "]", line);
                    var source = mapping.requiredString("source");
                    var destination = mapping.requiredString("destination");
                    if (!destination.startsWith("/")) {
                        throw mapping.error(
                                "destination",
                                "expected an absolute guest path like \"/\" or \"/assets\", found \"" + destination
                                        + "\"");
                    }
                    mapping.warnUnknownKeys();
                    var host = baseDir.resolve(source).normalize();
                    if (Files.isRegularFile(host)) {
                        byGuestPath.put(destination, new FileMount(host, destination));
                    } else if (Files.isDirectory(host)) {
                        var under = destination.endsWith("/") ? destination : destination + "/";
                        for (var rel : new Glob("**").expand(host)) {
                            byGuestPath.put(under + rel, new FileMount(host.resolve(rel), under + rel));
                        }
                    } else if (mode == AppLoader.Mode.RUN) {
                        throw mapping.error(
                                "source",
                                "file or directory `" + source + "` does not exist (relative to " + baseDir + ")");
                    }
                }
                default ->
                    throw file.error(
                            line,
                            s.label(),
                            "files[" + i + "]",
                            s.fullKey("files"),
                            "expected a glob string or { source, destination }, found " + TomlSection.describe(entry));
            }
        }
        var out = new ArrayList<FileMount>();
        for (var mount : byGuestPath.values()) {
            var rel = Glob.relative(baseDir, mount.hostPath());
            if (excludes.stream().noneMatch(g -> g.matches(rel))) {
                out.add(mount);
            }
        }
        return out;
    }

    private Glob glob(TomlSection s, String key, String pattern) {
        if (pattern.startsWith("/") || List.of(pattern.split("/")).contains("..")) {
            throw s.error(
                    key,
                    "glob `" + pattern
                            + "` must be relative to the app directory and stay inside it; use { source, destination } for other files");
        }
        try {
            return new Glob(pattern);
        } catch (IllegalArgumentException e) {
            throw s.error(key, e.getMessage());
        }
    }

    private Path appCacheDir(AppInfo info) {
        var safe = info.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return cacheRoot.resolve("apps").resolve(safe.isEmpty() ? "app" : safe);
    }
}
