package dev.wharf.component.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.component.ComponentBuilder;
import dev.wharf.component.ParsedComponent;
import dev.wharf.runtime.CompileCache;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.LoadedModule;
import dev.wharf.runtime.WharfLog;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core modules inside a component go through the compile cache: a second plan loads them from it. */
class CompileCacheTest {
    @TempDir
    Path dir;

    @Test
    void aSecondPlanOfTheSameComponentLoadsItsCoreModulesFromTheCache() throws Exception {
        var b = new ComponentBuilder()
                .coreModule(dir, TrapRulesTest.LIBC)
                .coreInstantiate(0)
                .coreModule(dir, "(module (func (export \"f\")))")
                .coreInstantiate(1);
        var parsed = ParsedComponent.parse(dir.resolve("two.wasm"), b.bytes());
        var engine = new Engine(new CompileCache(dir.resolve("cache"), WharfLog.off()), WharfLog.off());
        var first = ComponentPlan.compile(parsed, engine, new Linker(), Limits.none());
        assertEquals(List.of(CompileCache.Lookup.MISS, CompileCache.Lookup.MISS), lookups(first));
        var second = ComponentPlan.compile(parsed, engine, new Linker(), Limits.none());
        assertEquals(List.of(CompileCache.Lookup.HIT, CompileCache.Lookup.HIT), lookups(second));
        second.instantiate().close();
    }

    private static List<CompileCache.Lookup> lookups(ComponentPlan plan) {
        return Arrays.stream(plan.modules).map(LoadedModule::cacheLookup).toList();
    }
}
