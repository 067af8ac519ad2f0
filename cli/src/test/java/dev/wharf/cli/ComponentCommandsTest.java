package dev.wharf.cli;

import static dev.wharf.cli.ModuleCommandRun.wharf;
import static dev.wharf.component.ComponentBuilder.CORE_FUNC;
import static dev.wharf.component.ComponentBuilder.FUNC;
import static dev.wharf.component.ComponentBuilder.U32;
import static dev.wharf.component.ComponentBuilder.exportDecl;
import static dev.wharf.component.ComponentBuilder.func;
import static dev.wharf.component.ComponentBuilder.funcExtern;
import static dev.wharf.component.ComponentBuilder.instanceExtern;
import static dev.wharf.component.ComponentBuilder.instanceType;
import static dev.wharf.component.ComponentBuilder.typeDecl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.component.ComponentBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that accepts components, on components written by hand (ComponentBuilder, core modules from WAT):
 * what each prints for a good one, and the one line and exit status 1 for each kind of bad input.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ComponentCommandsTest {
    static final String ADDER = """
            (module
              (memory (export "memory") 1)
              (func $divide (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
              (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
              (func (export "crash") (result i32) i32.const 1 i32.const 0 call $divide))
            """;

    @TempDir
    Path dir;

    Path adder;

    @BeforeEach
    void buildAdder() throws Exception {
        adder = new ComponentBuilder()
                .coreModule(dir, ADDER)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_FUNC, 0, "add") // core func 0
                .aliasCoreExport(CORE_FUNC, 0, "crash") // core func 1
                .type(func(U32, "a", U32, "b", U32)) // type 0
                .type(func(U32)) // type 1
                .canonLift(0, 0) // func 0
                .export("add", FUNC, 0) // func 1
                .canonLift(1, 1) // func 2
                .export("crash", FUNC, 2) // func 3
                .write(dir, "adder");
    }

    @Test
    void invokesAnExportWithWaveArgumentsAndPrintsTheResultInWave() {
        var run = wharf("run", "--invoke", "add(2, 40)", adder.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("42\n", run.out());
        var words = wharf("run", "--invoke", "add", adder.toString(), "2", "3");
        assertEquals("5\n", words.out(), words.err());
    }

    @Test
    void aCommandComponentsRunResultIsItsExitStatus() throws Exception {
        for (int status : new int[] {0, 1}) {
            Path c = new ComponentBuilder()
                    .coreModule(dir, "(module (func (export \"run\") (result i32) i32.const " + status + "))")
                    .coreInstantiate(0)
                    .aliasCoreExport(CORE_FUNC, 0, "run") // core func 0
                    .type(ComponentBuilder.result(-1, -1)) // type 0: result
                    .type(func(0)) // type 1: func() -> result
                    .canonLift(0, 1) // func 0
                    .instanceOf("run", FUNC, 0) // instance 0
                    .export("wasi:cli/run@0.2.3", ComponentBuilder.INSTANCE, 0)
                    .write(dir, "command" + status);
            var run = wharf("run", c.toString(), "ignored-arg");
            assertEquals(status, run.exit(), run.err());
            assertEquals("", run.err());
        }
    }

    @Test
    void aTrapExits134WithABacktraceNamingComponentModuleAndFunction() {
        var run = wharf("run", "--invoke", "crash()", adder.toString());
        assertEquals(134, run.exit(), run.err());
        assertTrue(run.err().contains(adder + ": wasm trap: integer divide by zero"), run.err());
        assertTrue(run.err().contains("adder.wasm!module0!divide (func 0)"), run.err());
        assertTrue(run.err().contains("adder.wasm!module0!crash (func 2)"), run.err());
    }

    @Test
    void aComponentThatIsNotACommandNeedsInvoke() {
        String line = wharf("run", adder.toString()).oneErrorLine();
        assertTrue(line.contains("is a component that does not export wasi:cli/run"), line);
        assertTrue(line.contains("exports: add, crash"), line);
    }

    @Test
    void witPrintsTheWorld() {
        var run = wharf("component", "wit", adder.toString());
        assertEquals("""
                package root:component;

                world root {
                  export add: func(a: u32, b: u32) -> u32;
                  export crash: func() -> u32;
                }
                """, run.out(), run.err());
    }

    @Test
    void validateChecksTheComponentAndItsCoreModules() throws Exception {
        var run = wharf("validate", adder.toString());
        assertEquals(adder + ": valid (component: 1 core module)\n", run.out(), run.err());
        byte[] bytes = Files.readAllBytes(adder);
        Path cut = dir.resolve("cut.wasm");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 5));
        String line = wharf("validate", cut.toString()).oneErrorLine();
        assertTrue(line.startsWith("wharf: error: " + cut + ": invalid component at byte offset 0x"), line);
        assertTrue(line.contains("truncated component"), line);
        // a core module whose code does not validate, inside a component: the offset points into the component
        // (module (func (result i32) i64.const 1)), which wat2wasm would refuse to write
        byte[] invalidCode = {
            0x00,
            0x61,
            0x73,
            0x6d,
            0x01,
            0x00,
            0x00,
            0x00, // header
            0x01,
            0x05,
            0x01,
            0x60,
            0x00,
            0x01,
            0x7f, // type section: func () -> i32
            0x03,
            0x02,
            0x01,
            0x00, // function section
            0x0a,
            0x06,
            0x01,
            0x04,
            0x00,
            0x42,
            0x01,
            0x0b // code: i64.const 1, end
        };
        Path badCode = new ComponentBuilder().coreModule(invalidCode).write(dir, "badcode");
        line = wharf("validate", badCode.toString()).oneErrorLine();
        assertTrue(line.contains("invalid component at byte offset 0x") && line.contains("core module 0"), line);
    }

    @Test
    void inspectShowsTheWorldTheModulesAndWhatTheyNeed() throws Exception {
        var run = wharf("inspect", adder.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("library (no wasi:cli/run"), run.out());
        assertTrue(run.out().contains("Core modules (1)"), run.out());
        assertTrue(run.out().contains("export add: func(a: u32, b: u32) -> u32;"), run.out());
        assertTrue(run.out().contains("WASI capabilities: none"), run.out());
        var json = new ObjectMapper()
                .readTree(wharf("inspect", "--json", adder.toString()).out());
        assertEquals("add", json.get("exports").get(0).get("name").asText());
        assertEquals(
                "func(a: u32, b: u32) -> u32",
                json.get("exports").get(0).get("wit").asText());
        assertEquals(1, json.get("coreModules").size());
    }

    @Test
    void dumpListsEverySectionAndDefinitionWithItsOffset() {
        var run = wharf("dump", adder.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("| version 0xd, layer 1 (component)"), run.out());
        assertTrue(run.out().contains("core module 0: "), run.out());
        assertTrue(run.out().contains("core instance 0: instantiate core module 0"), run.out());
        assertTrue(run.out().contains("func 0: canon lift core func 0 as type 0"), run.out());
        assertTrue(run.out().contains("export \"crash\": func 2 (as func 3)"), run.out());
    }

    @Test
    void printSaysWhatItCannotPrintAndGivesTheCoreModules() {
        var run = wharf("print", adder.toString());
        assertEquals(0, run.exit(), run.err());
        String first = run.out().lines().findFirst().orElse("");
        assertTrue(
                first.startsWith(
                        ";; " + adder + " is a component; Wharf does not print the component text " + "format yet"),
                first);
        assertTrue(run.out().contains(";;   export add: func(a: u32, b: u32) -> u32;"), run.out());
        assertTrue(run.out().contains("(func $divide"), run.out());
    }

    @Test
    void aMissingImportIsOneLineBeforeAnythingRuns() throws Exception {
        Path c = new ComponentBuilder()
                .type(instanceType(typeDecl(func(-1)), exportDecl("poke", funcExtern(0))))
                .importItem("wharf:test/missing@0.1.0", instanceExtern(0))
                .write(dir, "missing");
        String line = wharf("run", c.toString()).oneErrorLine();
        assertEquals(
                "wharf: error: " + c + ": cannot instantiate the component: imports `wharf:test/missing@0.1.0` "
                        + "(function `poke`), which Wharf does not provide",
                line);
    }

    @Test
    void aWasi03ImportIsRefusedSayingSo() throws Exception {
        Path c = new ComponentBuilder()
                .type(instanceType(typeDecl(func(-1)), exportDecl("get-arguments", funcExtern(0))))
                .importItem("wasi:cli/environment@0.3.0", instanceExtern(0))
                .write(dir, "p3");
        String line = wharf("run", c.toString()).oneErrorLine();
        assertTrue(line.contains("imports `wasi:cli/environment@0.3.0`"), line);
        assertTrue(line.contains("WASI 0.3 is not supported yet"), line);
    }

    @Test
    void anUnknownCanonicalOptionIsOneLineWithItsOffset() throws Exception {
        Path c = new ComponentBuilder()
                .coreModule(dir, ADDER)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_FUNC, 0, "add")
                .type(func(U32, "a", U32, "b", U32))
                .canonLift(0, 0, new byte[] {0x0c})
                .write(dir, "option");
        for (String command : new String[] {"validate", "run", "inspect", "dump"}) {
            String line = wharf(command, c.toString()).oneErrorLine();
            assertTrue(
                    line.matches("wharf: error: .*: invalid component at byte offset 0x[0-9a-f]+: unknown canonical "
                            + "option 0xc .*"),
                    command + ": " + line);
        }
    }

    @Test
    void aComponentWhereACoreModuleBelongsIsRefused() throws Exception {
        Path c = new ComponentBuilder().coreModule(Files.readAllBytes(adder)).write(dir, "nested");
        String line = wharf("validate", c.toString()).oneErrorLine();
        assertTrue(line.contains("core module section: expected a core module (version 1), found version 13"), line);
    }

    @Test
    void witOfACoreModuleSaysItHasNone() throws Exception {
        Path core = dir.resolve("core.wasm");
        Files.write(core, ComponentBuilder.wat2wasm(dir, ADDER));
        String line = wharf("component", "wit", core.toString()).oneErrorLine();
        assertTrue(line.contains("is a core module, not a component"), line);
    }
}
