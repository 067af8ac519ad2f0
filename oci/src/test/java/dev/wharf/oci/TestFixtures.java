package dev.wharf.oci;

import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture wasm built from source by fixtures/build.sh (system property wharf.fixtures.dir). */
public final class TestFixtures {
    private TestFixtures() {}

    public static Path wasm(String name) {
        var dir = System.getProperty("wharf.fixtures.dir");
        if (dir == null) {
            throw new IllegalStateException(
                    "system property wharf.fixtures.dir is not set: run the tests through Maven");
        }
        var path = Path.of(dir, name + ".wasm");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(
                    path + " is missing: build the fixtures (mvn -pl fixtures generate-resources)");
        }
        return path;
    }
}
