package dev.wharf.runtime;

import com.dylibso.chicory.compiler.Cache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The file `wharf compile -o` writes, like wasmtime's .cwasm: the module's bytes and its compiled JVM
 * classes in one checksummed container (the compile-cache entry format, keyed by the module's digest
 * and the Wharf and Chicory versions). Loading one is loading code, so `run` asks for
 * `--allow-precompiled`, as wasmtime does.
 */
final class Precompiled {
    private Precompiled() {}

    record Contents(byte[] wasm, byte[] classes, String key) {}

    static boolean looksPrecompiled(byte[] bytes) {
        return bytes.length >= CompileCache.MAGIC.length
                && Arrays.equals(Arrays.copyOf(bytes, CompileCache.MAGIC.length), CompileCache.MAGIC);
    }

    static byte[] write(String key, byte[] wasm, byte[] classes) throws IOException {
        var payload = new ByteArrayOutputStream(wasm.length + classes.length + 16);
        try (var out = new DataOutputStream(payload)) {
            out.writeInt(wasm.length);
            out.write(wasm);
            out.writeInt(classes.length);
            out.write(classes);
        }
        return CompileCache.encode(key, payload.toByteArray());
    }

    /** The contents, or null when the file is damaged; the caller checks that the key fits this Wharf. */
    static Contents read(byte[] file) {
        String key;
        try (var in = new DataInputStream(new ByteArrayInputStream(file))) {
            in.skipNBytes(CompileCache.MAGIC.length + 2);
            key = in.readUTF();
        } catch (IOException e) {
            return null;
        }
        byte[] payload = CompileCache.decode(file, key);
        if (payload == null) {
            return null;
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte[] wasm = in.readNBytes(in.readInt());
            byte[] classes = in.readNBytes(in.readInt());
            return new Contents(wasm, classes, key);
        } catch (IOException | NegativeArraySizeException e) {
            return null;
        }
    }

    /** Records what the compiler stores or finds, so the compiled classes can be written out. */
    static final class Capturing implements Cache {
        private final Cache delegate;
        byte[] captured;

        Capturing(Cache delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] get(String key) throws IOException {
            byte[] found = delegate == null ? null : delegate.get(key);
            if (found != null) {
                captured = found;
            }
            return found;
        }

        @Override
        public void putIfAbsent(String key, byte[] value) throws IOException {
            captured = value;
            if (delegate != null) {
                delegate.putIfAbsent(key, value);
            }
        }
    }

    /** Serves exactly one module's classes from memory. */
    record Seeded(String digest, byte[] classes) implements Cache {
        @Override
        public byte[] get(String key) {
            return key.equals(digest) ? classes : null;
        }

        @Override
        public void putIfAbsent(String key, byte[] value) {}
    }
}
