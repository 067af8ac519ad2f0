package dev.wharf.cli;

import dev.wharf.manifest.TemplateException;
import dev.wharf.manifest.Templates;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `wharf new TEMPLATE NAME [--output DIR]`: a new app from a template, as `spin new` makes one. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = "Create an app from a template (`wharf templates` lists them).")
final class NewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "The template, e.g. http-c, http-rust, http-wat.")
    String template;

    @Parameters(index = "1", paramLabel = "NAME", description = "The app name (made kebab-case).")
    String name;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Where to create the app (default: ./NAME). Must not exist or be empty.")
    Path output;

    @Override
    public Integer call() {
        String appName;
        var dir = output;
        try {
            appName = Templates.appName(name);
            if (dir == null) {
                dir = Path.of(appName);
            }
            Templates.render(template, name, dir);
        } catch (TemplateException e) {
            throw e.context("new");
        }
        System.out.println("Created app `" + appName + "` from template " + template + " in " + dir);
        System.out.println("Next: cd " + dir + " && wharf build");
        return 0;
    }
}
