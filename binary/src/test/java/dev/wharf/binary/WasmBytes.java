package dev.wharf.binary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made module bytes for tests: sections, LEB128, and the fixtures built from source. */
final class WasmBytes {
    static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    /** `(type (func))` */
    static final byte[] ONE_EMPTY_FUNC_TYPE = {0x01, 0x60, 0x00, 0x00};

    private WasmBytes() {}

    static byte[] leb(long value) {
        var out = new ByteArrayOutputStream();
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] section(int id, byte[] payload) {
        return concat(bytes(id), leb(payload.length), payload);
    }

    static byte[] module(byte[]... sections) {
        return concat(HEADER, concat(sections));
    }

    static byte[] customSection(String name, byte[] contents) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return section(0, concat(leb(n.length), n, contents));
    }

    /** A module with one `(func)` whose body is {@code body} (locals declaration included). */
    static byte[] oneFunction(byte[] body) {
        return module(
                section(1, ONE_EMPTY_FUNC_TYPE),
                section(3, bytes(1, 0)),
                section(10, concat(leb(1), leb(body.length), body)));
    }

    static Path fixture(String name) {
        String dir = System.getProperty("wharf.fixtures.dir");
        if (dir == null) {
            throw new IllegalStateException(
                    "system property wharf.fixtures.dir is not set (run the tests through Maven)");
        }
        Path p = Path.of(dir, name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: fixtures/build.sh builds it");
        }
        return p;
    }

    static byte[] fixtureBytes(String name) throws IOException {
        return Files.readAllBytes(fixture(name));
    }
}
