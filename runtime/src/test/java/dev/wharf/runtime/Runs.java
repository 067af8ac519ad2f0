package dev.wharf.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a guest in-process with captured stdio. */
record Runs(RunOutcome outcome, String stdout, String stderr) {

    static Runs run(
            LoadedModule module,
            List<String> argv,
            List<Map.Entry<String, String>> env,
            List<Preopen> preopens,
            Optional<RunSpec.Invocation> invocation,
            Limits limits) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var spec =
                new RunSpec(argv, env, preopens, invocation, limits, new ByteArrayInputStream(new byte[0]), out, err);
        var outcome = new GuestRunner(WharfLog.off()).run(module, spec);
        return new Runs(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Runs command(LoadedModule module, String... argv) {
        return run(module, List.of(argv), List.of(), List.of(), Optional.empty(), Limits.none());
    }

    static Runs invoke(LoadedModule module, Limits limits, String function, String... args) {
        return run(
                module,
                List.of("m.wasm"),
                List.of(),
                List.of(),
                Optional.of(new RunSpec.Invocation(function, List.of(args))),
                limits);
    }
}
