package dev.wharf.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * The app templates shipped in this module's resources ({@code templates/index.toml} lists them) and the
 * rendering behind {@code wharf new TEMPLATE NAME}: each file is copied with {@code {{project-name}}}
 * replaced by the app name.
 */
public final class Templates {
    private static final String ROOT = "templates/";
    private static final String PLACEHOLDER = "{{project-name}}";
    static final int MAX_NAME_LENGTH = 64;

    private Templates() {}

    /** All templates, in index order. */
    public static List<Template> list() {
        var index = Toml.parse(resource("index.toml"));
        if (index.hasErrors()) {
            throw new IllegalStateException(
                    "templates/index.toml is broken: " + index.errors().get(0));
        }
        var out = new ArrayList<Template>();
        for (var name : index.keySet()) {
            var t = (TomlTable) index.get(List.of(name));
            var files = ((TomlArray) t.get(List.of("files")))
                    .toList().stream().map(Object::toString).toList();
            out.add(new Template(name, t.getString("description"), files));
        }
        return out;
    }

    public static Optional<Template> find(String name) {
        return list().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The name an app gets for a requested name: kebab-case, as component ids must be ("HelloWorld" and
     * "hello_world" become "hello-world").
     *
     * @throws TemplateException when nothing usable remains or the name is too long
     */
    public static String appName(String requested) {
        var name = AppLoader.kebab(requested);
        if (name.isEmpty() || !ManifestParser.KEBAB.matcher(name).matches()) {
            throw new TemplateException(
                    "app name `" + requested + "` has no letters to make a kebab-case id from; use e.g. `hello-world`");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new TemplateException(
                    "app name `" + requested + "` is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    /**
     * Renders a template into outputDir, which must not exist or be empty.
     *
     * @return the files written, in template order
     * @throws TemplateException for an unknown template, a bad name, a non-empty outputDir or one that cannot be written
     */
    public static List<Path> render(String templateName, String appName, Path outputDir) {
        var template = find(templateName)
                .orElseThrow(() ->
                        new TemplateException("no template `" + templateName + "`; `wharf templates` lists them"));
        var name = appName(appName);
        try {
            if (Files.isDirectory(outputDir)) {
                try (var entries = Files.list(outputDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new TemplateException(
                                outputDir + " already exists and is not empty; choose another --output or name");
                    }
                }
            } else if (Files.exists(outputDir)) {
                throw new TemplateException(outputDir + " exists and is not a directory");
            }
            var written = new ArrayList<Path>();
            for (var file : template.files()) {
                var text = resource(template.name() + "/" + file).replace(PLACEHOLDER, name);
                var target = outputDir.resolve(renamed(file));
                Files.createDirectories(target.getParent());
                Files.writeString(target, text);
                written.add(target);
            }
            return written;
        } catch (IOException e) {
            throw new TemplateException("cannot write " + outputDir + ": " + e.getMessage(), e);
        }
    }

    /** "_gitignore" -> ".gitignore" (Maven drops dotfiles from resources), in any directory. */
    static String renamed(String file) {
        int slash = file.lastIndexOf('/');
        var dir = file.substring(0, slash + 1);
        var base = file.substring(slash + 1);
        return base.startsWith("_") ? dir + "." + base.substring(1) : file;
    }

    private static String resource(String path) {
        try (InputStream in = Templates.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("template resource " + ROOT + path + " is missing from the wharf jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
