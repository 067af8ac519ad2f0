package dev.wharf.http;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wharf.host.Args;
import dev.wharf.host.Capability;
import dev.wharf.host.GuestBytes;
import dev.wharf.host.HostFn;
import dev.wharf.host.Param;
import dev.wharf.host.Show;
import dev.wharf.host.ShowRegion;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Wharf host API for core modules (docs/host-api.md): `wharf:kv`, `wharf:variables`, `wharf:log` and
 * `wharf:http`, each function declared once ({@link HostFn}): its parameters, its status result, the capability it
 * touches and the method that does the work. Every function takes pointers and lengths into the guest's linear
 * memory and returns an i32 status; results go to out-pointers. Each request's instance gets its own set of
 * functions (and so its own store and response handles), bound to the request's {@link GuestContext}.
 */
final class HostApi {
    static final int OK = 0;
    static final int NOT_FOUND = 1;
    static final int BUFFER_TOO_SMALL = 2;
    static final int DENIED = 3;
    static final int INVALID = 4;
    static final int IO = 5;
    static final int TIMEOUT = 6;
    static final int TOO_LARGE = 7;

    static final String KV = "wharf:kv";
    static final String VARIABLES = "wharf:variables";
    static final String LOG = "wharf:log";
    static final String HTTP = "wharf:http";

    static final int MAX_KEY_BYTES = 4096;
    static final int MAX_VALUE_BYTES = 16 << 20;
    static final int MAX_NAME_BYTES = 1024;
    static final int MAX_URL_BYTES = 8192;
    static final int MAX_HEADER_BLOCK_BYTES = 64 * 1024;
    static final int MAX_LOG_MESSAGE_BYTES = 16 * 1024;
    static final int MAX_LOG_FIELDS = 32;
    /** A runaway loop of log calls must not flood the host's log. */
    static final int MAX_LOG_LINES_PER_REQUEST = 1000;

    private HostApi() {}

    /** A declared function's implementation: it reads its arguments by the parameters its declaration made. */
    @FunctionalInterface
    interface Impl {
        int call(InstanceState state, Args a);
    }

    private static final Show HANDLE = Show.U32;
    private static final Show POINTER = Show.HIDDEN;

    /** Every function of the API: what a module may import from the `wharf:*` modules. Built once per JVM. */
    static final List<HostFn<Impl>> ALL = List.of(
            HostFn.<Impl>declare(KV, "open", Capability.KEY_VALUE, f -> {
                var name = f.region("name", ShowRegion.QUOTED);
                var storeOut = f.i32("store_out", POINTER);
                return (s, a) -> s.kvOpen(a, name, a.get(storeOut));
            }),
            HostFn.<Impl>declare(KV, "get", Capability.KEY_VALUE, f -> {
                var store = f.i32("store", HANDLE);
                var key = f.region("key", ShowRegion.QUOTED);
                var buf = f.region("buf", ShowRegion.LENGTH);
                var lenOut = f.i32("len_out", POINTER);
                return (s, a) -> s.kvGet(a, a.get(store), key, buf, a.get(lenOut));
            }),
            HostFn.<Impl>declare(KV, "set", Capability.KEY_VALUE, f -> {
                var store = f.i32("store", HANDLE);
                var key = f.region("key", ShowRegion.QUOTED);
                var value = f.region("value", ShowRegion.LENGTH);
                return (s, a) -> s.kvSet(a, a.get(store), key, value);
            }),
            HostFn.<Impl>declare(KV, "delete", Capability.KEY_VALUE, f -> {
                var store = f.i32("store", HANDLE);
                var key = f.region("key", ShowRegion.QUOTED);
                return (s, a) -> s.kvDelete(a, a.get(store), key);
            }),
            HostFn.<Impl>declare(KV, "exists", Capability.KEY_VALUE, f -> {
                var store = f.i32("store", HANDLE);
                var key = f.region("key", ShowRegion.QUOTED);
                return (s, a) -> s.kvExists(a, a.get(store), key);
            }),
            HostFn.<Impl>declare(VARIABLES, "get", Capability.VARIABLES, f -> {
                var name = f.region("name", ShowRegion.QUOTED);
                var buf = f.region("buf", ShowRegion.LENGTH);
                var lenOut = f.i32("len_out", POINTER);
                return (s, a) -> s.variableGet(a, name, buf, a.get(lenOut));
            }),
            HostFn.<Impl>declare(LOG, "field", Capability.LOG, f -> {
                var key = f.region("key", ShowRegion.QUOTED);
                var value = f.region("value", ShowRegion.QUOTED);
                return (s, a) -> s.logField(a, key, value);
            }),
            HostFn.<Impl>declare(LOG, "write", Capability.LOG, f -> {
                var level = f.i32("level", Show.choice("trace", "debug", "info", "warn", "error"));
                var message = f.region("message", ShowRegion.QUOTED);
                return (s, a) -> s.logWrite(a, a.get(level), message);
            }),
            HostFn.<Impl>declare(HTTP, "send", Capability.OUTBOUND_HTTP, f -> {
                var method = f.region("method", ShowRegion.QUOTED);
                var url = f.region("url", ShowRegion.QUOTED);
                var headers = f.region("headers", ShowRegion.LENGTH);
                var body = f.region("body", ShowRegion.LENGTH);
                var resultOut = f.i32("result_out", POINTER);
                return (s, a) -> s.httpSend(a, method, url, headers, body, a.get(resultOut));
            }),
            HostFn.<Impl>declare(HTTP, "header", Capability.OUTBOUND_HTTP, f -> {
                var response = f.i32("response", HANDLE);
                var name = f.region("name", ShowRegion.QUOTED);
                var buf = f.region("buf", ShowRegion.LENGTH);
                var lenOut = f.i32("len_out", POINTER);
                return (s, a) -> s.httpHeader(a, a.get(response), name, buf, a.get(lenOut));
            }),
            HostFn.<Impl>declare(HTTP, "read_body", Capability.OUTBOUND_HTTP, f -> {
                var response = f.i32("response", HANDLE);
                var buf = f.region("buf", ShowRegion.LENGTH);
                var nOut = f.i32("n_out", POINTER);
                return (s, a) -> s.httpReadBody(a, a.get(response), buf, a.get(nOut));
            }),
            HostFn.<Impl>declare(HTTP, "close", Capability.OUTBOUND_HTTP, f -> {
                var response = f.i32("response", HANDLE);
                return (s, a) -> s.httpClose(a.get(response));
            }));

