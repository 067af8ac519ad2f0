package dev.wharf.http;

import dev.wharf.runtime.GuestRunner;
import dev.wharf.runtime.RunException;
import dev.wharf.runtime.RunOutcome;
import dev.wharf.runtime.RunSpec;
import dev.wharf.runtime.TrapKind;
import dev.wharf.runtime.TrapReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs one WAGI request: a fresh instance of the component's compiled module with the body on stdin, the CGI
 * variables in its environment, its files and host API granted, under the per-request limits; then reads its
 * stdout as a CGI response. Anything else (a trap, the timeout, output that is not CGI) is a {@link Failed}.
 */
final class WagiHandler {
    /** Lines of a guest's stderr copied to the host log per request; the rest is counted, not kept. */
    static final int STDERR_CAP = 64 * 1024;

    sealed interface Result {}

    record Served(CgiResponse.Ok response) implements Result {}

    /** Why the request gets a 500, for the log line that carries its request id. */
    record Failed(String reason) implements Result {}

    private final GuestRunner runner;
    private final HostOptions options;
    private final AppLog log;
    private final OutboundHttp outbound;
    private final String serverSoftware;

    WagiHandler(GuestRunner runner, HostOptions options, AppLog log, OutboundHttp outbound, String serverSoftware) {
        this.runner = runner;
        this.options = options;
        this.log = log;
        this.outbound = outbound;
        this.serverSoftware = serverSoftware;
    }

    Result handle(ServedApp app, Router.Routed routed, IncomingRequest request, String requestId) {
        var trigger = routed.trigger();
        ComponentPlan component = app.components.get(trigger.componentId());
        var env = CgiEnvironment.build(request, routed, component, serverSoftware);
        var argv = CgiEnvironment.argv(trigger.executor(), request, routed);
        var stdout = new BoundedOutput(options.maxResponseBytes());
        var stderr = new BoundedOutput(STDERR_CAP);
        long deadline = System.nanoTime() + options.limits().timeout().toNanos();
        var context = new GuestContext(component, requestId, deadline, log, app.kv, outbound);
        Optional<RunSpec.Invocation> invocation = trigger.executor()
                .entrypoint()
                .filter(e -> !e.equals("_start"))
                .map(e -> new RunSpec.Invocation(e, List.of()));
        var spec = new RunSpec(
                argv,
                env,
                component.preopens(),
                invocation,
                options.limits(),
                new ByteArrayInputStream(request.body()),
                stdout,
                stderr,
                component.usesHostApi() ? HostApi.forRequest(context) : List.of());
        RunOutcome outcome;
        try {
            outcome = runner.run(component.module(), spec);
        } catch (RunException e) {
            return new Failed(e.getMessage());
        } finally {
            logStderr(component.id(), requestId, stderr);
        }
        if (outcome instanceof RunOutcome.Trapped t) {
            return new Failed(describe(t.report()));
        }
        if (stdout.overflowed()) {
            return new Failed(
                    "the handler printed more than " + options.maxResponseBytes() + " bytes (the response size cap)");
        }
        if (outcome instanceof RunOutcome.Exited e && e.code() != 0) {
            // CGI servers judge the output, not the exit status: serve a well-formed response, but say so
            log.warn(
                    "guest_exit",
                    "the handler exited with status " + e.code(),
                    "component",
                    component.id(),
                    "request_id",
                    requestId);
        }
        return switch (CgiResponse.parse(stdout.toByteArray())) {
            case CgiResponse.Ok ok -> new Served(ok);
            case CgiResponse.Malformed m -> new Failed("malformed CGI response: " + m.reason());
        };
    }

    private static String describe(TrapReport report) {
        String what = report.kind() == TrapKind.TIMEOUT
                ? "timed out (" + (report.detail() == null ? "request timeout" : report.detail()) + ")"
                : "trapped: " + report.kind().message()
                        + (report.detail() == null || report.detail().isBlank() ? "" : " (" + report.detail() + ")");
        if (report.frames().isEmpty()) {
            return what;
        }
        return what + " in "
                + report.frames().stream()
                        .limit(4)
                        .map(f -> f.name() != null ? f.name() : "func" + f.functionIndex())
                        .collect(Collectors.joining(" <- "));
    }

    private void logStderr(String component, String requestId, BoundedOutput stderr) {
        if (stderr.size() == 0) {
            return;
        }
        String text = new String(stderr.toByteArray(), StandardCharsets.UTF_8);
        text.lines()
                .limit(100)
                .forEach(line -> log.info("guest_stderr", line, "component", component, "request_id", requestId));
    }
}
