package dev.wharf.cli;

import dev.wharf.oci.MediaTypes;
import dev.wharf.oci.OciException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `wharf push MODULE.wasm REF`: publishes a module as a CNCF wasm OCI artifact; prints the manifest digest. */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Push a wasm module to an OCI registry as a wasm artifact (config " + MediaTypes.WASM_CONFIG
                    + ", one layer).",
            "Prints the manifest digest. Credentials come from `wharf registry login` (docker's config.json)."
        })
final class PushCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODULE.wasm", description = "The module to push.")
    Path module;

    @Parameters(index = "1", paramLabel = "REF", description = "Where to: HOST[:PORT]/REPO[:TAG].")
    String reference;

    @Option(
            names = "--layer-media-type",
            paramLabel = "TYPE",
            defaultValue = MediaTypes.WASM_LAYER,
            description = "Layer media type: ${DEFAULT-VALUE} (CNCF) or " + MediaTypes.RUNWASI_LAYER + " (runwasi).")
    String layerMediaType;

    @Mixin
    OciFlags flags;

    @Override
    public Integer call() {
        var ref = OciFlags.reference(reference);
        try (var client = flags.client()) {
            var pushed = client.push(module, ref, layerMediaType);
            System.out.println(pushed.manifestDigest());
            System.err.printf(
                    "pushed %s to %s (%d uploaded, %d mounted, %d already there)%n",
                    module.getFileName(), pushed.reference(), pushed.uploaded(), pushed.mounted(), pushed.skipped());
            return 0;
        } catch (OciException e) {
            throw OciFlags.failure(e);
        }
    }
}
