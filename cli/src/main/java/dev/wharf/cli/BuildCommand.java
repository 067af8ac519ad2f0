package dev.wharf.cli;

import dev.wharf.manifest.AppLoader;
import dev.wharf.manifest.BuildException;
import dev.wharf.manifest.Builder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `wharf build [-f DIR|FILE] [-c ID]...`: runs the components' build commands, as `spin build` does. The
 * work is {@link Builder}'s, shared with `wharf up --build` and `wharf watch`.
 */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Run each component's build command from spin.toml / wharf.toml.",
            "The command is the [component.<id>.build] table's."
        })
final class BuildCommand implements Callable<Integer> {
    @Option(
            names = {"-f", "--from"},
            paramLabel = "DIR|FILE",
            defaultValue = ".",
            description = "The app directory or manifest (default: the current directory).")
    Path from;

    @Option(
            names = {"-c", "--component"},
            paramLabel = "ID",
            description = "Build only this component (repeatable; default: all with a build command).")
    List<String> components;

    @Override
    public Integer call() {
        try {
            var result = AppLoader.loadForBuild(from);
            result.warnings().forEach(w -> System.err.println("wharf: warning: " + w));
            var app = result.app();
            var selected = components == null || components.isEmpty()
                    ? app.components().keySet()
                    : components;
            for (var id : selected) {
                if (!app.components().containsKey(id)) {
                    throw new Failure("build: no component `" + id + "` in " + app.manifestPath() + " (components: "
                            + String.join(", ", app.components().keySet()) + ")");
                }
            }
            var built = new Builder(System.out::println).build(app, selected);
            if (built.isEmpty()) {
                System.out.println("No build command in " + app.manifestPath() + ": nothing to build");
            } else {
                System.out.println("Finished building " + built.size() + " component" + (built.size() == 1 ? "" : "s")
                        + ": " + String.join(", ", built));
            }
            return 0;
        } catch (BuildException e) {
            throw e.context("build");
        }
    }
}
