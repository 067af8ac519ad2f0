package dev.wharf.cli;

import static dev.wharf.cli.ModuleCommandRun.wharf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `wharf` on the fixtures' components (fixtures/components): a host interface plugged in through the HostProvider
 * service (TestHostProvider), a composition, the WIT world as jco prints it, and a WASI command, which waits for the
 * WASI 0.2 host. The class waits for fixtures/components/build.sh to be in the tree.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ComponentFixturesTest {
    static Path components;

    @BeforeAll
    static void fixtures() {
        Path repo = Path.of(System.getProperty("wharf.repo.dir"));
        assumeTrue(
                Files.isRegularFile(repo.resolve("fixtures/components/build.sh")),
                "fixtures/components is not in this tree yet");
        components = Path.of(System.getProperty("wharf.fixtures.dir"), "components");
    }

    static String fixture(String name) {
        Path p = components.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: fixtures/build.sh builds it");
        }
        return p.toString();
    }

    @Test
    void aHostInterfaceFromAProviderServesTheComponentsImports() {
        var run = wharf("run", "--invoke", "run(\"Wharf\")", fixture("canon_host.wasm"));
        assertEquals(0, run.exit(), run.err());
        assertEquals(
                "\"add=42\\ngreeting=Hello, Wharf!\\nsplit=7,9\\nlookup(key1)=value-of-key1\\nlookup(other)=none\\n"
                        + "parse(-12345678901)=ok:-12345678901\\nparse(12x)=err:not a number: 12x\\nword-lengths=1,0,6\\n"
                        + "store=true,false\\nwide*8=415\"\n",
                run.out());
    }

    @Test
    void aCompositionRunsFromTheCommandLine() {
        var run = wharf("run", "--invoke", "wharf:test/report@0.1#run()", fixture("composed_counters.wasm"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("\"increment=7\\nlive=2\\nmerged=a+b"), run.out());
    }

    @Test
    void theWorldStartsAsJcoPrintsIt() {
        var run = wharf("component", "wit", fixture("canon_host.wasm"));
        assertTrue(run.out().startsWith("""
                package root:component;

                world root {
                  import wharf:test/host@0.1.0;

                  export wharf:test/runner@0.1.0;
                }
                """), run.out());
        assertTrue(run.out().contains("    record entry {\n      key: string,\n      value: s64,\n    }\n"), run.out());
    }

    @Test
    void aWasiCommandNamesTheFirstInterfaceNoHostServes() {
        String line = wharf("run", fixture("hello.wasm")).oneErrorLine();
        assertTrue(line.contains(": cannot instantiate the component: imports `wasi:"), line);
        assertTrue(
                line.contains("which Wharf does not provide (no WASI 0.2 host interface of that name is linked)"),
                line);
    }
}
