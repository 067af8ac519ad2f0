package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrnoTest {
    /** The numbering guests compile against: wasi-libc's generated api.h (installed with the C toolchain). */
    @Test
    void errnoNumbersMatchWasiLibcsHeader() throws IOException {
        String header = Files.readString(Path.of("/usr/include/wasm32-wasi/wasi/api.h"));
        Matcher m = Pattern.compile("#define __WASI_ERRNO_(\\w+) \\(UINT16_C\\((\\d+)\\)\\)")
                .matcher(header);
        int seen = 0;
        while (m.find()) {
            String expected = m.group(1).equals("SUCCESS") ? "SUCCESS" : "E" + m.group(1);
            assertEquals(expected, Errno.nameOf(Integer.parseInt(m.group(2))));
            seen++;
        }
        assertEquals(Errno.values().length, seen);
    }
}
