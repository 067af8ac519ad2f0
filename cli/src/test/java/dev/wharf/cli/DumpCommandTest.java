package dev.wharf.cli;

import static dev.wharf.cli.ModuleCommandRun.fixture;
import static dev.wharf.cli.ModuleCommandRun.wharf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `wharf dump` checked against wabt's `wasm-objdump`, run for real on the same fixtures. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DumpCommandTest {
    private static final Pattern OBJDUMP_SECTION = Pattern.compile(
            "^\\s*(\\w+) start=0x([0-9a-f]+) end=0x([0-9a-f]+) \\(size=0x([0-9a-f]+)\\)\\s*(?:count: (\\d+)|start: (\\d+)|\"(.*)\")?$");
    private static final Pattern DUMP_SECTION = Pattern.compile(
            "^\\s*0x([0-9a-f]+) \\| [0-9a-f .]+\\| == (?:(\\w+) section|custom section \"(.*)\") \\(id (\\d+)\\): (\\d+) bytes?, payload at 0x([0-9a-f]+)$");
    private static final Pattern DUMP_LINE =
            Pattern.compile("^\\s*0x([0-9a-f]+) \\| ([0-9a-f]{2})[0-9a-f .]*\\| (.*)$");
    private static final Pattern OBJDUMP_INSTRUCTION =
            Pattern.compile("^ ([0-9a-f]{6}): ([0-9a-f]{2})[0-9a-f ]*\\| (.*)$");

    record SectionHeader(String name, long start, long size, Long count) {}

    private static String run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static String dump(String... args) {
        var run = wharf(args);
        assertEquals(0, run.exit(), run.err());
        return run.out();
    }

    @ParameterizedTest
    @ValueSource(strings = {"inspect_command.wasm", "inspect_reactor.wasm", "inspect_caps.wasm"})
    void sectionOffsetsSizesAndCountsAgreeWithWasmObjdump(String name) throws Exception {
        Path wasm = fixture(name);
        var expected = new ArrayList<SectionHeader>();
        for (String line : run("wasm-objdump", "-h", wasm.toString()).lines().toList()) {
            Matcher m = OBJDUMP_SECTION.matcher(line);
            if (m.matches()) {
                Long count = m.group(5) != null
                        ? Long.valueOf(m.group(5))
                        : m.group(6) != null ? Long.valueOf(m.group(6)) : null;
                String section =
                        m.group(7) != null ? "custom:" + m.group(7) : m.group(1).toLowerCase();
                expected.add(new SectionHeader(
                        section, Long.parseLong(m.group(2), 16), Long.parseLong(m.group(4), 16), count));
            }
        }
        assertFalse(expected.isEmpty(), "wasm-objdump listed no sections");

        var actual = new ArrayList<SectionHeader>();
        List<String> lines = dump("dump", wasm.toString()).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DUMP_SECTION.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String section = m.group(3) != null ? "custom:" + m.group(3) : objdumpName(m.group(2));
            Long count = null;
            if (m.group(3) == null && i + 1 < lines.size()) {
                // the entry after a header is the count ("6 types") or, for start, "start function 7"
                Matcher first = DUMP_LINE.matcher(lines.get(i + 1));
                if (first.matches()) {
                    Matcher n =
                            Pattern.compile("^(?:start function )?(\\d+)\\b.*").matcher(first.group(3));
                    count = n.matches() ? Long.valueOf(n.group(1)) : null;
                }
            }
            actual.add(new SectionHeader(section, Long.parseLong(m.group(6), 16), Long.parseLong(m.group(5)), count));
        }
        assertEquals(expected, actual);
    }

    /** wasm-objdump's section names, where they differ from the spec's. */
    private static String objdumpName(String name) {
        return switch (name) {
            case "element" -> "elem";
            case "datacount" -> "datacount";
            default -> name;
        };
    }

    @Test
    void codeListingHasEveryInstructionAtWasmObjdumpsOffsets() throws Exception {
        Path wasm = fixture("inspect_command.wasm");
        var expected = new TreeMap<Long, String>();
        for (String line : run("wasm-objdump", "-d", wasm.toString()).lines().toList()) {
            Matcher m = OBJDUMP_INSTRUCTION.matcher(line);
            if (m.matches() && !m.group(3).startsWith("local[")) {
                expected.put(Long.parseLong(m.group(1), 16), m.group(2));
            }
        }
        var actual = new TreeMap<Long, String>();
        boolean inCode = false;
        for (String line : dump("dump", "--code", wasm.toString()).lines().toList()) {
            if (line.contains("| == ")) {
                inCode = line.contains("| == code section");
                continue;
            }
            Matcher m = DUMP_LINE.matcher(line);
            if (inCode && m.matches() && m.group(3).startsWith("  ")) {
                actual.put(Long.parseLong(m.group(1), 16), m.group(2));
            }
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, actual);
    }

    @Test
    void entriesAreListedWithTheirOffsets() {
        String out = dump("dump", fixture("inspect_command.wasm").toString());
        assertTrue(
                out.startsWith(
                        "  0x0 | 00 61 73 6d             | magic \\0asm\n  0x4 | 01 00 00 00             | version 1"),
                out);
        assertTrue(
                out.contains(
                        "| import func 1 wasi_snapshot_preview1.path_open: type 2 (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32))\n"),
                out);
        assertTrue(out.contains("| export \"checksum\": func 10\n"), out);
        assertTrue(out.contains("| func 10 body: 52 bytes, locals 2 i32, 1 i64, 1 f32 <checksum>\n"), out);
        assertTrue(out.contains("| data segment 0: active memory 0 offset i32.const 16, 13 bytes\n"), out);
        assertTrue(out.contains("| global 2: f64 = f64.const 1.5\n"), out);
        assertFalse(out.contains("local.get"), "instructions only with --code");
    }

    @Test
    void codeListingIndentsBlocks() {
        String out = dump("dump", "--code", fixture("inspect_command.wasm").toString());
        assertTrue(Pattern.compile("(?m)\\| {5}loop$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)\\| {7}br_if 1$").matcher(out).find(), out);
        assertTrue(
                Pattern.compile("(?m)\\| {7}i32\\.load8_u offset=0 align=1$")
                        .matcher(out)
                        .find(),
                out);
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.wasm");
        Files.write(bad, new byte[] {
            0x00,
            0x61,
            0x73,
            0x6d,
            0x01,
            0x00,
            0x00,
            0x00,
            0x01,
            0x05,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            0x0f
        });
        String line = wharf("dump", bad.toString()).oneErrorLine();
        assertEquals(
                "wharf: error: " + bad
                        + ": invalid module at byte offset 0xa: type count 4294967295 cannot fit in the 0 bytes left",
                line);
    }
}
