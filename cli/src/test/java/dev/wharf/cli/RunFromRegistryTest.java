package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.oci.RegistryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wharf push` then `wharf run REF`: the module comes back from the registry verified and runs. */
class RunFromRegistryTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aPushedModuleRunsStraightFromTheRegistry() throws Exception {
        try (var registry = RegistryProcess.start(Files.createDirectories(dir.resolve("registry")))) {
            String ref = registry.host() + "/modules/hello:v1";
            var push = WharfCli.run("push", WharfCli.fixture("hello").toString(), ref);
            assertEquals(0, push.exit(), push.err());

            var run = WharfCli.run("run", "--env", "WHARF_TEST_VAR=from-registry", ref, "x");
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().contains("argv[0]=" + ref + "\nargv[1]=x\n"), run.out());
            assertTrue(run.out().contains("WHARF_TEST_VAR=from-registry"), run.out());

            var bare = WharfCli.run(ref);
            assertEquals(0, bare.exit(), "`wharf REF` means `wharf run REF`: " + bare.err());

            String nope = registry.host() + "/modules/hello:nope";
            var missing = WharfCli.run("run", nope);
            assertEquals(1, missing.exit());
            assertTrue(missing.singleErrorLine().startsWith("wharf: error: pulling " + nope + ": "), missing.err());
        }
    }
}
