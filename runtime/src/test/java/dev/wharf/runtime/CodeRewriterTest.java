package dev.wharf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Wharf's rewrite of Chicory's generated classes: memory calls bound to FlatMemoryCalls, and for runs without a
 * timeout no interruption poll; the same results, and each variant its own cache entry.
 */
class CodeRewriterTest {
    @TempDir
    Path cacheDir;

    private CompileCache cache;

    private Engine engine() {
        cache = new CompileCache(cacheDir, WharfLog.off());
        return new Engine(cache, WharfLog.off());
    }

    /** Every method call in the archive's classes, as owner.name, plus the instructions of checkInterruption. */
    private record Calls(List<String> calls, List<Integer> pollOpcodes) {}

    private static Calls calls(byte[] archive) throws Exception {
        var calls = new ArrayList<String>();
        var pollOpcodes = new ArrayList<Integer>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.getName().endsWith(".class")) {
                    continue;
                }
                new ClassReader(in.readAllBytes())
                        .accept(
                                new ClassVisitor(Opcodes.ASM9) {
                                    @Override
                                    public MethodVisitor visitMethod(
                                            int access, String name, String desc, String sig, String[] ex) {
                                        boolean poll = name.equals("checkInterruption");
                                        return new MethodVisitor(Opcodes.ASM9) {
                                            @Override
                                            public void visitMethodInsn(
                                                    int op, String owner, String callee, String d, boolean itf) {
                                                calls.add(owner + "." + callee);
                                                if (poll) {
                                                    pollOpcodes.add(op);
                                                }
                                            }

                                            @Override
                                            public void visitInsn(int op) {
                                                if (poll) {
                                                    pollOpcodes.add(op);
                                                }
                                            }
                                        };
                                    }
                                },
                                0);
            }
        }
        return new Calls(calls, pollOpcodes);
    }

    @Test
    void withoutATimeoutTheCodeHasNoPollAndComputesTheSame() throws Exception {
        var polled = engine().load(
                        Fixtures.wasm("traps"),
                        LoadOptions.forLimits(Limits.none().withTimeout(Duration.ofSeconds(30))));
        var unpolled = engine().load(Fixtures.wasm("traps"), LoadOptions.forLimits(Limits.none()));
        assertTrue(polled.interruptible());
        assertFalse(unpolled.interruptible());
        assertEquals(CompileCache.Lookup.MISS, unpolled.cacheLookup(), "unpolled code has its own cache entry");

        byte[] polledClasses = cache.get(polled.wasm().digest() + CodeRewriter.keySuffix(true));
        byte[] unpolledClasses = cache.get(polled.wasm().digest() + CodeRewriter.keySuffix(false));
        assertNotNull(polledClasses);
        assertNotNull(unpolledClasses);
        assertTrue(
                calls(polledClasses).calls().contains("java/lang/Thread.isInterrupted"),
                "Chicory's generated code polls Thread.isInterrupted (if not, CodeRewriter has no poll to remove)");
        var rewritten = calls(unpolledClasses);
        assertFalse(
                rewritten.calls().contains("java/lang/Thread.isInterrupted"),
                rewritten.calls().toString());
        assertEquals(List.of(Opcodes.RETURN), rewritten.pollOpcodes());
        for (var classes : List.of(calls(polledClasses), rewritten)) {
            // every load and store goes through the statically bound calls, none through the interface
            assertTrue(
                    classes.calls().contains("dev/wharf/runtime/FlatMemoryCalls.readInt"),
                    classes.calls().toString());
            assertTrue(
                    classes.calls().contains("dev/wharf/runtime/FlatMemoryCalls.writeByte"),
                    classes.calls().toString());
            assertFalse(
                    classes.calls().contains("com/dylibso/chicory/runtime/Memory.readInt"),
                    classes.calls().toString());
            assertFalse(
                    classes.calls().contains("com/dylibso/chicory/runtime/Memory.writeByte"),
                    classes.calls().toString());
        }

        for (var module : List.of(polled, unpolled)) {
            assertEquals(
                    new RunOutcome.Returned(List.of("42")),
                    Runs.invoke(module, Limits.none(), "add", "40", "2").outcome());
            var trapped = assertInstanceOf(
                    RunOutcome.Trapped.class,
                    Runs.invoke(module, Limits.none(), "divide_by_zero").outcome());
            assertEquals(TrapKind.DIVIDE_BY_ZERO, trapped.report().kind());
        }
    }

    @Test
    void aSecondRunWithoutATimeoutLoadsTheUnpolledEntry() throws Exception {
        engine().load(Fixtures.wasm("hello_rust"), LoadOptions.forLimits(Limits.none()));
        var second = engine().load(Fixtures.wasm("hello_rust"), LoadOptions.forLimits(Limits.none()));
        assertEquals(CompileCache.Lookup.HIT, second.cacheLookup());
        assertFalse(second.interruptible());
        var run = Runs.command(second, "r", "x");
        assertEquals(new RunOutcome.Exited(0), run.outcome());
        assertTrue(run.stdout().contains("arg 1: x"), run.stdout());
        // the polled entry is separate: a run with a timeout misses once, then hits
        var timed = Limits.none().withTimeout(Duration.ofSeconds(30));
        assertEquals(
                CompileCache.Lookup.MISS,
                engine().load(Fixtures.wasm("hello_rust"), LoadOptions.forLimits(timed))
                        .cacheLookup());
        assertEquals(
                CompileCache.Lookup.HIT,
                engine().load(Fixtures.wasm("hello_rust"), LoadOptions.forLimits(timed))
                        .cacheLookup());
    }

    @Test
    void aCacheHitSkipsDecodingFunctionBodiesAndStillRunsAndExplainsTraps() throws Exception {
        var first = engine().load(Fixtures.wasm("traps"), LoadOptions.forLimits(Limits.none()));
        assertFalse(first.bodiless());
        var hit = engine().load(Fixtures.wasm("traps"), LoadOptions.forLimits(Limits.none()));
        assertEquals(CompileCache.Lookup.HIT, hit.cacheLookup());
        assertTrue(hit.bodiless());
        assertEquals(
                first.wasm().codeSection().functionBodyCount(),
                hit.wasm().codeSection().functionBodyCount());
        for (var body : hit.wasm().codeSection().functionBodies()) {
            assertEquals(0, body.localTypes().size(), "bodies are stubs: no locals, unreachable");
        }
        assertEquals(
                new RunOutcome.Returned(List.of("42")),
                Runs.invoke(hit, Limits.none(), "add", "40", "2").outcome());
        var trapped = assertInstanceOf(
                RunOutcome.Trapped.class,
                Runs.invoke(hit, Limits.none(), "divide_by_zero").outcome());
        assertEquals(TrapKind.DIVIDE_BY_ZERO, trapped.report().kind());
        var firstTrap = assertInstanceOf(
                RunOutcome.Trapped.class,
                Runs.invoke(first, Limits.none(), "divide_by_zero").outcome());
        assertEquals(
                firstTrap.report().render(),
                trapped.report().render(),
                "the backtrace names come from the name section");
    }

    @Test
    void codeThatCallsTheInterpreterIsMarkedSoItsBodiesAreDecoded() throws Exception {
        // a class shaped like Chicory's output for a function it could not compile: it news the interpreter machine
        var writer = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_MAXS);
        writer.visit(
                Opcodes.V17, Opcodes.ACC_PUBLIC, "com/dylibso/chicory/$gen/Sample", null, "java/lang/Object", null);
        var m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "func_0", "()V", null, null);
        m.visitCode();
        m.visitTypeInsn(Opcodes.NEW, "com/dylibso/chicory/runtime/internal/CompilerInterpreterMachine");
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "com/dylibso/chicory/runtime/Memory", "read", "(I)B", true);
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        var bytes = new ByteArrayOutputStream();
        try (var out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("com/dylibso/chicory/$gen/Sample.class"));
            out.write(writer.toByteArray());
            out.closeEntry();
        }
        assertFalse(CodeRewriter.interpretsFunctions(bytes.toByteArray()));
        assertTrue(CodeRewriter.interpretsFunctions(CodeRewriter.rewrite(bytes.toByteArray(), true)));
        var module = engine().load(Fixtures.wasm("traps"), LoadOptions.forLimits(Limits.none()));
        assertFalse(
                CodeRewriter.interpretsFunctions(cache.get(module.wasm().digest() + CodeRewriter.keySuffix(false))));
    }

    @Test
    void aBodilessHitWritesTheSameCoreDumpAsAFullLoad(@TempDir Path dumps) throws Exception {
        var full = engine().load(Fixtures.wasm("traps"), LoadOptions.forLimits(Limits.none()));
        var hit = engine().load(Fixtures.wasm("traps"), LoadOptions.forLimits(Limits.none()));
        assertTrue(hit.bodiless());
        var files = new ArrayList<byte[]>();
        for (var module : List.of(full, hit)) {
            Path dump = dumps.resolve(files.size() + ".coredump");
            var spec = new RunSpec(
                    List.of("m.wasm"),
                    List.of(),
                    List.of(),
                    Optional.of(new RunSpec.Invocation("divide_by_zero", List.of())),
                    Limits.none(),
                    new ByteArrayInputStream(new byte[0]),
                    new ByteArrayOutputStream(),
                    new ByteArrayOutputStream());
            new GuestRunner(WharfLog.off())
                    .writeCoreDumpOnTrap(dump, line -> {})
                    .run(module, spec);
            files.add(Files.readAllBytes(dump));
        }
        assertTrue(Arrays.equals(files.get(0), files.get(1)), "core dumps differ");
    }

    @Test
    @Timeout(30)
    void aTimeoutGetsPolledCodeThatItCanStop() {
        var limits = Limits.none().withTimeout(Duration.ofMillis(300));
        var module = engine().load(Fixtures.wasm("traps"), LoadOptions.forLimits(limits));
        assertTrue(module.interruptible());
        var trapped = assertInstanceOf(
                RunOutcome.Trapped.class, Runs.invoke(module, limits, "spin").outcome());
        assertEquals(TrapKind.TIMEOUT, trapped.report().kind());
    }

    @Test
    void unpolledCodeIsNeverRunWithATimeoutItCouldNotEnforce() {
        var module = Engine.uncached(WharfLog.off()).load(Fixtures.wasm("traps"), LoadOptions.forLimits(Limits.none()));
        assertFalse(module.interruptible());
        var e = assertThrows(
                RunException.class,
                () -> Runs.invoke(module, Limits.none().withTimeout(Duration.ofSeconds(5)), "spin"));
        assertTrue(e.getMessage().contains("without interruption polls"), e.getMessage());
    }

    @Test
    void anArchiveWithoutThePollIsRefusedRatherThanPassedOff() throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("wasm-module.properties"));
            out.write("x=y\n".getBytes());
            out.closeEntry();
        }
        var e = assertThrows(IllegalStateException.class, () -> CodeRewriter.rewrite(bytes.toByteArray(), false));
        assertTrue(e.getMessage().contains("checkInterruption"), e.getMessage());
        assertTrue(Files.isDirectory(cacheDir));
    }
}
