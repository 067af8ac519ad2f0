package dev.wharf.cli;

import dev.wharf.oci.OciClient;
import dev.wharf.oci.OciException;
import dev.wharf.oci.Reference;
import picocli.CommandLine.Option;

/** What push, pull and registry login share: `--insecure` and reference parsing. */
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
            throw e.withExitCode(OciException.EXIT_USAGE); // the user typed it: a usage error
        }
    }
}
