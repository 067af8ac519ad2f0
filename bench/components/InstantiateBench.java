import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.wharf.binary.ModuleSource;
import dev.wharf.component.ExternType;
import dev.wharf.component.Named;
import dev.wharf.component.ParsedComponent;
import dev.wharf.component.ResourceType;
import dev.wharf.component.runtime.ComponentPlan;
import dev.wharf.component.runtime.ComponentTrap;
import dev.wharf.component.runtime.HostInterface;
import dev.wharf.component.runtime.HostResource;
import dev.wharf.component.runtime.Linker;
import dev.wharf.component.runtime.ResourceDestructor;
import dev.wharf.runtime.CompileCache;
import dev.wharf.runtime.Engine;
import dev.wharf.runtime.Limits;
import dev.wharf.runtime.LoadedModule;
import dev.wharf.runtime.WharfLog;
import dev.wharf.wasi.WasiHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long a new instance of an already compiled component takes (ComponentPlan.instantiate: every core
 * instantiation, the lowered and lifted function slots, the component instances' tables), next to a new instance of
 * a core module with its WASI preview1 host, both in this JVM after warm-up; p50, p99 and mean over N instances,
 * each closed (its memory released) before the next. Components are linked against stub host interfaces whose
 * functions trap: instantiation calls none of them, and the WASI 0.2 host is not written yet.
 *
 * Usage (bench/components/run.sh builds the class path): java -cp CP InstantiateBench.java ITERATIONS CORE.wasm
 * COMPONENT.wasm [COMPONENT.wasm...]
 */
public class InstantiateBench {
    public static void main(String[] args) throws Exception {
        int iterations = Integer.parseInt(args[0]);
        Path cacheDir = Files.createTempDirectory("wharf-bench-cache");
        var engine = new Engine(new CompileCache(cacheDir, WharfLog.off()), WharfLog.off());
        Path core = Path.of(args[1]);
        LoadedModule module = engine.load(ModuleSource.read(core), Limits.none());
        var wasiNames = new ArrayList<String>();
        var imports = module.wasm().importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var imp = imports.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                wasiNames.add(imp.name());
            }
        }
        report(core + " (core, WASI host made per instance)", iterations, () -> {
            try (var wasi = WasiHost.builder().args(List.of("hello")).build()) {
                var instance = module.instantiate(
                        ImportValues.builder().addFunction(wasi.hostFunctions(wasiNames)).build(),
                        Limits.none(),
                        WharfLog.off());
                LoadedModule.release(instance);
            }
        });
        for (int c = 2; c < args.length; c++) {
            var parsed = ParsedComponent.read(Path.of(args[c]));
            var plan = ComponentPlan.compile(parsed, engine, stubs(parsed), Limits.none());
            System.out.println(args[c] + ": " + plan.shape());
            report(args[c] + " (component, from its plan)", iterations, () -> plan.instantiate().close());
        }
    }

    /** A host interface for every interface the component imports: resources with no destructor, trapping functions. */
    static Linker stubs(ParsedComponent parsed) {
        var linker = new Linker();
        for (Named n : parsed.type().imports()) {
            if (!(n.type() instanceof ExternType.Instance it)) {
                continue;
            }
            var b = HostInterface.builder(n.name());
            for (Named e : it.type().exports()) {
                if (e.type() instanceof ExternType.Func) {
                    b.func(e.name(), (caller, a) -> {
                        throw new ComponentTrap("stub " + n.name() + "#" + e.name() + " called");
                    });
                } else if (e.type() instanceof ExternType.Type t && t.type() instanceof ResourceType) {
                    b.resource(new HostResource(e.name(), ResourceDestructor.NONE));
                }
            }
            linker.define(b.build());
        }
        return linker;
    }

    interface Step {
        void run() throws Exception;
    }

    static void report(String what, int iterations, Step step) throws Exception {
        for (int i = 0; i < Math.max(1000, iterations / 2); i++) {
            step.run();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0);
        System.out.printf("%-70s p50 %8.1f us  p99 %8.1f us  mean %8.1f us%n", what, nanos[iterations / 2] / 1e3,
                nanos[(int) (iterations * 0.99)] / 1e3, mean / 1e3);
    }
}
