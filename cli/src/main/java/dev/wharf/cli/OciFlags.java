package dev.wharf.cli;

import dev.wharf.oci.OciClient;
import dev.wharf.oci.OciException;
import dev.wharf.oci.Reference;
import picocli.CommandLine.Option;

/** What push, pull and registry login share: `--insecure`, reference parsing, and OCI errors as one line. */
final class OciFlags {
    @Option(
            names = "--insecure",
            description = "Allow plain HTTP to a registry that is not on loopback (loopback hosts always may).")
    boolean insecure;

    OciClient client() {
        return new OciClient(
                OciClient.Settings.defaults().withInsecure(insecure).withProgress(TerminalProgress.forConsole()));
    }

    static Reference reference(String text) {
        try {
            return Reference.parse(text);
        } catch (OciException e) {
            throw new Failure(Cli.EXIT_USAGE, e.getMessage(), e);
        }
    }

    /** The library's messages already name the reference or host, the step and the remedy. */
    static Failure failure(OciException e) {
        return new Failure(e.getMessage(), e);
    }
}
