package dev.wharf.component.runtime;

import static dev.wharf.component.ComponentBuilder.CORE_FUNC;
import static dev.wharf.component.ComponentBuilder.CORE_MEMORY;
import static dev.wharf.component.ComponentBuilder.FUNC;
import static dev.wharf.component.ComponentBuilder.LATIN1_UTF16;
import static dev.wharf.component.ComponentBuilder.STRING;
import static dev.wharf.component.ComponentBuilder.U32;
import static dev.wharf.component.ComponentBuilder.UTF16;
import static dev.wharf.component.ComponentBuilder.UTF8;
import static dev.wharf.component.ComponentBuilder.func;
import static dev.wharf.component.ComponentBuilder.memory;
import static dev.wharf.component.ComponentBuilder.realloc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.component.ComponentBuilder;
import dev.wharf.component.ParsedComponent;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.WharfLog;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strings in each canonical string encoding: the same core functions lifted with utf8, utf16 and latin1+utf16. `echo`
 * hands back the string it was given; `units` answers the length the canonical ABI passed, which shows the encoding
 * chosen (code units, and latin1+utf16's tag bit for a string that is not latin-1).
 */
class StringEncodingsTest {
    static final String CORE = """
            (module
              (memory (export "memory") 1)
              (global $bump (mut i32) (i32.const 1024))
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
                global.get $bump
                local.get 2 i32.const 1 i32.sub i32.add
                local.get 2 i32.const 1 i32.sub i32.const -1 i32.xor i32.and
                local.tee $p local.get 3 i32.add global.set $bump
                local.get $p)
              (func (export "echo") (param i32 i32) (result i32)
                i32.const 16 local.get 0 i32.store i32.const 20 local.get 1 i32.store i32.const 16)
              (func (export "units") (param i32 i32) (result i32) local.get 1)
              ;; at 64: "a" then a lone high surrogate, in utf-16
              (data (i32.const 64) "\\61\\00\\00\\d8")
              (func (export "bad-utf16") (result i32)
                i32.const 32 i32.const 64 i32.store i32.const 36 i32.const 2 i32.store i32.const 32))
            """;

    @TempDir
    Path dir;

    ComponentInstance instance;

    @BeforeEach
    void build() throws Exception {
        var b = new ComponentBuilder()
                .coreModule(dir, CORE)
                .coreInstantiate(0)
                .aliasCoreExport(CORE_MEMORY, 0, "memory")
                .aliasCoreExport(CORE_FUNC, 0, "cabi_realloc") // core func 0
                .aliasCoreExport(CORE_FUNC, 0, "echo") // core func 1
                .aliasCoreExport(CORE_FUNC, 0, "units") // core func 2
                .aliasCoreExport(CORE_FUNC, 0, "bad-utf16") // core func 3
                .type(func(STRING, "s", STRING)) // type 0
                .type(func(U32, "s", STRING)) // type 1
                .type(func(STRING)); // type 2
        int func = 0;
        String[] names = {"utf8", "utf16", "latin1"};
        byte[][] encodings = {UTF8, UTF16, LATIN1_UTF16};
        for (int i = 0; i < names.length; i++) {
            b.canonLift(1, 0, memory(0), realloc(0), encodings[i]).export("echo-" + names[i], FUNC, func);
            b.canonLift(2, 1, memory(0), realloc(0), encodings[i]).export("units-" + names[i], FUNC, func + 2);
            func += 4;
        }
        b.canonLift(3, 2, memory(0), UTF16).export("bad-utf16", FUNC, func);
        var parsed = ParsedComponent.parse(dir.resolve("strings.wasm"), b.bytes());
        instance = ComponentPlan.compile(parsed, Engine.uncached(WharfLog.off()), new Linker(), Limits.none())
                .instantiate();
    }

    private Object call(String name, Object... args) {
        return instance.function(name).call(args);
    }

    @Test
    void everyEncodingCarriesEveryString() {
        for (String encoding : new String[] {"utf8", "utf16", "latin1"}) {
            for (String s : new String[] {"", "plain", "héllo", "☃ snow", "😀 emoji", "\u0000nul"}) {
                assertEquals(s, call("echo-" + encoding, s), encoding + ": " + s);
            }
        }
    }

    @Test
    void lengthsAreCodeUnitsOfTheEncoding() {
        assertEquals(6L, call("units-utf8", "héllo"), "utf-8 bytes");
        assertEquals(4L, call("units-utf8", "😀"));
        assertEquals(5L, call("units-utf16", "héllo"), "utf-16 code units");
        assertEquals(2L, call("units-utf16", "😀"), "a surrogate pair");
        assertEquals(5L, call("units-latin1", "héllo"), "latin-1 bytes: é fits");
        assertEquals(0x80000001L, call("units-latin1", "☃"), "utf-16 with the tag bit");
        assertEquals(0x80000002L, call("units-latin1", "😀"));
    }

    @Test
    void utf16FromTheComponentMustBeWellFormed() {
        var e = assertThrows(ComponentTrap.class, () -> call("bad-utf16"));
        assertEquals("invalid utf-16 (an unpaired surrogate) in a string at 0x40", e.getMessage());
    }
}
