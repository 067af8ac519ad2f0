package dev.wharf.manifest;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs components' [component.&lt;id&gt;.build] commands with {@code bash -c} in their workdir, one after another
 * in manifest order, streaming each output line (stdout and stderr merged, so they interleave as the
 * developer would see them in a terminal) prefixed with the component id. Shared by {@code wharf build},
 * {@code wharf up --build} and {@code wharf watch}.
 */
public final class Builder {
    private final Consumer<String> output;

    /** @param output receives whole lines: progress lines and each command output line as {@code [id] text} */
    public Builder(Consumer<String> output) {
        this.output = output;
    }

    /**
     * Builds every component that has a build section.
     *
     * @return the ids built, in order (empty when no component has a build command)
     * @throws BuildException for the first command that fails; later components are not built
     */
    public List<String> build(App app) {
        return build(app, app.components().keySet());
    }

    /**
     * Builds the given components (those without a build section are skipped).
     *
     * @throws IllegalArgumentException for an id the app does not have
     */
    public List<String> build(App app, Collection<String> componentIds) {
        var built = new ArrayList<String>();
        for (var id : componentIds) {
            var component = app.components().get(id);
            if (component == null) {
                throw new IllegalArgumentException("no component `" + id + "` in " + app.manifestPath());
            }
            if (component.build().isEmpty()) {
                continue;
            }
            run(component.id(), component.build().get());
            built.add(id);
        }
        return built;
    }

    /** A build command may start compilers of its own: stop them too, not only bash. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void run(String id, BuildSpec spec) {
        if (!Files.isDirectory(spec.workdir())) {
            throw new BuildException(
                    id,
                    -1,
                    "component " + id + ": build workdir " + spec.workdir()
                            + " does not exist; fix `workdir` in [component." + id + ".build]",
                    null);
        }
        output.accept("Building component " + id + " with `" + spec.command() + "`");
        var pb = new ProcessBuilder("bash", "-c", spec.command())
                .directory(spec.workdir().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new BuildException(
                    id,
                    -1,
                    "component " + id + ": cannot start `bash -c " + spec.command() + "`: " + e.getMessage()
                            + " (is bash installed?)",
                    e);
        }
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.accept("[" + id + "] " + line);
            }
            int code = process.waitFor();
            if (code != 0) {
                throw new BuildException(
                        id,
                        code,
                        "component " + id + ": build command `" + spec.command() + "` failed with exit code " + code,
                        null);
            }
        } catch (IOException e) {
            stop(process);
            throw new BuildException(id, -1, "component " + id + ": reading build output failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new BuildException(id, -1, "component " + id + ": build interrupted", e);
        }
    }
}
