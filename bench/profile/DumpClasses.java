// Writes the JVM classes Chicory's compiler generates for a module into a jar, so they can be read with
// javap: the reproducer behind bench/results/NOTES.md.
//   java -cp bench/suite/target/wharf-bench.jar bench/profile/DumpClasses.java bench/target/wasm/matmul.wasm /tmp/matmul.jar
//   javap -p -c -cp /tmp/matmul.jar 'com.dylibso.chicory.$gen.CompiledMachineFuncGroup_0'
import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class DumpClasses {
    public static void main(String[] args) throws IOException {
        var module = Parser.parse(Files.readAllBytes(Path.of(args[0])));
        var out = Path.of(args[1]);
        // the compiler hands its output (a jar of the generated classes) to the cache: keep it
        MachineFactoryCompiler.builder(module).withCache(new Cache() {
            @Override
            public byte[] get(String key) {
                return null;
            }

            @Override
            public void putIfAbsent(String key, byte[] jar) throws IOException {
                Files.write(out, jar);
            }
        }).compile();
        System.out.println("wrote " + out);
    }
}
