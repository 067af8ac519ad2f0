package dev.wharf.runtime;

import java.util.List;

/** How a run ended. The CLI turns each into an exit status as wasmtime does. */
public sealed interface RunOutcome {

    /** The exit status a shell should see. */
    int exitCode();

    /** `_start` returned (status 0) or the guest called proc_exit. */
    record Exited(int code) implements RunOutcome {
        @Override
        public int exitCode() {
            return code;
        }
    }

    /** `--invoke` returned these results, already formatted as wasmtime prints them. */
    record Returned(List<String> results) implements RunOutcome {
        @Override
        public int exitCode() {
            return 0;
        }
    }

    /**
     * The guest trapped (or was stopped by a limit): 134, i.e. 128 + SIGABRT, as wasmtime exits. An error
     * raised by a host function (e.g. an exit status WASI does not allow) is not a trap there: exit 1.
     */
    record Trapped(TrapReport report) implements RunOutcome {
        @Override
        public int exitCode() {
            return report.kind() == TrapKind.HOST_ERROR ? 1 : 134;
        }
    }
}
