package dev.wharf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdioPassThroughTest {
    @Test
    void stdinReachesTheGuestAndItsStdoutAndStderrComeBackSeparately() {
        var input = "line one\nline two\n".repeat(2000);
        var r = WharfCli.runWithStdin(
                input.getBytes(StandardCharsets.UTF_8),
                "run",
                WharfCli.fixture("cat").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(input, r.out());
        assertEquals(input.length() + " bytes\n", r.err());
    }
}
