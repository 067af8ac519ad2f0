package dev.wharf.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run of a guest is granted and asked to do: its argv, the environment variables it
 * may see (and no others), the directories it may touch, its stdio, its limits, and optionally an
 * export to invoke instead of `_start`.
 *
 * @param hostFunctions imports beyond WASI that this run provides (e.g. the app host's `wharf:kv`); a module may
 *     import these and nothing else besides WASI preview1
 */
public record RunSpec(
        List<String> argv,
        List<Map.Entry<String, String>> env,
        List<Preopen> preopens,
        Optional<Invocation> invocation,
        Limits limits,
        InputStream stdin,
        OutputStream stdout,
        OutputStream stderr,
        List<HostFunction> hostFunctions) {

    public RunSpec {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        preopens = List.copyOf(preopens);
        hostFunctions = List.copyOf(hostFunctions);
    }

    /** A run with WASI preview1 only. */
    public RunSpec(
            List<String> argv,
            List<Map.Entry<String, String>> env,
            List<Preopen> preopens,
            Optional<Invocation> invocation,
            Limits limits,
            InputStream stdin,
            OutputStream stdout,
            OutputStream stderr) {
        this(argv, env, preopens, invocation, limits, stdin, stdout, stderr, List.of());
    }

    /** Call `function` with `args` (parsed according to its parameter types) and report its results. */
    public record Invocation(String function, List<String> args) {
        public Invocation {
            args = List.copyOf(args);
        }
    }
}