    /** by "module::name"; a name declared twice fails here, at class initialisation */
    private static final Map<String, HostFn<Impl>> BY_KEY =
            ALL.stream().collect(Collectors.toUnmodifiableMap(fn -> fn.module() + "::" + fn.name(), fn -> fn));

    static boolean isHostModule(String module) {
        return module.startsWith("wharf:");
    }

    /** Why an import from a `wharf:*` module cannot be satisfied, or empty when it can. */
    static Optional<String> checkImport(String module, String name, FunctionType type) {
        var fn = BY_KEY.get(module + "::" + name);
        if (fn == null) {
            return Optional.of("`" + module + "::" + name + "` is not a function of the Wharf host API");
        }
        if (!fn.type().equals(type)) {
            return Optional.of(
                    "`" + module + "::" + name + "` has type " + type + " but the host API's is " + fn.type());
        }
        return Optional.empty();
    }

    /** A fresh set of host functions for one instance serving one request: one closure each, the rest shared. */
    static List<HostFunction> forRequest(GuestContext ctx) {
        var state = new InstanceState(ctx);
        var fns = new ArrayList<HostFunction>(ALL.size());
        for (HostFn<Impl> fn : ALL) {
            Impl impl = fn.impl();
            fns.add(new HostFunction(fn.module(), fn.name(), fn.type(), (instance, raw) ->
                    new long[] {impl.call(state, new Args(instance.memory(), raw))}));
        }
        return fns;
    }

    /** Per-instance state: the stores it opened and the outbound responses it holds, by handle (1-based). */
    static final class InstanceState {
        private final GuestContext ctx;
        private final List<String> stores = new ArrayList<>();
        private final List<OutboundHttp.Response> responses = new ArrayList<>();
        private final List<Integer> readPositions = new ArrayList<>();
        private final List<Map.Entry<String, String>> pendingFields = new ArrayList<>();
        private int logLines;

        InstanceState(GuestContext ctx) {
            this.ctx = ctx;
        }

        // --- wharf:kv -------------------------------------------------------------------------------------

        int kvOpen(Args a, Param.Region nameArg, int storeOut) {
            var name = utf8(a, nameArg, MAX_NAME_BYTES);
            if (name == null) {
                return INVALID;
            }
            var component = ctx.component();
            if (!component.keyValueStores().contains(name) || ctx.kv() == null) {
                ctx.log()
                        .warn(
                                "kv_denied",
                                "key-value store `" + name + "` is not declared by component `"
                                        + component.id() + "`: add \"" + name + "\" to key_value_stores in [component."
                                        + component.id() + "] of " + component.manifestName(),
                                "component",
                                component.id(),
                                "request_id",
                                ctx.requestId());
                return DENIED;
            }
            stores.add(name);
            a.memory().writeI32(storeOut, stores.size());
            return OK;
        }

