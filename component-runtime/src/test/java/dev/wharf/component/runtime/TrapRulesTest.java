package dev.wharf.component.runtime;

import static dev.wharf.component.ComponentBuilder.CORE_FUNC;
import static dev.wharf.component.ComponentBuilder.CORE_MEMORY;
import static dev.wharf.component.ComponentBuilder.FUNC;
import static dev.wharf.component.ComponentBuilder.INSTANCE;
import static dev.wharf.component.ComponentBuilder.STRING;
import static dev.wharf.component.ComponentBuilder.TYPE;
import static dev.wharf.component.ComponentBuilder.U32;
import static dev.wharf.component.ComponentBuilder.borrow;
import static dev.wharf.component.ComponentBuilder.enumOf;
import static dev.wharf.component.ComponentBuilder.exportDecl;
import static dev.wharf.component.ComponentBuilder.func;
import static dev.wharf.component.ComponentBuilder.funcExtern;
import static dev.wharf.component.ComponentBuilder.instanceExtern;
import static dev.wharf.component.ComponentBuilder.instanceType;
import static dev.wharf.component.ComponentBuilder.list;
import static dev.wharf.component.ComponentBuilder.memory;
import static dev.wharf.component.ComponentBuilder.own;
import static dev.wharf.component.ComponentBuilder.postReturn;
import static dev.wharf.component.ComponentBuilder.realloc;
import static dev.wharf.component.ComponentBuilder.subResource;
import static dev.wharf.component.ComponentBuilder.typeDecl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.component.ComponentBuilder;
import dev.wharf.component.ParsedComponent;
import dev.wharf.component.ValType;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.WharfLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canonical ABI's trap rules, each as our own case of what the spec's tests (test/values, test/resources) check:
 * a core function hands back a malformed value, or a call breaks a handle or reentrance rule, and the call traps with
 * a message naming the rule, never a Java exception of another kind.
 */
class TrapRulesTest {
    /** A memory and a bump allocator, with malformed values laid out at fixed addresses. */
    static final String LIBC = """
            (module
              (memory (export "memory") 1)
              (global $bump (mut i32) (i32.const 1024))
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
                global.get $bump
                local.get 2 i32.const 1 i32.sub i32.add
                local.get 2 i32.const 1 i32.sub i32.const -1 i32.xor i32.and
                local.tee $p local.get 3 i32.add global.set $bump
                local.get $p)
              ;; at 16: bytes that are not UTF-8; at 32: the string (16, 2)
              (data (i32.const 16) "\\ff\\fe")
              (data (i32.const 32) "\\10\\00\\00\\00\\02\\00\\00\\00")
              ;; at 48: a string (65536, 16) that runs past the one page of memory
              (data (i32.const 48) "\\00\\00\\01\\00\\10\\00\\00\\00")
              ;; at 64: a list<u32> (2, 1) whose elements are not 4-aligned
              (data (i32.const 64) "\\02\\00\\00\\00\\01\\00\\00\\00")
              ;; at 80: the string (96, 2) "ok"
              (data (i32.const 80) "\\60\\00\\00\\00\\02\\00\\00\\00")
              (data (i32.const 96) "ok")
              (func (export "bad-utf8") (result i32) i32.const 32)
              (func (export "oob-string") (result i32) i32.const 48)
              (func (export "unaligned-list") (result i32) i32.const 64)
              (func (export "surrogate-char") (result i32) i32.const 0xD800)
              (func (export "big-char") (result i32) i32.const 0x110000)
              (func (export "bad-enum") (result i32) i32.const 3)
              (func (export "take-string") (param i32 i32))
              (func (export "bad-realloc") (param i32 i32 i32 i32) (result i32) i32.const 65534))
            """;

    @TempDir
    Path dir;

