package dev.wharf.cli;

import static dev.wharf.cli.ModuleCommandRun.fixture;
import static dev.wharf.cli.ModuleCommandRun.wharf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class InspectCommandTest {

    private static String inspect(String... args) {
        var run = wharf(args);
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        return run.out();
    }

    private static void assertLine(String report, String regex) {
        assertTrue(
                Pattern.compile("(?m)^" + regex + "$").matcher(report).find(),
                () -> "no line /" + regex + "/ in:\n" + report);
    }

    @Test
    void textReportOfACommand() {
        String report = inspect("inspect", fixture("inspect_command.wasm").toString());
        assertLine(report, "kind +command \\(exports _start.*");
        assertLine(report, "functions +5 defined, 7 imported");
        assertLine(report, "start +function 7 \\(init\\), runs at instantiation");
        assertLine(report, "Imports \\(7\\)");
        assertLine(report, "    path_open +func +\\(i32, i32, i32, i32, i32, i64, i64, i32, i32\\) -> i32");
        assertLine(report, "  add +func +8 +\\(i32, i32\\) -> i32");
        assertLine(report, "  memory +memory +0 +2\\.\\.16 pages");
        assertLine(report, " +0 +2 +16 +131072 +1048576 +no +defined");
        assertLine(report, " +1 +i64 +yes +i64\\.const 0");
        assertLine(report, " +10 +checksum +52");
        assertLine(report, "  files +path_open +--dir HOST\\[::GUEST\\].*");
        assertLine(report, "  env +environ_sizes_get +--env NAME=VAL.*");
        assertTrue(report.lines().noneMatch(l -> l.endsWith(" ")), "no trailing blanks");
    }

    @Test
    void textReportOfAReactor() {
        String report = inspect("inspect", fixture("inspect_reactor.wasm").toString());
        assertLine(report, "kind +reactor .*");
        assertLine(report, "    memory +memory +min 1 page, no max");
        assertLine(report, " +0 +1 +none +65536 +none +no +import env\\.memory");
        assertLine(report, "WASI capabilities: none \\(the module imports nothing from WASI\\)");
    }

    @Test
    void jsonReport() throws Exception {
        JsonNode json = new ObjectMapper()
                .readTree(inspect(
                        "inspect", "--json", fixture("inspect_command.wasm").toString()));
        assertEquals("command", json.get("kind").asText());
        assertEquals(5, json.get("functionCount").asInt());
        assertEquals(16, json.at("/memories/0/maxPages").asInt());
        assertEquals(1048576, json.at("/memories/0/maxBytes").asLong());
        assertEquals("wasi_snapshot_preview1", json.at("/imports/0/module").asText());
        assertEquals("path_open", json.at("/imports/0/imports/1/name").asText());
        assertEquals("i32.const 1024", json.at("/globals/0/init").asText());
        assertEquals(7, json.at("/startFunction/index").asInt());
        assertTrue(json.get("producers").isNull());
        var families = new ArrayList<String>();
        json.at("/wasi/capabilities").forEach(c -> families.add(c.get("family").asText()));
        assertEquals(List.of("stdio", "files", "env", "args", "clocks", "random", "exit"), families);
        var exports = new ArrayList<String>();
        json.get("exports").forEach(e -> exports.add(e.get("name").asText()));
        assertEquals(List.of("memory", "scale", "add", "checksum", "_start"), exports);
        // stable names: every documented top-level field is present, even when null
        for (String field : List.of(
                "module",
                "sizeBytes",
                "kind",
                "functionCount",
                "importedFunctionCount",
                "imports",
                "exports",
                "memories",
                "tables",
                "globals",
                "startFunction",
                "customSections",
                "producers",
                "sections",
                "biggestFunctions",
                "wasi")) {
            assertTrue(json.has(field), field);
        }
    }

    @Test
    void producersOfACFixture() throws Exception {
        String report = inspect("inspect", fixture("inspect_caps.wasm").toString());
        assertLine(report, "  processed-by +.*clang.*");
        JsonNode json = new ObjectMapper()
                .readTree(inspect(
                        "inspect", "--json", fixture("inspect_caps.wasm").toString()));
        JsonNode processedBy = json.at("/producers/processedBy");
        assertTrue(
                processedBy.size() > 0
                        && processedBy.get(0).get("name").asText().contains("clang"),
                processedBy::toString);
        assertTrue(json.at("/producers/language/0/name").asText().startsWith("C"));
    }

    @Test
    void aCoreDumpIsRecognisedAndStillReported(@TempDir Path dir) throws Exception {
        var withCore = new ByteArrayOutputStream();
        withCore.writeBytes(Files.readAllBytes(fixture("inspect_reactor.wasm")));
        withCore.writeBytes(new byte[] {0, 6, 4, 'c', 'o', 'r', 'e', 0}); // custom section "core", one zero byte
        Path dump = dir.resolve("crash.coredump.wasm");
        Files.write(dump, withCore.toByteArray());
        var parsed = ParsedModule.parse(ModuleSource.read(dump));
        assertEquals(InspectCommand.ReportKind.CORE_DUMP, InspectCommand.reportKind(parsed));
        assertEquals(
                InspectCommand.ReportKind.MODULE,
                InspectCommand.reportKind(ParsedModule.read(fixture("inspect_reactor.wasm"))));
        assertLine(inspect("inspect", dump.toString()), "  core +0x[0-9a-f]+ +6"); // payload: the name and one byte
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("cut.wasm");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(fixture("inspect_command.wasm")), 40));
        String line = wharf("inspect", "--json", truncated.toString()).oneErrorLine();
        assertTrue(line.startsWith("wharf: error: " + truncated + ": invalid module at byte offset 0x8: "), line);
        assertEquals(
                "wharf: error: " + dir + ": is a directory, not a wasm module file",
                wharf("inspect", dir.toString()).oneErrorLine());
    }
}