        int kvGet(Args a, int storeHandle, Param.Region keyArg, Param.Region buf, int lenOut) {
            var store = store(storeHandle);
            var key = utf8(a, keyArg, MAX_KEY_BYTES);
            if (store == null || key == null) {
                return INVALID;
            }
            try {
                var value = ctx.kv().get(store, key);
                if (value.isEmpty()) {
                    return NOT_FOUND;
                }
                return copyOut(a, value.get(), buf, lenOut);
            } catch (SQLException e) {
                return storageFailure(e);
            }
        }

        int kvSet(Args a, int storeHandle, Param.Region keyArg, Param.Region value) {
            var store = store(storeHandle);
            var key = utf8(a, keyArg, MAX_KEY_BYTES);
            if (store == null || key == null) {
                return INVALID;
            }
            if (len(a.len(value)) > MAX_VALUE_BYTES) {
                return TOO_LARGE;
            }
            try {
                ctx.kv().set(store, key, a.bytes(value));
                return OK;
            } catch (SQLException e) {
                return storageFailure(e);
            }
        }

        int kvDelete(Args a, int storeHandle, Param.Region keyArg) {
            var store = store(storeHandle);
            var key = utf8(a, keyArg, MAX_KEY_BYTES);
            if (store == null || key == null) {
                return INVALID;
            }
            try {
                ctx.kv().delete(store, key);
                return OK;
            } catch (SQLException e) {
                return storageFailure(e);
            }
        }

        int kvExists(Args a, int storeHandle, Param.Region keyArg) {
            var store = store(storeHandle);
            var key = utf8(a, keyArg, MAX_KEY_BYTES);
            if (store == null || key == null) {
                return INVALID;
            }
            try {
                return ctx.kv().get(store, key).isPresent() ? OK : NOT_FOUND;
            } catch (SQLException e) {
                return storageFailure(e);
            }
        }

        private String store(int handle) {
            return handle >= 1 && handle <= stores.size() ? stores.get(handle - 1) : null;
        }

        private int storageFailure(SQLException e) {
            ctx.log()
                    .error(
                            "kv_failed",
                            "key-value store " + ctx.kv().file() + ": " + e.getMessage(),
                            "component",
                            ctx.component().id(),
                            "request_id",
                            ctx.requestId());
            return IO;
        }

        // --- wharf:variables ------------------------------------------------------------------------------

        int variableGet(Args a, Param.Region nameArg, Param.Region buf, int lenOut) {
            var name = utf8(a, nameArg, MAX_NAME_BYTES);
            if (name == null) {
                return INVALID;
            }
            var variables = ctx.component().variables();
            var value = variables.getOrDefault(name, variables.get(name.toLowerCase(Locale.ROOT)));
            if (value == null) {
                return NOT_FOUND;
            }
            return copyOut(a, value.getBytes(StandardCharsets.UTF_8), buf, lenOut);
        }

        // --- wharf:log ------------------------------------------------------------------------------------

        int logField(Args a, Param.Region keyArg, Param.Region valueArg) {
            var key = utf8(a, keyArg, MAX_NAME_BYTES);
            var value = utf8(a, valueArg, MAX_LOG_MESSAGE_BYTES);
            if (key == null || value == null || !key.matches("[A-Za-z0-9_.-]+")) {
                return INVALID;
            }
            if (pendingFields.size() >= MAX_LOG_FIELDS) {
                return TOO_LARGE;
            }
            pendingFields.add(Map.entry(key, value));
            return OK;
        }

        int logWrite(Args a, int levelNumber, Param.Region messageArg) {
            String level = switch (levelNumber) {
                case 0 -> "trace";
                case 1 -> "debug";
                case 2 -> "info";
                case 3 -> "warn";
                case 4 -> "error";
                default -> null;
            };
            int n = len(a.len(messageArg));
            byte[] bytes = a.memory().readBytes(a.ptr(messageArg), Math.min(n, MAX_LOG_MESSAGE_BYTES));
            var fields = List.copyOf(pendingFields);
            pendingFields.clear();
            if (level == null) {
                return INVALID;
            }
            if (++logLines > MAX_LOG_LINES_PER_REQUEST) {
                if (logLines == MAX_LOG_LINES_PER_REQUEST + 1) {
                    ctx.log()
                            .warn(
                                    "guest_log_limit",
                                    "more than " + MAX_LOG_LINES_PER_REQUEST
                                            + " log lines in one request: dropping the rest",
                                    "component",
                                    ctx.component().id(),
                                    "request_id",
                                    ctx.requestId());
                }
                return TOO_LARGE;
            }
            // lenient decoding: a log line is for people, and a stray byte must not lose the rest of it
            String message = new String(bytes, StandardCharsets.UTF_8) + (n > MAX_LOG_MESSAGE_BYTES ? "..." : "");
            ctx.log().guest(level, ctx.component().id(), ctx.requestId(), message, fields);
            return OK;
        }

