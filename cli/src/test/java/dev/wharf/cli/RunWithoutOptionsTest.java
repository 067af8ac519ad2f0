package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `wharf run MODULE [ARGS]` without options skips picocli (RunCommand.runWithoutOptions). Whatever the run does,
 * the shortcut and picocli's parser must give the same exit code, stdout and stderr.
 */
class RunWithoutOptionsTest {
    @TempDir
    Path dir;

    private List<String[]> invocations() throws Exception {
        Path notWasm = Files.writeString(dir.resolve("notes.wasm"), "not a module");
        var list = new ArrayList<String[]>();
        list.add(new String[] {"run", WharfCli.fixture("hello").toString(), "a", "--env", "-W", "--", "b c"});
        list.add(new String[] {WharfCli.fixture("hello").toString(), "--help"});
        list.add(new String[] {"run", WharfCli.fixture("exit_code").toString(), "3"});
        list.add(new String[] {"run", WharfCli.fixture("exit_code").toString(), "200"});
        list.add(new String[] {"run", WharfCli.fixture("crash").toString()});
        list.add(new String[] {"run", WharfCli.fixture("hello_rust").toString(), "x"});
        list.add(new String[] {"run", dir.resolve("missing.wasm").toString()});
        list.add(new String[] {"run", notWasm.toString()});
        list.add(new String[] {"run", dir.toString()});
        return list;
    }

    @Test
    void theShortcutAndPicocliGiveTheSameOutcomeForEveryKindOfRun() throws Exception {
        for (String[] args : invocations()) {
            var viaPicocli = WharfCli.runThroughPicocli(args);
            var viaShortcut = WharfCli.run(args);
            String what = String.join(" ", args);
            assertEquals(viaPicocli.exit(), viaShortcut.exit(), what);
            assertEquals(viaPicocli.out(), viaShortcut.out(), what);
            assertEquals(viaPicocli.err(), viaShortcut.err(), what);
        }
        // and the runs above really were different outcomes, not the same failure over and over
        assertEquals(0, WharfCli.run(invocations().get(0)).exit());
        assertEquals(3, WharfCli.run(invocations().get(2)).exit());
        assertEquals(134, WharfCli.run(invocations().get(4)).exit());
        assertEquals(1, WharfCli.run(invocations().get(6)).exit());
    }

    @Test
    void onlyTheOptionFreeShapeTakesTheShortcut() throws Exception {
        String hello = WharfCli.fixture("hello").toString();
        Path argFile = Files.writeString(dir.resolve("args"), hello);
        for (String[] args : List.of(
                new String[] {"run", "--env", "A=1", hello},
                new String[] {"run", "-W", "timeout=5s", hello},
                new String[] {"run", "--", hello},
                new String[] {"run", "@" + argFile},
                new String[] {"run", hello, "@" + argFile},
                new String[] {"run"},
                new String[] {"inspect", hello},
                new String[] {"run", "bad\0path"})) {
            assertNull(RunCommand.runWithoutOptions(args), String.join(" ", args));
        }
        var shortcut = WharfCli.capture(() -> RunCommand.runWithoutOptions(new String[] {"run", hello, "x"}));
        assertNotNull(shortcut);
        assertTrue(shortcut.contains("argv[1]=x"), shortcut);
    }
}
