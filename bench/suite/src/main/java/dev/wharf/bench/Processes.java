package dev.wharf.bench;

import java.nio.file.Files;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the child processes the suite measures or asks things of, and fails loudly when one fails. */
final class Processes {
    private Processes() {}

    record Result(int exit, String stdout, String stderr) {}

    static Result run(List<String> command, Map<String, String> env, Path dir) {
        var pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            var err = new StringBuilder();
            Thread drain = Thread.ofPlatform().start(() -> {
                try {
                    err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.append(e);
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            drain.join();
            return new Result(exit, out, err.toString());
        } catch (IOException e) {
            throw new BenchFailure("cannot start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while running " + String.join(" ", command));
        }
    }

    /** Runs a command that must succeed, returning its stdout. */
    static String check(List<String> command, Map<String, String> env, Path dir) {
        Result r = run(command, env, dir);
        if (r.exit() != 0) {
            throw new BenchFailure(String.join(" ", command) + " exited " + r.exit() + ":\n" + tail(r.stderr())
                    + tail(r.stdout()));
        }
        return r.stdout();
    }

    static String firstLine(String... command) {
        try {
            Result r = run(List.of(command), Map.of(), null);
            String s = (r.stdout().isBlank() ? r.stderr() : r.stdout()).strip();
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        } catch (BenchFailure e) {
            return "missing";
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The last non-blank line: children print their JSON result last, after any warnings. */
    static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static String tail(String s) {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }
}
