package dev.wharf.cli;

import dev.wharf.manifest.Template;
import dev.wharf.manifest.Templates;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `wharf templates`: the app templates `wharf new` can render, as an aligned table. */
@Command(name = "templates", mixinStandardHelpOptions = true, description = "List the app templates for `wharf new`.")
final class TemplatesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        var templates = Templates.list();
        int width = Math.max(
                "NAME".length(),
                templates.stream().mapToInt(t -> t.name().length()).max().orElse(0));
        var format = "%-" + width + "s  %s%n";
        System.out.printf(format, "NAME", "DESCRIPTION");
        for (Template t : templates) {
            System.out.printf(format, t.name(), t.description());
        }
        return 0;
    }
}
