package dev.wharf.runtime;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Wharf's pass over the JVM classes Chicory's compiler generates for a module, before they are loaded. Two rewrites,
 * both measured in bench/ (bench/results/NOTES.md):
 *
 * <ul>
 *   <li>Cross-instance indirect calls checked by type, not type index: Chicory 1.7.5 compares the caller's type
 *       index with the callee module's, which breaks dynamically linked modules sharing a table (components built
 *       by wit-dylib); each such call goes to {@link IndirectCalls} with the caller's instance (fixed upstream in
 *       endive#90).
 *   <li>Memory calls bound statically: the generated memory helpers call {@link FlatMemoryCalls} instead of the
 *       {@code Memory} interface, so a load or store is inlined even where the JIT has no type profile.
 *   <li>No interruption poll, for code that nothing will interrupt (a run without a timeout). Chicory calls
 *       {@code checkInterruption()} on every loop back-edge: a {@code Thread.isInterrupted()} read, a volatile load
 *       that orders the memory accesses around it, so the JIT cannot keep loop-invariant values in registers. Its
 *       body becomes a bare return, which the JIT inlines to nothing.
 * </ul>
 *
 * <p>It works as the {@link Cache} Chicory compiles through: rewritten classes are stored and looked up under their
 * own key (the module digest plus {@link #keySuffix}), so code from before a rewrite and code of the other poll
 * variant never mix. On a miss Chicory has already built its machine factory from the classes as it generated them;
 * {@link #rewritten()} then holds the rewritten ones for the engine to load instead.
 */
final class CodeRewriter implements Cache {
    /** Bump when a rewrite changes, so entries made by the old one are never loaded. */
    private static final int REWRITE_VERSION = 3;

    private static final String MEMORY = "com/dylibso/chicory/runtime/Memory";
    /** What Chicory's generated code calls for a function it left to the interpreter (one too big to compile). */
    private static final String INTERPRETER = "com/dylibso/chicory/runtime/internal/CompilerInterpreterMachine";
    /**
     * An empty entry the rewrite adds when any function is interpreted: such code needs the module's function
     * bodies at run time; code without it needs none, so a cache hit may skip decoding them (BodylessModule).
     */
    static final String INTERPRETS_MARKER = "META-INF/wharf-interprets-functions";

    private static final String CALLS = FlatMemoryCalls.class.getName().replace('.', '/');
    private static final String INSTANCE = "com/dylibso/chicory/runtime/Instance";
    /** Chicory's helper for a call_indirect whose table entry belongs to another instance (see IndirectCalls). */
    private static final String CROSS_INSTANCE_CALL = "([JIIL" + INSTANCE + ";)[J";

    private static final String INDIRECT_CALLS = IndirectCalls.class.getName().replace('.', '/');
    /** The Memory methods FlatMemoryCalls binds, by name and descriptor. */
    private static final Set<String> BOUND = Set.of(
            "read(I)B",
            "readShort(I)S",
            "readInt(I)I",
            "readLong(I)J",
            "readFloat(I)F",
            "readDouble(I)D",
            "writeByte(IB)V",
            "writeShort(IS)V",
            "writeI32(II)V",
            "writeLong(IJ)V",
            "writeF32(IF)V",
            "writeF64(ID)V",
            "fill(BII)V",
            "copy(III)V",
            "pages()I");

    private final Cache delegate;
    private final boolean keepPoll;
    private byte[] rewritten;

    /**
     * @param delegate where rewritten code is kept between runs; null for none
     * @param keepPoll keep Chicory's interruption poll (a timeout may need to stop the guest)
     */
    CodeRewriter(Cache delegate, boolean keepPoll) {
        this.delegate = delegate;
        this.keepPoll = keepPoll;
    }

    /** What the cache key of rewritten code adds to the module digest. */
    static String keySuffix(boolean keepPoll) {
        return "|rewrite=" + REWRITE_VERSION + (keepPoll ? "" : ",unpolled");
    }

    /** The rewritten classes made during the last compile, or null when they came from the cache. */
    byte[] rewritten() {
        return rewritten;
    }

    @Override
    public byte[] get(String moduleDigest) throws IOException {
        return delegate == null ? null : delegate.get(moduleDigest + keySuffix(keepPoll));
    }

    @Override
    public void putIfAbsent(String moduleDigest, byte[] classes) throws IOException {
        rewritten = rewrite(classes, keepPoll);
        if (delegate != null) {
            delegate.putIfAbsent(moduleDigest + keySuffix(keepPoll), rewritten);
        }
    }

    /**
     * The same archive of classes, rewritten. Throws IllegalStateException when a rewrite finds nothing to change
     * (a Chicory that renamed its helpers would otherwise silently keep them), so the caller falls back to
     * Chicory's own classes.
     */
    static byte[] rewrite(byte[] classes, boolean keepPoll) throws IOException {
        boolean bindMemory = callsResolveFromGeneratedCode();
        var bytes = new ByteArrayOutputStream(classes.length);
        int polls = 0;
        int memoryCalls = 0;
        boolean interprets = false;
        try (var in = new ZipInputStream(new ByteArrayInputStream(classes));
                var out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (entry.getName().endsWith(".class")) {
                    var writer = new ClassWriter(0);
                    var pass = new Pass(writer, keepPoll, bindMemory);
                    new ClassReader(content).accept(pass, 0);
                    interprets |= pass.interprets;
                    if (pass.polls + pass.memoryCalls + pass.crossCalls > 0) {
                        polls += pass.polls;
                        memoryCalls += pass.memoryCalls;
                        content = writer.toByteArray();
                    }
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
            if (interprets) {
                out.putNextEntry(new ZipEntry(INTERPRETS_MARKER));
                out.closeEntry();
            }
        }
        if (!keepPoll && polls == 0) {
            throw new IllegalStateException("no checkInterruption() in Chicory's generated classes");
        }
        if (bindMemory && memoryCalls == 0) {
            throw new IllegalStateException("no Memory calls in Chicory's generated classes");
        }
        return bytes.toByteArray();
    }

    /**
     * Whether rewritten classes call the interpreter for any function (see {@link #INTERPRETS_MARKER}). A zip keeps
     * entry names uncompressed, so this is a byte search; a false positive only costs decoding the bodies.
     */
    static boolean interpretsFunctions(byte[] rewrittenClasses) {
        byte[] name = INTERPRETS_MARKER.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + name.length <= rewrittenClasses.length; i++) {
            for (int j = 0; j < name.length; j++) {
                if (rewrittenClasses[i + j] != name[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Generated classes are defined by a class loader whose parent is Chicory's: they can call FlatMemoryCalls only
     * when that loader sees this very class (true when Wharf and Chicory share a class path, as in the CLI, the app
     * host and tests). An embedder that loads them apart keeps the interface calls.
     */
    private static boolean callsResolveFromGeneratedCode() {
        try {
            return Class.forName(FlatMemoryCalls.class.getName(), false, MachineFactoryCompiler.class.getClassLoader())
                    == FlatMemoryCalls.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The local slot of a static method's last parameter when it is an Instance (Chicory passes the calling instance
     * last to the methods it generates), else -1.
     */
    static int lastInstanceParameter(int access, String desc) {
        if ((access & Opcodes.ACC_STATIC) == 0 || !desc.contains(")")) {
            return -1;
        }
        var args = Type.getArgumentTypes(desc);
        if (args.length == 0 || !args[args.length - 1].getInternalName().equals(INSTANCE)) {
            return -1;
        }
        int slot = 0;
        for (int i = 0; i < args.length - 1; i++) {
            slot += args[i].getSize();
        }
        return slot;
    }

    /** One class: empties {@code checkInterruption()V} unless the poll is kept, and binds Memory calls. */
    private static final class Pass extends ClassVisitor {
        private final boolean keepPoll;
        private final boolean bindMemory;
        int polls;
        int memoryCalls;
        int crossCalls;
        boolean interprets;

        Pass(ClassVisitor writer, boolean keepPoll, boolean bindMemory) {
            super(Opcodes.ASM9, writer);
            this.keepPoll = keepPoll;
            this.bindMemory = bindMemory;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
            MethodVisitor target = super.visitMethod(access, name, desc, signature, exceptions);
            if (!keepPoll
                    && name.equals("checkInterruption")
                    && desc.equals("()V")
                    && (access & Opcodes.ACC_STATIC) != 0) {
                polls++;
                target.visitCode();
                target.visitInsn(Opcodes.RETURN);
                target.visitMaxs(0, 0);
                target.visitEnd();
                return null; // the original body is dropped
            }
            int callerSlot = lastInstanceParameter(access, desc);
            return new MethodVisitor(Opcodes.ASM9, target) {
                private boolean pushedCaller;

                @Override
                public void visitMaxs(int maxStack, int maxLocals) {
                    // the caller's instance is one more value on the stack at a rewritten call
                    super.visitMaxs(pushedCaller ? maxStack + 1 : maxStack, maxLocals);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    interprets |= type.equals(INTERPRETER);
                    super.visitTypeInsn(opcode, type);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String callee, String calleeDesc, boolean itf) {
                    interprets |= owner.equals(INTERPRETER);
                    if (bindMemory
                            && opcode == Opcodes.INVOKESTATIC
                            && callee.equals("callIndirect")
                            && calleeDesc.equals(CROSS_INSTANCE_CALL)
                            && owner.startsWith("com/dylibso/chicory/")
                            && callerSlot >= 0) {
                        crossCalls++;
                        pushedCaller = true;
                        super.visitVarInsn(Opcodes.ALOAD, callerSlot);
                        super.visitMethodInsn(
                                Opcodes.INVOKESTATIC,
                                INDIRECT_CALLS,
                                "callIndirect",
                                "([JIIL" + INSTANCE + ";L" + INSTANCE + ";)[J",
                                false);
                    } else if (bindMemory
                            && opcode == Opcodes.INVOKEINTERFACE
                            && owner.equals(MEMORY)
                            && BOUND.contains(callee + calleeDesc)) {
                        memoryCalls++;
                        // the receiver becomes the first argument: the operand stack is the same
                        super.visitMethodInsn(
                                Opcodes.INVOKESTATIC,
                                CALLS,
                                callee,
                                "(L" + MEMORY + ";" + calleeDesc.substring(1),
                                false);
                    } else {
                        super.visitMethodInsn(opcode, owner, callee, calleeDesc, itf);
                    }
                }
            };
        }
    }
}