    private ComponentInstance instantiate(ComponentBuilder b, Linker linker) {
        var parsed = ParsedComponent.parse(dir.resolve("test.wasm"), b.bytes());
        var plan = ComponentPlan.compile(parsed, Engine.uncached(WharfLog.fromEnvironment()), linker, Limits.none());
        return plan.instantiate();
    }

    /** One component exporting the libc's malformed-value functions, each lifted with the type that makes it wrong. */
    private ComponentInstance malformed() throws Exception {
        var b = new ComponentBuilder()
                .coreModule(dir, LIBC)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_MEMORY, 0, "memory") // core memory 0
                .aliasCoreExport(CORE_FUNC, 0, "cabi_realloc") // core func 0
                .type(func(STRING)) // type 0: func() -> string
                .type(func(0x74)) // type 1: func() -> char
                .type(enumOf("a", "b", "c")) // type 2
                .type(func(2)) // type 3: func() -> enum
                .type(list(U32)) // type 4
                .type(func(4)) // type 5: func() -> list<u32>
                .type(func(-1, "s", STRING)); // type 6: func(s: string)
        int coreFunc = 1;
        int funcIndex = 0;
        String[][] exports = {
            {"bad-utf8", "0"},
            {"oob-string", "0"},
            {"unaligned-list", "5"},
            {"surrogate-char", "1"},
            {"big-char", "1"},
            {"bad-enum", "3"}
        };
        for (String[] e : exports) {
            b.aliasCoreExport(CORE_FUNC, 0, e[0]);
            b.canonLift(coreFunc++, Integer.parseInt(e[1]), memory(0), realloc(0));
            b.export(e[0], FUNC, funcIndex);
            funcIndex += 2; // the lift and the export each add a function
        }
        // take-string with a realloc that answers an address past the end of memory
        b.aliasCoreExport(CORE_FUNC, 0, "take-string");
        b.aliasCoreExport(CORE_FUNC, 0, "bad-realloc");
        b.canonLift(coreFunc, 6, memory(0), realloc(coreFunc + 1));
        b.export("take-string", FUNC, funcIndex);
        return instantiate(b, new Linker());
    }

    private static String trap(ComponentInstance instance, String function, Object... args) {
        var e = assertThrows(
                ComponentTrap.class, () -> instance.function(function).call(args));
        return e.getMessage();
    }

    @Test
    void stringsMustBeUtf8() throws Exception {
        assertEquals("invalid utf-8 in a string at 0x10", trap(malformed(), "bad-utf8"));
    }

    @Test
    void stringsMustLieInsideMemory() throws Exception {
        assertTrue(trap(malformed(), "oob-string").startsWith("string content out of bounds: 16 bytes at 0x10000"));
    }

    @Test
    void listPointersMustBeAligned() throws Exception {
        assertEquals("unaligned pointer: 0x2 is not a multiple of 4", trap(malformed(), "unaligned-list"));
    }

    @Test
    void charsMustBeUnicodeScalarValues() throws Exception {
        var instance = malformed();
        assertTrue(trap(instance, "surrogate-char").startsWith("invalid `char` bit pattern: 0xd800"));
        assertTrue(trap(instance, "big-char").startsWith("invalid `char` bit pattern: 0x110000"));
    }

    @Test
    void discriminantsMustNameACase() throws Exception {
        assertEquals("invalid variant discriminant: 3 for a enum of 3 cases", trap(malformed(), "bad-enum"));
    }

    @Test
    void reallocMustAnswerInsideMemory() throws Exception {
        assertTrue(trap(malformed(), "take-string", "hello").startsWith("realloc return: beyond end of memory"));
    }

    // ---- handles, borrows and instance flags, with a host interface ------------------------------------------

    /** The guest side of the handle tests: calls out to the host through the lowered imports of "host". */
    static final String APP = """
            (module
              (import "libc" "memory" (memory 1))
              (import "host" "make" (func $make (result i32)))
              (import "host" "both" (func $both (param i32 i32)))
              (import "host" "log" (func $log (param i32 i32)))
              (import "host" "callback" (func $callback))
              (import "host" "drop-r" (func $drop (param i32)))
              (func (export "lend-trap") (local i32)
                call $make local.tee 0 local.get 0 call $both)
              (func (export "keep") (param i32))
              (func (export "release") (param i32) local.get 0 call $drop)
              (func (export "reenter") call $callback)
              (func (export "log-bad") i32.const 16 i32.const 2 call $log)
              (func (export "drop-twice") (local i32)
                call $make local.tee 0 call $drop local.get 0 call $drop)
              (func (export "get-string") (result i32) i32.const 80)
              (func (export "post") (param i32) i32.const 96 i32.const 2 call $log))
            """;

    final List<Object> dropped = new ArrayList<>();
    final List<String> logged = new ArrayList<>();

    private ComponentInstance withHost() throws Exception {
        var r = new HostResource("r", (caller, rep) -> dropped.add(rep));
        var host = HostInterface.builder("wharf:test/res@0.1.9") // serves the component's @0.1.0 import
                .resource(r)
                .func("make", Wit.func(r.own()), (c, a) -> "thing")
                .func("both", Wit.func(null, "a", r.borrow(), "b", r.own()), (c, a) -> null)
                .func("log", Wit.func(null, "s", ValType.Prim.STRING), (c, a) -> {
                    logged.add((String) a[0]);
                    return null;
                })
                .func(
                        "callback",
                        Wit.func(null),
                        (c, a) -> c.instance().function("reenter").call())
                .build();
        var b = new ComponentBuilder()
                .coreModule(dir, LIBC)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_MEMORY, 0, "memory") // core memory 0
                .aliasCoreExport(CORE_FUNC, 0, "cabi_realloc") // core func 0
                .type(instanceType(
                        exportDecl("r", subResource()), // (instance) type 0
                        typeDecl(own(0)), // 1
                        typeDecl(func(1)), // 2: func() -> own<r>
                        exportDecl("make", funcExtern(2)),
                        typeDecl(borrow(0)), // 3
                        typeDecl(func(-1, "a", 3, "b", 1)), // 4
                        exportDecl("both", funcExtern(4)),
                        typeDecl(func(-1, "s", STRING)), // 5
                        exportDecl("log", funcExtern(5)),
                        typeDecl(func(-1)), // 6
                        exportDecl("callback", funcExtern(6)))) // type 0
                .importItem("wharf:test/res@0.1.0", instanceExtern(0)) // instance 0
                .aliasExport(TYPE, 0, "r") // type 1
                .aliasExport(FUNC, 0, "make") // func 0
                .aliasExport(FUNC, 0, "both") // func 1
                .aliasExport(FUNC, 0, "log") // func 2
                .aliasExport(FUNC, 0, "callback") // func 3
                .canonLower(0) // core func 1
                .canonLower(1) // core func 2
                .canonLower(2, memory(0)) // core func 3
                .canonLower(3) // core func 4
                .resourceDrop(1) // core func 5
                .coreInlineExports("make", 0, 1, "both", 0, 2, "log", 0, 3, "callback", 0, 4, "drop-r", 0, 5)
                .coreModule(dir, APP)
                .coreInstantiate(1, "libc", 0, "host", 1) // core instance 2
                .type(borrow(1)) // type 2
                .type(func(-1, "x", 2)) // type 3
                .type(func(-1)) // type 4
                .type(func(STRING)); // type 5
        String[][] exports = {
            {"lend-trap", "4"}, {"keep", "3"}, {"release", "3"}, {"reenter", "4"}, {"log-bad", "4"}, {"drop-twice", "4"}
        };
        int coreFunc = 6;
        int funcIndex = 4;
        for (String[] e : exports) {
            b.aliasCoreExport(CORE_FUNC, 2, e[0]);
            b.canonLift(coreFunc++, Integer.parseInt(e[1]));
            b.export(e[0], FUNC, funcIndex);
            funcIndex += 2;
        }
        b.aliasCoreExport(CORE_FUNC, 2, "get-string");
        b.aliasCoreExport(CORE_FUNC, 2, "post");
        b.canonLift(coreFunc, 5, memory(0), postReturn(coreFunc + 1));
        b.export("get-string", FUNC, funcIndex);
        return instantiate(b, new Linker().define(host));
    }

    @Test
    void borrowsMustBeDroppedBeforeTheCallReturns() throws Exception {
        var instance = withHost();
        assertTrue(trap(instance, "keep", "thing").startsWith("borrow handles still remain at the end of the call"));
        assertEquals(null, withHost().function("release").call("thing"));
        assertEquals(List.of(), dropped, "dropping a borrow does not destroy the host's resource");
    }

    @Test
    void anOwnedHandleCannotMoveWhileItIsLent() throws Exception {
        assertTrue(trap(withHost(), "lend-trap").startsWith("cannot remove owned resource while borrowed"));
    }

    @Test
    void aDroppedHandleIsGone() throws Exception {
        assertEquals("unknown handle index 1", trap(withHost(), "drop-twice"));
        assertEquals(List.of("thing"), dropped, "the first drop destroyed the host resource");
    }

    @Test
    void anInstanceCannotBeReenteredWhileItRuns() throws Exception {
        assertTrue(trap(withHost(), "reenter").startsWith("cannot enter component instance"));
    }

    @Test
    void argumentsToTheHostAreCheckedToo() throws Exception {
        assertEquals("invalid utf-8 in a string at 0x10", trap(withHost(), "log-bad"));
    }

    @Test
    void postReturnMayNotCallOut() throws Exception {
        var e = assertThrows(
                ComponentTrap.class, () -> withHost().function("get-string").call());
        assertTrue(e.getMessage().startsWith("cannot leave component instance"), e.getMessage());
        assertEquals(List.of(), logged);
    }

    @Test
    void aMissingImportIsRefusedBeforeAnythingRuns() throws Exception {
        var b = new ComponentBuilder()
                .type(instanceType(typeDecl(func(-1)), exportDecl("poke", funcExtern(0))))
                .importItem("wharf:test/res@0.1.0", instanceExtern(0));
        var e = assertThrows(ComponentLinkException.class, () -> instantiate(b, new Linker()));
        assertEquals("imports `wharf:test/res@0.1.0` (function `poke`), which Wharf does not provide", e.getMessage());
        var wasi = new ComponentBuilder()
                .type(instanceType(typeDecl(func(-1)), exportDecl("run", funcExtern(0))))
                .importItem("wasi:cli/run@0.3.0", instanceExtern(0));
        e = assertThrows(ComponentLinkException.class, () -> instantiate(wasi, new Linker()));
        assertTrue(e.getMessage().contains("WASI 0.3 is not supported yet"), e.getMessage());
    }

    @Test
    void aHostFunctionOfAnotherTypeIsRefused() throws Exception {
        var host = HostInterface.builder("wharf:test/res@0.1.0")
                .func("poke", Wit.func(ValType.Prim.U32), (c, a) -> 1L)
                .build();
        var b = new ComponentBuilder()
                .type(instanceType(typeDecl(func(-1, "x", STRING)), exportDecl("poke", funcExtern(0))))
                .importItem("wharf:test/res@0.1.0", instanceExtern(0));
        var e = assertThrows(ComponentLinkException.class, () -> instantiate(b, new Linker().define(host)));
        assertEquals(
                "imports `wharf:test/res@0.1.0` function `poke` as func(x: string), but Wharf's host provides "
                        + "func() -> u32",
                e.getMessage());
    }

    @Test
    void instanceSortIsWhatThisFileUses() {
        assertEquals(0x05, INSTANCE);
    }
}
