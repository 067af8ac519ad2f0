package dev.wharf.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wharf.host.Capability;
import dev.wharf.host.HostFn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The declarations against an independent source: the imports wasi-libc and Rust std really make. */
class DeclarationsTest {
    @Test
    void everyTypeMatchesWhatTheToolchainsImport() throws IOException {
        Map<String, FunctionType> imported = new HashMap<>();
        try (Stream<Path> files = Files.list(Guest.fixture("hello").getParent())) {
            for (Path p : files.filter(f -> f.toString().endsWith(".wasm")).toList()) {
                var module = Guest.module(p.getFileName().toString().replace(".wasm", ""));
                var section = module.importSection();
                for (int i = 0; i < section.importCount(); i++) {
                    if (section.getImport(i) instanceof FunctionImport f
                            && f.importType() == ExternalType.FUNCTION
                            && f.module().equals(Preview1.MODULE)) {
                        imported.put(f.name(), module.typeSection().getType(f.typeIndex()));
                    }
                }
            }
        }
        // wasi_fs.c, wasi_conformance.c, wasi_basics.c, wasi_poll.c and the Rust fixtures call nearly all of them
        assertTrue(imported.size() >= 40, "fixtures import " + imported.keySet());
        for (var e : imported.entrySet()) {
            HostFn<Preview1.Impl> fn = WasiFunctions.BY_NAME.get(e.getKey());
            assertTrue(fn != null, e.getKey() + " is imported by a fixture but not declared");
            assertEquals(e.getValue(), fn.type(), e.getKey());
        }
    }

    @Test
    void all46AreDeclaredOnceWithACapability() {
        assertEquals(46, WasiFunctions.ALL.size());
        assertEquals(46, WasiFunctions.BY_NAME.size());
        assertEquals(Optional.of(Capability.FILES), WasiFunctions.capabilityOf("path_open"));
        assertEquals(Optional.of(Capability.FILES), WasiFunctions.capabilityOf("fd_readdir"));
        assertEquals(Optional.of(Capability.STDIO), WasiFunctions.capabilityOf("fd_write"));
        assertEquals(Optional.of(Capability.SOCKETS), WasiFunctions.capabilityOf("sock_accept"));
        assertEquals(Optional.of(Capability.POLL), WasiFunctions.capabilityOf("poll_oneoff"));
        assertEquals(Optional.empty(), WasiFunctions.capabilityOf("thread_spawn"));
        assertEquals(Optional.empty(), WasiFunctions.capabilityOf("sock_open"), "WasmEdge's, not preview1's");
    }
}
