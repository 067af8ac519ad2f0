package dev.wharf.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The `wharf` command. Each subcommand is its own class; this one only wires them together, routes
 * `wharf MODULE ...` to `run` as wasmtime does, and maps errors to one line and an exit code.
 */
@Command(
        name = "wharf",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "WebAssembly for infrastructure, on the JVM.",
        // the rest are added by Cli, only the one a run asks for: building all of them costs start-up time
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /**
     * Every subcommand by its name, in the order `wharf --help` lists them. Each name repeats the class's own
     * {@code @Command(name)} (HelpTest checks they agree) so that routing reads no annotations: reading those of
     * every command class cost a plain `wharf run` about 40 ms of its start.
     */
    static final java.util.Map<String, Class<?>> COMMANDS = commands(
            "run", RunCommand.class,
            "compile", CompileCommand.class,
            "cache", CacheCommand.class,
            "push", PushCommand.class,
            "pull", PullCommand.class,
            "registry", RegistryCommand.class,
            "validate", ValidateCommand.class,
            "inspect", InspectCommand.class,
            "dump", DumpCommand.class,
            "new", NewCommand.class,
            "templates", TemplatesCommand.class,
            "build", BuildCommand.class,
            "up", UpCommand.class,
            "watch", WatchCommand.class,
            "print", PrintCommand.class,
            "explore", ExploreCommand.class,
            "k8s", K8sCommand.class,
            "deploy", DeployCommand.class,
            "apps", AppsCommand.class,
            "logs", LogsCommand.class,
            "undeploy", UndeployCommand.class);

    private static java.util.Map<String, Class<?>> commands(Object... nameThenClass) {
        var map = new java.util.LinkedHashMap<String, Class<?>>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            map.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    // Cli.routeBareModule consumes a leading --debug before picocli parses; declared here for --help.
    @CommandLine.Option(names = "--debug", description = "Show diagnostics and stack traces (same as WHARF_LOG=debug).")
    boolean debug;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI in-process and returns its exit code; tests call this directly. */
    public static int execute(String... args) {
        String[] routed = Cli.routeBareModule(args);
        Integer plain = RunCommand.runWithoutOptions(routed);
        if (plain != null) {
            return plain;
        }
        return Cli.newCommandLine(routed).execute(routed);
    }

    @Override
    public void run() {
        Cli.newCommandLine(new String[0]).usage(System.err);
    }

    static final class Version implements CommandLine.IVersionProvider {
        static String current() {
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                var props = new Properties();
                props.load(in);
                return props.getProperty("version");
            } catch (IOException | NullPointerException e) {
                return "0.0.0";
            }
        }

        @Override
        public String[] getVersion() {
            return new String[] {"wharf " + current()};
        }
    }
}