        // --- wharf:http -----------------------------------------------------------------------------------

        int httpSend(
                Args a,
                Param.Region methodArg,
                Param.Region urlArg,
                Param.Region headersArg,
                Param.Region bodyArg,
                int resultOut) {
            var method = utf8(a, methodArg, 64);
            var url = utf8(a, urlArg, MAX_URL_BYTES);
            var headerBlock = utf8(a, headersArg, MAX_HEADER_BLOCK_BYTES);
            if (method == null || url == null || headerBlock == null || method.isEmpty()) {
                return INVALID;
            }
            if (len(a.len(bodyArg)) > MAX_VALUE_BYTES) {
                return TOO_LARGE;
            }
            var headers = new ArrayList<Map.Entry<String, String>>();
            for (String line : headerBlock.split("\r?\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    return INVALID;
                }
                headers.add(Map.entry(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip()));
            }
            byte[] body = a.bytes(bodyArg);
            var result = ctx.outbound().send(ctx, method.toUpperCase(Locale.ROOT), url, headers, body);
            return switch (result) {
                case OutboundHttp.Failed f -> f.status();
                case OutboundHttp.Sent s -> {
                    responses.add(s.response());
                    readPositions.add(0);
                    a.memory().writeI32(resultOut, responses.size());
                    a.memory().writeI32(resultOut + 4, s.response().status());
                    yield OK;
                }
            };
        }

        int httpHeader(Args a, int handle, Param.Region nameArg, Param.Region buf, int lenOut) {
            var response = response(handle);
            var name = utf8(a, nameArg, MAX_NAME_BYTES);
            if (response == null || name == null) {
                return INVALID;
            }
            var values = response.headers().allValues(name);
            if (values.isEmpty()) {
                return NOT_FOUND;
            }
            return copyOut(a, String.join(", ", values).getBytes(StandardCharsets.UTF_8), buf, lenOut);
        }

        int httpReadBody(Args a, int handle, Param.Region buf, int nOut) {
            var response = response(handle);
            if (response == null) {
                return INVALID;
            }
            int index = handle - 1;
            int pos = readPositions.get(index);
            int n = Math.min(len(a.len(buf)), response.body().length - pos);
            a.memory().write(a.ptr(buf), response.body(), pos, n);
            readPositions.set(index, pos + n);
            a.memory().writeI32(nOut, n);
            return OK;
        }

        int httpClose(int handle) {
            var response = response(handle);
            if (response == null) {
                return INVALID;
            }
            // keep the numbering stable: the slot stays, its body is dropped
            responses.set(handle - 1, new OutboundHttp.Response(response.status(), response.headers(), new byte[0]));
            return OK;
        }

        private OutboundHttp.Response response(int handle) {
            return handle >= 1 && handle <= responses.size() ? responses.get(handle - 1) : null;
        }
    }

    // --- memory helpers ---------------------------------------------------------------------------------------

    /** A u32 length as a Java int: lengths past 2 GiB cannot fit any buffer, so they count as "too long". */
    private static int len(int value) {
        return value < 0 ? Integer.MAX_VALUE : value;
    }

    /**
     * Strict UTF-8 (names and keys must round-trip), or null when invalid or longer than max. Out-of-range addresses
     * trap, as a bad load would.
     */
    private static String utf8(Args a, Param.Region arg, int max) {
        int n = len(a.len(arg));
        if (n > max) {
            return null;
        }
        try {
            return a.utf8(arg);
        } catch (GuestBytes.InvalidUtf8 e) {
            return null;
        }
    }

    /** Writes the full length to lenOut; copies the bytes only when they fit into buf (else BUFFER_TOO_SMALL). */
    private static int copyOut(Args a, byte[] value, Param.Region buf, int lenOut) {
        a.memory().writeI32(lenOut, value.length);
        if (value.length > len(a.len(buf))) {
            return BUFFER_TOO_SMALL;
        }
        a.memory().write(a.ptr(buf), value);
        return OK;
    }
}
