package dev.wharf.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the fixture modules (fixtures/build.sh). */
final class Fixtures {
    private Fixtures() {}

    static Path wasm(String name) {
        String dir = System.getProperty("wharf.fixtures.dir");
        if (dir == null) {
            throw new IllegalStateException(
                    "system property wharf.fixtures.dir is not set: run the tests through Maven");
        }
        Path p = Path.of(dir, name + ".wasm");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: fixtures/build.sh did not build it");
        }
        return p;
    }
}
