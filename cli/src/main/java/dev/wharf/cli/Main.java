package dev.wharf.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The `wharf` command. Each subcommand is its own class; this one only wires them together and routes
 * `wharf MODULE ...` to `run` as wasmtime does. Errors are {@link ErrorReport}'s to print.
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
    static final Map<String, Class<?>> COMMANDS;

    static {
        var commands = new LinkedHashMap<String, Class<?>>();
        commands.put("run", RunCommand.class);
        commands.put("compile", CompileCommand.class);
        commands.put("cache", CacheCommand.class);
        commands.put("push", PushCommand.class);
        commands.put("pull", PullCommand.class);
        commands.put("registry", RegistryCommand.class);
        commands.put("validate", ValidateCommand.class);
        commands.put("inspect", InspectCommand.class);
        commands.put("dump", DumpCommand.class);
        commands.put("component", ComponentCommand.class);
        commands.put("new", NewCommand.class);
        commands.put("templates", TemplatesCommand.class);
        commands.put("build", BuildCommand.class);
        commands.put("up", UpCommand.class);
        commands.put("watch", WatchCommand.class);
        commands.put("print", PrintCommand.class);
        commands.put("explore", ExploreCommand.class);
        commands.put("k8s", K8sCommand.class);
        commands.put("deploy", DeployCommand.class);
        commands.put("apps", AppsCommand.class);
        commands.put("logs", LogsCommand.class);
        commands.put("undeploy", UndeployCommand.class);
        COMMANDS = Collections.unmodifiableMap(commands);
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
