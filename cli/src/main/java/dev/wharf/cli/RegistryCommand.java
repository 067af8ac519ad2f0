package dev.wharf.cli;

import dev.wharf.oci.CredentialResolver;
import dev.wharf.oci.Credentials;
import dev.wharf.oci.OciException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `wharf registry login|logout HOST`: credentials kept where docker keeps them (the credential helper its
 * config.json names for the host, else the file itself: $DOCKER_CONFIG, else ~/.docker), so docker, skopeo, oras
 * and Wharf share one login. `wharf registry push` is {@link RegistryPushCommand}.
 */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = "Push apps to OCI registries; log in and out (credentials in docker's config.json).",
        subcommands = {RegistryCommand.Login.class, RegistryCommand.Logout.class, RegistryPushCommand.class})
final class RegistryCommand implements Runnable {
    private static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
    /** A password on stdin is a line or a token, never megabytes. */
    private static final int MAX_PASSWORD = 64 * 1024;

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    /** `https://host:5000/` or `host:5000` to `host:5000`; anything else is a usage error. */
    static String host(String text) {
        var host = text.strip().replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/+$", "");
        if (!HOST.matcher(host).matches()) {
            throw new Failure(
                    Cli.EXIT_USAGE,
                    "invalid registry host \"" + text + "\": write HOST[:PORT], e.g. ghcr.io or 127.0.0.1:5000",
                    null);
        }
        return host;
    }

    @Command(
            name = "login",
            mixinStandardHelpOptions = true,
            description = "Check credentials against a registry and save them.")
    static final class Login implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "HOST", description = "Registry host[:port].")
        String registry;

        @Option(
                names = {"-u", "--username"},
                required = true,
                paramLabel = "USER")
        String username;

        @Option(names = "--password-stdin", description = "Read the password (or token) from standard input.")
        boolean passwordStdin;

        @Mixin
        OciFlags flags;

        @Override
        public Integer call() {
            var host = host(registry);
            var credentials = new Credentials(username, password(host));
            String where;
            try (var client = flags.client()) {
                client.checkLogin(host, credentials);
                where = client.settings().credentials().store(host, credentials);
            } catch (OciException e) {
                throw OciFlags.failure(e);
            }
            System.out.println("logged in to " + host + " (credentials saved in " + where + ")");
            return 0;
        }

        private String password(String host) {
            if (!passwordStdin) {
                var console = System.console();
                if (console == null) {
                    throw new Failure(
                            Cli.EXIT_USAGE,
                            "login to " + host
                                    + ": no terminal to ask for the password; pipe it in with --password-stdin",
                            null);
                }
                var typed = console.readPassword("password for %s@%s: ", username, host);
                if (typed == null || typed.length == 0) {
                    throw new Failure(Cli.EXIT_USAGE, "login to " + host + ": no password given", null);
                }
                return new String(typed);
            }
            byte[] bytes;
            try {
                bytes = System.in.readNBytes(MAX_PASSWORD + 1);
            } catch (IOException e) {
                throw new Failure("login to " + host + ": cannot read the password from stdin: " + e.getMessage(), e);
            }
            if (bytes.length > MAX_PASSWORD) {
                throw new Failure(
                        Cli.EXIT_USAGE,
                        "login to " + host + ": the password on stdin is longer than " + MAX_PASSWORD + " bytes",
                        null);
            }
            // `echo pw | wharf registry login ...` appends a newline that is not part of the password
            var password = new String(bytes, StandardCharsets.UTF_8).replaceFirst("\r?\n$", "");
            if (password.isEmpty()) {
                throw new Failure(
                        Cli.EXIT_USAGE, "login to " + host + ": stdin held no password (--password-stdin)", null);
            }
            return password;
        }
    }

    @Command(
            name = "logout",
            mixinStandardHelpOptions = true,
            description = "Forget the saved credentials for a registry.")
    static final class Logout implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "HOST", description = "Registry host[:port].")
        String registry;

        @Override
        public Integer call() {
            var host = host(registry);
            var credentials = CredentialResolver.defaults();
            try {
                var removed = credentials.remove(host);
                if (removed.isPresent()) {
                    System.out.println("logged out of " + host + " (removed from " + removed.get() + ")");
                } else {
                    System.out.println("not logged in to " + host + " (no login for it in " + credentials.configFile()
                            + " or the helper it names)");
                }
            } catch (OciException e) {
                throw OciFlags.failure(e);
            }
            return 0;
        }
    }
}
