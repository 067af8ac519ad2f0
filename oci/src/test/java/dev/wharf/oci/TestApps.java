package dev.wharf.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * App directories for tests (shared with the kubernetes and cli tests through the test-jar): copied out of
 * test resources, their WAT components assembled with wabt's wat2wasm, as a user's build would.
 */
public final class TestApps {
    private TestApps() {}

    /** The greeter app (three components over one WAGI module, files, variables) in {@code target}. */
    public static Path greeter(Path target) {
        return copy("apps/greeter", target);
    }

    private static Path copy(String resource, Path target) {
        try {
            var url = TestApps.class.getClassLoader().getResource(resource + "/spin.toml");
            if (url == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            if (url.getProtocol().equals("jar")) {
                copyFromJar(url.toURI(), resource, target);
            } else {
                var source = Path.of(url.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(source)) {
                    for (var p : walk.toList()) {
                        var to = target.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(p, to);
                        }
                    }
                }
            }
            try (Stream<Path> walk = Files.walk(target)) {
                for (var wat : walk.filter(p -> p.toString().endsWith(".wat")).toList()) {
                    var wasm = wat.resolveSibling(wat.getFileName().toString().replaceFirst("\\.wat$", ".wasm"));
                    var p = new ProcessBuilder("wat2wasm", wat.toString(), "-o", wasm.toString())
                            .redirectErrorStream(true)
                            .start();
                    var out = new String(p.getInputStream().readAllBytes());
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException("wat2wasm " + wat
                                + " failed (wabt missing? run scripts/install-toolchains.sh): " + out);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyFromJar(URI manifestUri, String resource, Path target) throws IOException {
        var jar = manifestUri
                .toString()
                .substring("jar:".length(), manifestUri.toString().indexOf("!/"));
        try (var fs = FileSystems.newFileSystem(Path.of(URI.create(jar)))) {
            var source = fs.getPath("/" + resource);
            try (Stream<Path> walk = Files.walk(source)) {
                for (var p : walk.toList()) {
                    var to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
        }
    }
}
