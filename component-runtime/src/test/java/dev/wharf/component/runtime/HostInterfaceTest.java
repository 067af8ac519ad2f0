package dev.wharf.component.runtime;

import static dev.wharf.component.ComponentBuilder.CORE_FUNC;
import static dev.wharf.component.ComponentBuilder.CORE_MEMORY;
import static dev.wharf.component.ComponentBuilder.FUNC;
import static dev.wharf.component.ComponentBuilder.STRING;
import static dev.wharf.component.ComponentBuilder.TYPE;
import static dev.wharf.component.ComponentBuilder.U32;
import static dev.wharf.component.ComponentBuilder.U64;
import static dev.wharf.component.ComponentBuilder.borrow;
import static dev.wharf.component.ComponentBuilder.exportDecl;
import static dev.wharf.component.ComponentBuilder.func;
import static dev.wharf.component.ComponentBuilder.funcExtern;
import static dev.wharf.component.ComponentBuilder.instanceExtern;
import static dev.wharf.component.ComponentBuilder.instanceType;
import static dev.wharf.component.ComponentBuilder.memory;
import static dev.wharf.component.ComponentBuilder.own;
import static dev.wharf.component.ComponentBuilder.realloc;
import static dev.wharf.component.ComponentBuilder.subResource;
import static dev.wharf.component.ComponentBuilder.tuple;
import static dev.wharf.component.ComponentBuilder.typeDecl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.component.ComponentBuilder;
import dev.wharf.component.ParsedComponent;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.WharfLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host interfaces written in Java, called by components: values lowered into the guest (a string allocated with its
 * realloc, results written through a return pointer), host resources owned and borrowed, their destructors, and the
 * parent/child rule.
 */
class HostInterfaceTest {
    @TempDir
    Path dir;

    private ComponentInstance instantiate(ComponentBuilder b, Linker linker, Object... data) {
        var parsed = ParsedComponent.parse(dir.resolve("test.wasm"), b.bytes());
        return ComponentPlan.compile(parsed, Engine.uncached(WharfLog.off()), linker, Limits.none())
                .instantiate(data);
    }

    static final String APP = """
            (module
              (import "libc" "memory" (memory 1))
              (import "host" "greeting" (func $greeting (param i32 i32 i32)))
              (import "host" "split" (func $split (param i64 i32)))
              (func (export "greet") (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.const 200 call $greeting i32.const 200)
              (func (export "split") (param i64) (result i32)
                local.get 0 i32.const 208 call $split i32.const 208))
            """;

