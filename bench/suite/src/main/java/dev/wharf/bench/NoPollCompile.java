package dev.wharf.bench;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The second experiment of NOTES.md: how much Chicory's per-back-edge interruption poll costs. The module
 * is compiled as usual, then the generated `checkInterruption()` (Thread.currentThread().isInterrupted(),
 * a volatile read on every loop back-edge) is rewritten to return at once, and the machine factory is
 * built from the rewritten classes. A guest compiled this way cannot be stopped by a timeout: measurement
 * only (engine "wharf-nopoll").
 */
final class NoPollCompile {
    private NoPollCompile() {}

    static Function<Instance, Machine> machines(WasmModule wasm) {
        byte[][] jar = new byte[1][];
        MachineFactoryCompiler.builder(wasm).withCache(new Cache() {
            @Override
            public byte[] get(String key) {
                return null;
            }

            @Override
            public void putIfAbsent(String key, byte[] value) {
                jar[0] = value;
            }
        }).compile();
        byte[] rewritten = withoutPoll(jar[0]);
        return MachineFactoryCompiler.builder(wasm).withCache(new Cache() {
            @Override
            public byte[] get(String key) {
                return rewritten;
            }

            @Override
            public void putIfAbsent(String key, byte[] value) {}
        }).compile();
    }

    private static byte[] withoutPoll(byte[] jar) {
        try (var in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            var bytes = new ByteArrayOutputStream();
            try (var out = new ZipOutputStream(bytes)) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    byte[] content = in.readAllBytes();
                    if (e.getName().endsWith("Shaded.class")) {
                        content = emptyPoll(content);
                    }
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(content);
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] emptyPoll(byte[] classFile) {
        var writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exceptions);
                if (!name.equals("checkInterruption") || !desc.equals("()V")) {
                    return mv;
                }
                mv.visitCode();
                mv.visitInsn(Opcodes.RETURN);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                return null; // the original body is not copied
            }
        }, 0);
        return writer.toByteArray();
    }
}
