package dev.wharf.component.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wharf.component.ExternType;
import dev.wharf.component.Named;
import dev.wharf.component.ParsedComponent;
import dev.wharf.component.ResourceType;
import dev.wharf.runtime.CompileCache;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.RunOutcome;
import dev.wharf.runtime.WharfLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fixtures' components (fixtures/components, built from source by fixtures/build.sh) give what the peer gives:
 * every expected value here is one that fixtures/peer/check.sh checks jco's transpiled execution against, written in
 * WAVE as `wharf run --invoke` prints it. Hand-written canonical ABI components in C, QuickJS components, and two
 * compositions whose components pass an exported resource between them.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PeerAgreementTest {
    static Path components;
    static Engine engine;

    @BeforeAll
    static void fixtures() {
        Path repo = Path.of(System.getProperty("wharf.repo.dir"));
        // the component fixtures come with fixtures/components/build.sh; once it is in the tree they must be built
        assumeTrue(
                Files.isRegularFile(repo.resolve("fixtures/components/build.sh")),
                "fixtures/components is not in this tree yet");
        components = Path.of(System.getProperty("wharf.fixtures.dir"), "components");
        engine = new Engine(
                new CompileCache(Path.of(System.getProperty("wharf.cache.dir")), WharfLog.off()), WharfLog.off());
    }

    static ComponentPlan plan(String name, Linker linker) {
        Path file = components.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: fixtures/build.sh builds it");
        }
        return ComponentPlan.compile(ParsedComponent.read(file), engine, linker, Limits.none());
    }

    /** Each call on a fresh instance, as `wharf run --invoke` makes it; the result in WAVE. */
    static String invoke(ComponentPlan plan, String call) {
        RunOutcome outcome = new ComponentRunner(WharfLog.off()).run(plan, call);
        if (outcome instanceof RunOutcome.Returned r) {
            return String.join("\n", r.results());
        }
        throw new AssertionError(call + ": "
                + (outcome instanceof RunOutcome.Trapped t ? t.report().render() : outcome.toString()));
    }

    /** The calls of check.sh's types_exprs, with what jco answered for them. */
    static final List<String[]> TYPES = List.of(
            new String[] {"echo-bool(true)", "true"},
            new String[] {"echo-s8(-128)", "-128"},
            new String[] {"echo-u8(255)", "255"},
            new String[] {"echo-s16(-32768)", "-32768"},
            new String[] {"echo-u16(65535)", "65535"},
            new String[] {"echo-s32(-2147483648)", "-2147483648"},
            new String[] {"echo-u32(4294967295)", "4294967295"},
            new String[] {"echo-s64(-9007199254740991)", "-9007199254740991"},
            new String[] {"echo-u64(9007199254740991)", "9007199254740991"},
            new String[] {"echo-f32(1.5)", "1.5"},
            new String[] {"echo-f64(-0.1)", "-0.1"},
            new String[] {"echo-char('😀')", "'😀'"},
            new String[] {"next-char('a')", "'b'"},
            new String[] {"echo-string(\"héllo wörld\")", "\"héllo wörld\""},
            new String[] {"reverse-string(\"héllo 😀!\")", "\"!😀 olléh\""},
            new String[] {"count-chars(\"héllo 😀\")", "7"},
            new String[] {"echo-bytes([0, 1, 255])", "[0, 1, 255]"},
            new String[] {"sum-s32s([1, -2, 2147483647])", "2147483646"},
            new String[] {"echo-strings([\"a\", \"\", \"ü\"])", "[\"a\", \"\", \"ü\"]"},
            new String[] {"join([\"a\", \"b\", \"c\"], \", \")", "\"a, b, c\""},
            new String[] {"make-strings(3)", "[\"item-0\", \"item-1\", \"item-2\"]"},
            new String[] {"move-point({x: 1, y: 2}, 10, -20)", "{x: 11, y: -18}"},
            new String[] {
                "birthday({name: \"Ada\", age: 36, tags: [\"math\"]})",
                "{name: \"Ada\", age: 37, tags: [\"math\", \"older\"]}"
            },
            new String[] {"swap((7, \"seven\"))", "(\"seven\", 7)"},
            new String[] {"area(rect({x: 3, y: 4}))", "12"},
            new String[] {"flip-shape(circle(2.9))", "rect({x: 2, y: 2})"},
            new String[] {"flip-shape(rect({x: 3, y: 4}))", "circle(7)"},
            new String[] {"flip-shape(nothing)", "nothing"},
            new String[] {"next-color(blue)", "red"},
            new String[] {"double-option(21)", "some(42)"},
            new String[] {"double-option(none)", "none"},
            new String[] {"find-prefixed([\"apple\", \"banana\"], \"b\")", "some(\"banana\")"},
            new String[] {"find-prefixed([\"apple\"], \"z\")", "none"},
            new String[] {"checked-div(7, 2)", "ok(3)"},
            new String[] {"checked-div(7, 0)", "err(\"division by zero\")"},
            new String[] {"only-ok(4)", "ok(4)"},
            new String[] {"only-ok(5)", "err"},
            new String[] {"only-err(\"\")", "ok"},
            new String[] {"only-err(\"bad\")", "err(\"bad\")"},
            new String[] {"neither(true)", "ok"},
            new String[] {"neither(false)", "err"},
            new String[] {"invert-small({read, exec})", "{write}"},
            new String[] {"invert-medium({m0, m9})", "{m1, m2, m3, m4, m5, m6, m7, m8}"},
            new String[] {
                "invert-big({b0, b31})",
                "{b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16, b17, b18, b19, b20, b21, b22, "
                        + "b23, b24, b25, b26, b27, b28, b29, b30}"
            },
            new String[] {"sum-many(1, -2, 3, -4, 5, -6, 7, -8, 9.5, 10.25, 11, 12, 13, 14, -15, -16, 17.125)", "51.875"
            },
            new String[] {
                "make-many(7)",
                "{a: 7, b: -7000000000000, c: 1.75, d: 2.3333333333333335, e: \"seed=7\", f: '😇', g: false}"
            },
            new String[] {"div-mod(17, 5)", "(3, 2)"});

    @Test
    void everyTypeFamilyOfTheCComponent() {
        var plan = plan("canon_types.wasm", new Linker());
        for (String[] c : TYPES) {
            assertEquals(c[1], invoke(plan, c[0]), c[0]);
        }
        // 64-bit extremes: exact in C
        assertEquals("-9223372036854775808", invoke(plan, "echo-s64(-9223372036854775808)"));
        assertEquals("18446744073709551615", invoke(plan, "echo-u64(18446744073709551615)"));
    }

    @Test
    void everyTypeFamilyOfTheQuickJsComponent() {
        var plan = plan("qjs_types.wasm", stubs("qjs_types.wasm"));
        for (String[] c : TYPES) {
            assertEquals(c[1], invoke(plan, c[0]), c[0]);
        }
    }

    @Test
    void anExportedResourceThroughItsWholeLife() {
        var instance = plan("canon_resources.wasm", new Linker()).instantiate();
        var a = (ResourceHandle) instance.function("[constructor]counter").call("a", 5L);
        assertEquals(7L, instance.function("[method]counter.increment").call(a, 2L));
        assertEquals("a", instance.function("[method]counter.name").call(a));
        assertEquals("a=7", instance.function("describe").call(a));
        var b = (ResourceHandle) instance.function("[constructor]counter").call("b", -10L);
        assertEquals(2L, instance.function("[static]counter.live").call());
        var m = (ResourceHandle) instance.function("[static]counter.merge").call(a, b);
        assertEquals("a+b", instance.function("[method]counter.name").call(m));
        assertEquals(-3L, instance.function("[method]counter.value").call(m));
        assertEquals(2L, instance.function("[static]counter.live").call());
        assertEquals(1L, instance.function("destroyed").call());
        assertEquals(-10L, instance.function("finish").call(b));
        assertEquals(1L, instance.function("[static]counter.live").call());
        m.drop();
        assertEquals(0L, instance.function("[static]counter.live").call());
        assertEquals(3L, instance.function("destroyed").call());
    }

    @Test
    void theQuickJsResourceAsFarAsTheProducerSupportsIt() {
        // componentize-qjs 0.4.5 traps in merge and finish (its own resource coming back as own<counter>): the
        // peer checks it without them, and so do we
        var instance = plan("qjs_resources.wasm", stubs("qjs_resources.wasm")).instantiate();
        var a = (ResourceHandle) instance.function("[constructor]counter").call("a", 5L);
        assertEquals(7L, instance.function("[method]counter.increment").call(a, 2L));
        assertEquals("a", instance.function("[method]counter.name").call(a));
        assertEquals("a=7", instance.function("describe").call(a));
        instance.function("[constructor]counter").call("b", -10L);
        assertEquals(2L, instance.function("[static]counter.live").call());
        assertEquals(0L, instance.function("destroyed").call());
    }

    @Test
    void importsServedByTheExampleHostInterface() {
        var host = new TestHost();
        var plan = plan("canon_host.wasm", new Linker().define(host.build()));
        assertEquals(
                "\"add=42\\ngreeting=Hello, Wharf!\\nsplit=7,9\\nlookup(key1)=value-of-key1\\nlookup(other)=none\\n"
                        + "parse(-12345678901)=ok:-12345678901\\nparse(12x)=err:not a number: 12x\\nword-lengths=1,0,6\\n"
                        + "store=true,false\\nwide*8=415\"",
                invoke(plan, "run(\"Wharf\")"));
        assertEquals(List.of("Wharf"), host.logged);
    }

    static final String REPORT =
            "\"increment=7\\nlive=2\\nmerged=a+b\\nmerged-value=-3\\ndescribe=b=-10\\nfinish=-10\\n"
                    + "live=1\\nlive-after-drop=0\\ndestroyed=3\"";

    @Test
    void composedComponentsPassAResourceBetweenThem() {
        assertEquals(REPORT, invoke(plan("composed_counters.wasm", new Linker()), "run()"));
    }

    @Test
    void aQuickJsComponentComposedWithACOne() {
        assertEquals(REPORT, invoke(plan("composed_qjs_counters.wasm", new Linker()), "run()"));
    }

    /**
     * Host interfaces for every WASI import of a QuickJS component, whose functions trap: the calls checked here use
     * none of them (the WASI 0.2 host is not Wharf's yet).
     */
    static Linker stubs(String name) {
        var linker = new Linker();
        for (Named n : ParsedComponent.read(components.resolve(name)).type().imports()) {
            if (!(n.type() instanceof ExternType.Instance it)) {
                continue;
            }
            var b = HostInterface.builder(n.name());
            for (Named e : it.type().exports()) {
                if (e.type() instanceof ExternType.Func) {
                    b.func(e.name(), (caller, args) -> {
                        throw new ComponentTrap("the test's stub of " + n.name() + "#" + e.name() + " was called");
                    });
                } else if (e.type() instanceof ExternType.Type t && t.type() instanceof ResourceType) {
                    b.resource(new HostResource(e.name(), ResourceDestructor.NONE));
                }
            }
            linker.define(b.build());
        }
        return linker;
    }
}