    @Test
    void theExampleHostInterfaceServesACallingComponent() throws Exception {
        var host = new TestHost();
        var b = new ComponentBuilder()
                .coreModule(dir, TrapRulesTest.LIBC)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_MEMORY, 0, "memory")
                .aliasCoreExport(CORE_FUNC, 0, "cabi_realloc") // core func 0
                .type(instanceType(
                        typeDecl(func(STRING, "name", STRING)), // 0
                        exportDecl("greeting", funcExtern(0)),
                        typeDecl(tuple(U32, U32)), // 1
                        typeDecl(func(1, "x", U64)), // 2
                        exportDecl("split", funcExtern(2)))) // type 0
                .importItem("wharf:test/host@0.1.0", instanceExtern(0))
                .aliasExport(FUNC, 0, "greeting") // func 0
                .aliasExport(FUNC, 0, "split") // func 1
                .canonLower(0, memory(0), realloc(0)) // core func 1
                .canonLower(1, memory(0)) // core func 2
                .coreInlineExports("greeting", 0, 1, "split", 0, 2) // core instance 1
                .coreModule(dir, APP)
                .coreInstantiate(1, "libc", 0, "host", 1) // core instance 2
                .type(func(STRING, "name", STRING)) // type 1
                .type(tuple(U32, U32)) // type 2
                .type(func(2, "x", U64)) // type 3
                .aliasCoreExport(CORE_FUNC, 2, "greet") // core func 3
                .canonLift(3, 1, memory(0), realloc(0)) // func 2
                .export("greet", FUNC, 2)
                .aliasCoreExport(CORE_FUNC, 2, "split") // core func 4
                .canonLift(4, 3, memory(0)) // func 4
                .export("split", FUNC, 4);
        var instance = instantiate(b, new Linker().define(host.build()));
        assertEquals("Hello, Wharf ☃!", instance.function("greet").call("Wharf ☃"));
        assertEquals(List.of(7L, 9L), instance.function("split").call(0x0000000700000009L));
    }

    /** Creates bodies, takes their streams, drops what the test says in the order it says. */
    static final String BODIES = """
            (module
              (import "host" "new-body" (func $new (result i32)))
              (import "host" "take-stream" (func $stream (param i32) (result i32)))
              (import "host" "drop-body" (func $drop-body (param i32)))
              (import "host" "drop-stream" (func $drop-stream (param i32)))
              (func (export "in-order") (local $b i32) (local $s i32)
                call $new local.tee $b call $stream local.set $s
                local.get $s call $drop-stream local.get $b call $drop-body)
              (func (export "body-first") (local $b i32) (local $s i32)
                call $new local.tee $b call $stream local.set $s
                local.get $b call $drop-body))
            """;

    @Test
    void hostResourcesAreOwnedBorrowedAndDroppedChildrenFirst() throws Exception {
        var destroyed = new ArrayList<String>();
        var body = new HostResource("body", (caller, rep) -> destroyed.add((String) rep));
        var stream = new HostResource("stream", (caller, rep) -> destroyed.add((String) rep));
        var iface = HostInterface.builder("wharf:test/bodies@0.1.0")
                .resource(body)
                .resource(stream)
                .func(
                        "new-body",
                        Wit.func(body.own()),
                        (caller, args) -> "body#" + caller.data(Counter.class).next())
                .func("take-stream", Wit.func(stream.own(), "self", body.borrow()), (caller, args) -> {
                    String child = args[0] + "/stream";
                    caller.adopt(child, args[0]);
                    return child;
                })
                .build();
        var b = new ComponentBuilder()
                .type(instanceType(
                        exportDecl("body", subResource()), // 0
                        exportDecl("stream", subResource()), // 1
                        typeDecl(own(0)), // 2
                        typeDecl(func(2)), // 3
                        exportDecl("new-body", funcExtern(3)),
                        typeDecl(own(1)), // 4
                        typeDecl(borrow(0)), // 5
                        typeDecl(func(4, "self", 5)), // 6
                        exportDecl("take-stream", funcExtern(6)))) // type 0
                .importItem("wharf:test/bodies@0.1.0", instanceExtern(0))
                .aliasExport(TYPE, 0, "body") // type 1
                .aliasExport(TYPE, 0, "stream") // type 2
                .aliasExport(FUNC, 0, "new-body") // func 0
                .aliasExport(FUNC, 0, "take-stream") // func 1
                .canonLower(0) // core func 0
                .canonLower(1) // core func 1
                .resourceDrop(1) // core func 2
                .resourceDrop(2) // core func 3
                .coreInlineExports("new-body", 0, 0, "take-stream", 0, 1, "drop-body", 0, 2, "drop-stream", 0, 3)
                .coreModule(dir, BODIES)
                .coreInstantiate(0, "host", 0) // core instance 1
                .type(func(-1)) // type 3
                .aliasCoreExport(CORE_FUNC, 1, "in-order") // core func 4
                .canonLift(4, 3) // func 2
                .export("in-order", FUNC, 2)
                .aliasCoreExport(CORE_FUNC, 1, "body-first") // core func 5
                .canonLift(5, 3) // func 4
                .export("body-first", FUNC, 4);
        var instance = instantiate(b, new Linker().define(iface), new Counter());
        instance.function("in-order").call();
        assertEquals(List.of("body#1/stream", "body#1"), destroyed);
        var e = assertThrows(
                ComponentTrap.class, () -> instance.function("body-first").call());
        assertTrue(
                e.getMessage().startsWith("resource `body` dropped while 1 of its child resources are still alive"),
                e.getMessage());
    }

    /** Per-run host data: numbers the bodies of one instance. */
    static final class Counter {
        private int n;

        int next() {
            return ++n;
        }
    }
}
