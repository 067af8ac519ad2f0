package dev.wharf.component.runtime;

import static dev.wharf.component.ValType.Prim.BOOL;
import static dev.wharf.component.ValType.Prim.F32;
import static dev.wharf.component.ValType.Prim.F64;
import static dev.wharf.component.ValType.Prim.S16;
import static dev.wharf.component.ValType.Prim.S32;
import static dev.wharf.component.ValType.Prim.S64;
import static dev.wharf.component.ValType.Prim.S8;
import static dev.wharf.component.ValType.Prim.STRING;
import static dev.wharf.component.ValType.Prim.U16;
import static dev.wharf.component.ValType.Prim.U32;
import static dev.wharf.component.ValType.Prim.U64;
import static dev.wharf.component.ValType.Prim.U8;

import dev.wharf.component.ResultValue;
import dev.wharf.component.ValType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The example host interface the fixtures import: {@code wharf:test/host@0.1.0} as fixtures/components/wit/host.wit
 * documents it (the same behaviour as the jco peer's host.js), written with Wharf's host API. It is also how a host
 * interface is provided: each function declared with its WIT type and given a body over Java values.
 */
public final class TestHost {
    /** What {@code log} received, in order (the peer writes "host log: MSG" to stderr instead). */
    public final List<String> logged = new ArrayList<>();

    public HostInterface build() {
        ValType entry = Wit.record("key", STRING, "value", S64);
        Object[] wideParams = {
            "a1", U8, "a2", S8, "a3", U16, "a4", S16, "a5", U32, "a6", S32, "a7", U64, "a8", S64, "a9", F32, "a10", F64,
            "a11", U8, "a12", U16, "a13", U32, "a14", U64, "a15", S32, "a16", S64, "a17", F64
        };
        return HostInterface.builder("wharf:test/host@0.1.0")
                .func("log", Wit.func(null, "msg", STRING), (caller, args) -> {
                    logged.add((String) args[0]);
                    return null;
                })
                .func(
                        "add",
                        Wit.func(U32, "a", U32, "b", U32),
                        (caller, args) -> ((Long) args[0] + (Long) args[1]) & 0xffffffffL)
                .func("greeting", Wit.func(STRING, "name", STRING), (caller, args) -> "Hello, " + args[0] + "!")
                .func("split", Wit.func(Wit.tuple(U32, U32), "x", U64), (caller, args) -> {
                    long x = (Long) args[0];
                    return List.of(x >>> 32, x & 0xffffffffL);
                })
                .func("lookup", Wit.func(Wit.option(STRING), "key", STRING), (caller, args) -> {
                    String key = (String) args[0];
                    return key.startsWith("k") ? Optional.of("value-of-" + key) : Optional.empty();
                })
                .func("parse-number", Wit.func(Wit.result(S64, STRING), "s", STRING), (caller, args) -> {
                    String s = (String) args[0];
                    return s.matches("-?[0-9]+")
                            ? ResultValue.ok(Long.parseLong(s))
                            : ResultValue.err("not a number: " + s);
                })
                .func("word-lengths", Wit.func(Wit.list(U32), "words", Wit.list(STRING)), (caller, args) -> {
                    var lengths = new ArrayList<Long>();
                    for (Object word : (List<?>) args[0]) {
                        lengths.add((long) ((String) word).getBytes(StandardCharsets.UTF_8).length);
                    }
                    return lengths;
                })
                .func("store", Wit.func(BOOL, "e", entry), (caller, args) -> (Long) ((List<?>) args[0]).get(1) > 0)
                .func("wide", Wit.func(F64, wideParams), (caller, args) -> {
                    double sum = 0;
                    for (int i = 0; i < args.length; i++) {
                        // u64 arrives as its bits in a Long: read unsigned, as the peer's Number(BigInt) does
                        sum += wideParams[2 * i + 1] == U64
                                ? Double.parseDouble(Long.toUnsignedString((Long) args[i]))
                                : ((Number) args[i]).doubleValue();
                    }
                    return sum;
                })
                .build();
    }
}
