package dev.wharf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A copy of the ./wharf launcher and the CLI jar it runs, in a folder of their own. Other engineers edit
 * sources while the suite measures; the real launcher would see a newer source file and rebuild the jar
 * in the middle of a timed run. The copy is the same script and the same jar, with no sources beside it,
 * so it never rebuilds; it makes its JVM AOT cache in its own cli/target, as the real one does.
 */
final class StagedLauncher {
    private StagedLauncher() {}

    static Path stage(Setup setup) throws IOException {
        Path jar = setup.repo().resolve("cli/target/wharf.jar");
        setup.requireFile(jar, "build the CLI first (bench/run.sh does: ./wharf --version)");
        Path dir = setup.scratch().resolve("launcher");
        Files.createDirectories(dir.resolve("cli/target"));
        Files.createDirectories(dir.resolve("examples/hello"));
        Path stagedJar = dir.resolve("cli/target/wharf.jar");
        boolean fresh = !Files.exists(stagedJar) || Files.mismatch(jar, stagedJar) != -1;
        if (fresh) {
            Files.copy(jar, stagedJar, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(setup.repo().resolve("wharf"), dir.resolve("wharf"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        // the launcher's JVM options (@cli/jvm.options)
        Files.copy(setup.repo().resolve("cli/jvm.options"), dir.resolve("cli/jvm.options"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(setup.hello(), dir.resolve("examples/hello/hello.wasm"), StandardCopyOption.REPLACE_EXISTING);
        return dir.resolve("wharf");
    }
}
