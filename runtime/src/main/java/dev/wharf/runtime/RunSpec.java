package dev.wharf.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run of a guest is granted and asked to do: its argv, the environment variables it
 * may see (and no others), the directories it may touch, its stdio, its limits, and optionally an
 * export to invoke instead of `_start`.
 */
public record RunSpec(
        List<String> argv,
        List<Map.Entry<String, String>> env,
        List<Preopen> preopens,
        Optional<Invocation> invocation,
        Limits limits,
        InputStream stdin,
        OutputStream stdout,
        OutputStream stderr) {

    public RunSpec {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        preopens = List.copyOf(preopens);
    }

    /** Call `function` with `args` (parsed according to its parameter types) and report its results. */
    public record Invocation(String function, List<String> args) {
        public Invocation {
            args = List.copyOf(args);
        }
    }
}
