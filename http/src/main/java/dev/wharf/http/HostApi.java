package dev.wharf.http;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Wharf host API for core modules (docs/host-api.md): `wharf:kv`, `wharf:variables`, `wharf:log` and
 * `wharf:http`. Every function takes pointers and lengths into the guest's linear memory and returns an i32
 * status; results go to out-pointers. Each request's instance gets its own set of functions (and so its own
 * store and response handles), bound to the request's {@link GuestContext}.
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

    /** Every function of the API with its type: what a module may import from the `wharf:*` modules. */
    static final Map<String, FunctionType> SIGNATURES = signatures();

    private HostApi() {}

    private static Map<String, FunctionType> signatures() {
        var m = new LinkedHashMap<String, FunctionType>();
        m.put(KV + "::open", i32s(3));
        m.put(KV + "::get", i32s(6));
        m.put(KV + "::set", i32s(5));
        m.put(KV + "::delete", i32s(3));
        m.put(KV + "::exists", i32s(3));
        m.put(VARIABLES + "::get", i32s(5));
        m.put(LOG + "::field", i32s(4));
        m.put(LOG + "::write", i32s(3));
        m.put(HTTP + "::send", i32s(9));
        m.put(HTTP + "::header", i32s(6));
        m.put(HTTP + "::read_body", i32s(4));
        m.put(HTTP + "::close", i32s(1));
        return Collections.unmodifiableMap(m);
    }

    private static FunctionType i32s(int params) {
        var p = new ValType[params];
        Arrays.fill(p, ValType.I32);
        return FunctionType.of(p, new ValType[] {ValType.I32});
    }

    static boolean isHostModule(String module) {
        return module.startsWith("wharf:");
    }

    /** Why an import from a `wharf:*` module cannot be satisfied, or empty when it can. */
    static Optional<String> checkImport(String module, String name, FunctionType type) {
        var expected = SIGNATURES.get(module + "::" + name);
        if (expected == null) {
            return Optional.of("`" + module + "::" + name + "` is not a function of the Wharf host API");
        }
        if (!expected.equals(type)) {
            return Optional.of(
                    "`" + module + "::" + name + "` has type " + type + " but the host API's is " + expected);
        }
        return Optional.empty();
    }

    /** A fresh set of host functions for one instance serving one request. */
    static List<HostFunction> forRequest(GuestContext ctx) {
        var state = new InstanceState(ctx);
        var fns = new ArrayList<HostFunction>();
        fns.add(fn(KV, "open", (inst, a) -> state.kvOpen(mem(inst), a)));
        fns.add(fn(KV, "get", (inst, a) -> state.kvGet(mem(inst), a)));
        fns.add(fn(KV, "set", (inst, a) -> state.kvSet(mem(inst), a)));
        fns.add(fn(KV, "delete", (inst, a) -> state.kvDelete(mem(inst), a)));
        fns.add(fn(KV, "exists", (inst, a) -> state.kvExists(mem(inst), a)));
        fns.add(fn(VARIABLES, "get", (inst, a) -> state.variableGet(mem(inst), a)));
        fns.add(fn(LOG, "field", (inst, a) -> state.logField(mem(inst), a)));
        fns.add(fn(LOG, "write", (inst, a) -> state.logWrite(mem(inst), a)));
        fns.add(fn(HTTP, "send", (inst, a) -> state.httpSend(mem(inst), a)));
        fns.add(fn(HTTP, "header", (inst, a) -> state.httpHeader(mem(inst), a)));
        fns.add(fn(HTTP, "read_body", (inst, a) -> state.httpReadBody(mem(inst), a)));
        fns.add(fn(HTTP, "close", (inst, a) -> state.httpClose(a)));
        return fns;
    }

    private interface Call {
        int apply(Instance instance, long[] args);
    }

    private static HostFunction fn(String module, String name, Call call) {
        return new HostFunction(module, name, SIGNATURES.get(module + "::" + name), (instance, args) ->
                new long[] {call.apply(instance, args)});
    }

    private static Memory mem(Instance instance) {
        return instance.memory();
    }

    /** Per-instance state: the stores it opened and the outbound responses it holds, by handle (1-based). */
    private static final class InstanceState {
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

        int kvOpen(Memory m, long[] a) {
            var name = utf8(m, a[0], a[1], MAX_NAME_BYTES);
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
            m.writeI32(ptr(a[2]), stores.size());
            return OK;
        }

        int kvGet(Memory m, long[] a) {
            var store = store(a[0]);
            var key = utf8(m, a[1], a[2], MAX_KEY_BYTES);
            if (store == null || key == null) {
                return INVALID;
            }
            try {
                var value = ctx.kv().get(store, key);
                if (value.isEmpty()) {
                    return NOT_FOUND;
                }
                return copyOut(m, value.get(), a[3], a[4], a[5]);
            } catch (SQLException e) {
                return storageFailure(e);
            }
        }

        int kvSet(Memory m, long[] a) {
            var store = store(a[0]);
            var key = utf8(m, a[1], a[2], MAX_KEY_BYTES);
            if (store == null || key == null) {
                return INVALID;
            }
            if (len(a[4]) > MAX_VALUE_BYTES) {
                return TOO_LARGE;
            }
            try {
                ctx.kv().set(store, key, m.readBytes(ptr(a[3]), len(a[4])));
                return OK;
            } catch (SQLException e) {
                return storageFailure(e);
            }
        }

        int kvDelete(Memory m, long[] a) {
            var store = store(a[0]);
            var key = utf8(m, a[1], a[2], MAX_KEY_BYTES);
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

        int kvExists(Memory m, long[] a) {
            var store = store(a[0]);
            var key = utf8(m, a[1], a[2], MAX_KEY_BYTES);
            if (store == null || key == null) {
                return INVALID;
            }
            try {
                return ctx.kv().get(store, key).isPresent() ? OK : NOT_FOUND;
            } catch (SQLException e) {
                return storageFailure(e);
            }
        }

        private String store(long handle) {
            int h = (int) handle;
            return h >= 1 && h <= stores.size() ? stores.get(h - 1) : null;
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

        int variableGet(Memory m, long[] a) {
            var name = utf8(m, a[0], a[1], MAX_NAME_BYTES);
            if (name == null) {
                return INVALID;
            }
            var variables = ctx.component().variables();
            var value = variables.getOrDefault(name, variables.get(name.toLowerCase(Locale.ROOT)));
            if (value == null) {
                return NOT_FOUND;
            }
            return copyOut(m, value.getBytes(StandardCharsets.UTF_8), a[2], a[3], a[4]);
        }

        // --- wharf:log ------------------------------------------------------------------------------------

        int logField(Memory m, long[] a) {
            var key = utf8(m, a[0], a[1], MAX_NAME_BYTES);
            var value = utf8(m, a[2], a[3], MAX_LOG_MESSAGE_BYTES);
            if (key == null || value == null || !key.matches("[A-Za-z0-9_.-]+")) {
                return INVALID;
            }
            if (pendingFields.size() >= MAX_LOG_FIELDS) {
                return TOO_LARGE;
            }
            pendingFields.add(Map.entry(key, value));
            return OK;
        }

        int logWrite(Memory m, long[] a) {
            String level = switch ((int) a[0]) {
                case 0 -> "trace";
                case 1 -> "debug";
                case 2 -> "info";
                case 3 -> "warn";
                case 4 -> "error";
                default -> null;
            };
            int n = len(a[2]);
            byte[] bytes = m.readBytes(ptr(a[1]), Math.min(n, MAX_LOG_MESSAGE_BYTES));
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

        int httpSend(Memory m, long[] a) {
            var method = utf8(m, a[0], a[1], 64);
            var url = utf8(m, a[2], a[3], MAX_URL_BYTES);
            var headerBlock = utf8(m, a[4], a[5], MAX_HEADER_BLOCK_BYTES);
            if (method == null || url == null || headerBlock == null || method.isEmpty()) {
                return INVALID;
            }
            if (len(a[7]) > MAX_VALUE_BYTES) {
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
            byte[] body = m.readBytes(ptr(a[6]), len(a[7]));
            var result = ctx.outbound().send(ctx, method.toUpperCase(Locale.ROOT), url, headers, body);
            return switch (result) {
                case OutboundHttp.Failed f -> f.status();
                case OutboundHttp.Sent s -> {
                    responses.add(s.response());
                    readPositions.add(0);
                    int out = ptr(a[8]);
                    m.writeI32(out, responses.size());
                    m.writeI32(out + 4, s.response().status());
                    yield OK;
                }
            };
        }

        int httpHeader(Memory m, long[] a) {
            var response = response(a[0]);
            var name = utf8(m, a[1], a[2], MAX_NAME_BYTES);
            if (response == null || name == null) {
                return INVALID;
            }
            var values = response.headers().allValues(name);
            if (values.isEmpty()) {
                return NOT_FOUND;
            }
            return copyOut(m, String.join(", ", values).getBytes(StandardCharsets.UTF_8), a[3], a[4], a[5]);
        }

        int httpReadBody(Memory m, long[] a) {
            var response = response(a[0]);
            if (response == null) {
                return INVALID;
            }
            int index = (int) a[0] - 1;
            int pos = readPositions.get(index);
            int n = Math.min(len(a[2]), response.body().length - pos);
            m.write(ptr(a[1]), response.body(), pos, n);
            readPositions.set(index, pos + n);
            m.writeI32(ptr(a[3]), n);
            return OK;
        }

        int httpClose(long[] a) {
            var response = response(a[0]);
            if (response == null) {
                return INVALID;
            }
            // keep the numbering stable: the slot stays, its body is dropped
            responses.set(
                    (int) a[0] - 1, new OutboundHttp.Response(response.status(), response.headers(), new byte[0]));
            return OK;
        }

        private OutboundHttp.Response response(long handle) {
            int h = (int) handle;
            return h >= 1 && h <= responses.size() ? responses.get(h - 1) : null;
        }
    }

    // --- memory helpers ---------------------------------------------------------------------------------------

    /** A guest i32 address; out-of-range addresses trap in Chicory's memory accessors, as a bad load would. */
    private static int ptr(long value) {
        return (int) value;
    }

    private static int len(long value) {
        return (int) value < 0 ? Integer.MAX_VALUE : (int) value;
    }

    /** Strict UTF-8 (names and keys must round-trip), or null when invalid or longer than max. */
    private static String utf8(Memory m, long ptr, long len, int max) {
        int n = len(len);
        if (n > max) {
            return null;
        }
        byte[] bytes = m.readBytes(ptr(ptr), n);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Writes the full length to lenOut; copies the bytes only when they fit (else BUFFER_TOO_SMALL). */
    private static int copyOut(Memory m, byte[] value, long bufPtr, long bufCap, long lenOut) {
        m.writeI32(ptr(lenOut), value.length);
        if (value.length > len(bufCap)) {
            return BUFFER_TOO_SMALL;
        }
        m.write(ptr(bufPtr), value);
        return OK;
    }
}
