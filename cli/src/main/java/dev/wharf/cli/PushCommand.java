package dev.wharf.cli;

import dev.wharf.binary.ParsedModule;
import dev.wharf.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
            "Push a wasm module to an OCI registry as a wasm artifact.",
            "The artifact has config " + MediaTypes.WASM_CONFIG + " and one layer;",
            "a core module is validated first. Prints the manifest digest. Credentials come",
            "from `wharf registry login` (docker's config.json)."
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
        refuseInvalidCoreModule(module);
        try (var client = flags.client()) {
            var pushed = client.push(module, ref, layerMediaType);
            System.out.println(pushed.manifestDigest());
            System.err.printf(
                    "pushed %s to %s (%d uploaded, %d mounted, %d already there)%n",
                    module.getFileName(), pushed.reference(), pushed.uploaded(), pushed.mounted(), pushed.skipped());
            return 0;
        }
    }

    /**
     * A core module is checked as every command that reads one checks it, so an invalid one is refused with the same
     * line before anything reaches the registry. A component (version 0xd, layer 1) is pushed as it is: Wharf does
     * not decode components, and the registry does not care.
     */
    private static void refuseInvalidCoreModule(Path module) {
        byte[] head;
        try (InputStream in = Files.newInputStream(module)) {
            head = in.readNBytes(8);
        } catch (IOException e) {
            head = new byte[0]; // missing, a directory, unreadable: ParsedModule.read says which
        }
        boolean component = Arrays.equals(head, new byte[] {0, 'a', 's', 'm', 0x0d, 0, 0x01, 0});
        if (!component) {
            ParsedModule.read(module);
        }
    }
}
