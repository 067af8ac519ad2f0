package dev.wharf.manifest;

import java.nio.file.Path;
import java.util.List;

/**
 * [component.&lt;id&gt;.build]: the shell command (run with {@code bash -c}) in workdir (absolute; defaults to the
 * manifest's directory), and the globs {@code wharf watch} rebuilds on.
 */
public record BuildSpec(String command, Path workdir, List<String> watch) {
    public BuildSpec {
        watch = List.copyOf(watch);
    }
}
