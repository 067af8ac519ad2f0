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
    /** Every subcommand, in the order `wharf --help` lists them. */
    static final Class<?>[] COMMANDS = {
        RunCommand.class,
        CompileCommand.class,
        CacheCommand.class,
        PushCommand.class,
        PullCommand.class,
        RegistryCommand.class,
        ValidateCommand.class,
        InspectCommand.class,
        DumpCommand.class,
        NewCommand.class,
        TemplatesCommand.class,
        BuildCommand.class,
        UpCommand.class,
        WatchCommand.class,
        PrintCommand.class,
        ExploreCommand.class,
        K8sCommand.class,
        DeployCommand.class,
        AppsCommand.class,
        LogsCommand.class,
        UndeployCommand.class,
    };

    // Cli.routeBareModule consumes a leading --debug before picocli parses; declared here for --help.
    @CommandLine.Option(names = "--debug", description = "Show diagnostics and stack traces (same as WHARF_LOG=debug).")
    boolean debug;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI in-process and returns its exit code; tests call this directly. */
    public static int execute(String... args) {
        String[] routed = Cli.routeBareModule(args);
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
