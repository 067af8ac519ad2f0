package dev.wharf.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A declaration's type, argument reading and trace line, over a real Chicory memory. */
class HostFnTest {
    /** The implementation shape a test host API would pick: it returns the status itself. */
    interface Impl {
        int call(List<String> seen, Args a) throws GuestBytes.InvalidUtf8;
    }

    private static final Show LOOKUP = Show.last(Show.flags("FOLLOW"));

    /** open(dir, lookup, path, flags, rights, opened_out): one of each kind of parameter. */
    static final HostFn<Impl> OPEN = HostFn.declare("test", "open", Capability.FILES, f -> {
        var dir = f.i32("fd", Show.U32);
        var lookup = f.i32("lookup", LOOKUP);
        var path = f.region("path", ShowRegion.QUOTED);
        var flags = f.i32("oflags", Show.flags("CREAT", "DIRECTORY"));
        f.i64("rights", Show.HIDDEN);
        var opened = f.outU32("opened", n -> "fd " + n);
        return (seen, a) -> {
            seen.add(a.get(dir) + " " + a.get(lookup) + " " + a.utf8(path) + " " + a.get(flags));
            a.memory().writeI32(a.get(opened), 7);
            return 0;
        };
    });

    private final Memory memory = new ByteArrayMemory(new MemoryLimits(1, 1));

    private long[] args(int dir, int lookup, String path, int flags, long rights, int out) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        memory.write(100, bytes);
        return new long[] {dir, lookup, 100, bytes.length, flags, rights, out};
    }

    @Test
    void theWasmTypeComesFromTheParametersAndTheResult() {
        assertEquals(
                FunctionType.of(
                        List.of(
                                ValType.I32,
                                ValType.I32,
                                ValType.I32,
                                ValType.I32,
                                ValType.I32,
                                ValType.I64,
                                ValType.I32),
                        List.of(ValType.I32)),
                OPEN.type());
        var exit = HostFn.<Impl>declare("test", "exit", Capability.EXIT, f -> {
            f.i32("code", Show.U32);
            f.neverReturns();
            return (seen, a) -> 0;
        });
        assertEquals(FunctionType.of(List.of(ValType.I32), List.of()), exit.type());
    }

    @Test
    void anImplementationReadsItsArgumentsByTheirParameters() throws Exception {
        var seen = new ArrayList<String>();
        var a = new Args(memory, args(3, 1, "dir/a.txt", 1, -1L, 64));
        assertEquals(0, OPEN.impl().call(seen, a));
        assertEquals(List.of("3 1 dir/a.txt 1"), seen);
        assertEquals(7, memory.readInt(64));
    }

    @Test
    void theTraceLineFollowsTheDeclaration() throws Exception {
        var a = new Args(memory, args(3, 1, "dir/a.txt", 1, -1L, 64));
        OPEN.impl().call(new ArrayList<>(), a);
        // flags by name, rights hidden, lookup last, the out-pointer read back after the call
        assertEquals(
                "open(fd=3, \"dir/a.txt\", oflags=CREAT, lookup=FOLLOW) = fd 7",
                OPEN.call(a, 0, null).line());
        // a failed call shows the failure's name; flags with no bit set are left out
        var b = new Args(memory, args(4, 0, "x", 0, 0, 64));
        assertEquals("open(fd=4, \"x\") = ENOENT", OPEN.call(b, 44, "ENOENT").line());
        // unknown bits in hex
        var c = new Args(memory, args(4, 0, "x", 0x11, 0, 64));
        assertEquals(
                "open(fd=4, \"x\", oflags=CREAT|0x10) = EINVAL",
                OPEN.call(c, 28, "EINVAL").line());
    }

    @Test
    void aBadPointerTrapsForTheCallButNeverForTheTrace() {
        var a = new Args(memory, new long[] {3, 0, 70_000, 4, 0, 0, 64});
        assertThrows(WasmRuntimeException.class, () -> OPEN.impl().call(new ArrayList<>(), a));
        assertEquals(
                "open(fd=3, \"<bad pointer>\") = EFAULT",
                OPEN.call(a, 21, "EFAULT").line());
    }

    @Test
    void invalidUtf8IsReportedToTheHostApiNotTrapped() {
        memory.write(100, new byte[] {(byte) 0xC3, (byte) 0x28});
        var a = new Args(memory, new long[] {3, 0, 100, 2, 0, 0, 64});
        assertThrows(GuestBytes.InvalidUtf8.class, () -> OPEN.impl().call(new ArrayList<>(), a));
    }

    @Test
    void aCallThatDoesNotReturnHasNoOutcome() {
        var exit = HostFn.<Impl>declare("test", "exit", Capability.EXIT, f -> {
            f.i32("code", (name, v) -> Integer.toString((int) v));
            f.neverReturns();
            return (seen, a) -> 0;
        });
        assertEquals(
                "exit(3)", exit.call(new Args(memory, new long[] {3}), 0, null).line());
    }
}
