package dev.wharf.host;

/**
 * What a host function touches of the host, and what grants it: a `wharf run` flag for WASI, a manifest key for
 * the app host's API. `wharf inspect` lists a module's imports by capability so an operator knows, before running
 * it, what it will ask for. Every declared host function names one ({@link HostFn#capability()}).
 */
public enum Capability {
    STDIO("stdio", "always: the guest gets stdin, stdout and stderr"),
    FILES("files", "--dir HOST[::GUEST] (read-write) or --dir-ro HOST[::GUEST]; none are open otherwise"),
    ENV("env", "--env NAME=VAL, or --env NAME to pass the host's value; the guest sees no other variable"),
    ARGS("args", "the arguments after the module: wharf run MODULE ARG..."),
    CLOCKS("clocks", "always granted"),
    RANDOM("random", "always granted"),
    POLL("poll", "always granted (sleeping and waiting on stdin)"),
    EXIT("exit", "always granted: the exit code becomes wharf's"),
    SOCKETS("sockets", "not granted: Wharf gives guests no network (sock_* calls fail)"),
    KEY_VALUE("kv", "key_value_stores = [\"LABEL\", ...] in the component's section of the manifest"),
    VARIABLES("variables", "[variables] of the app, bound in the component's [component.ID.variables]"),
    LOG("log", "always granted: lines go to the app host's log, tagged with the component and request"),
    OUTBOUND_HTTP("outbound-http", "allowed_outbound_hosts = [\"https://HOST\", ...] in the component's section");

    private final String family;
    private final String grantedBy;

    Capability(String family, String grantedBy) {
        this.family = family;
        this.grantedBy = grantedBy;
    }

    /** Short name: "files", "env", "kv", ... */
    public String family() {
        return family;
    }

    /** What grants it: the `wharf run` flag, or the manifest key for the app host's API. */
    public String grantedBy() {
        return grantedBy;
    }
}
