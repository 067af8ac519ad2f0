package dev.wharf.component;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes component binaries for tests, definition by definition, each in a section of its own (components may repeat
 * sections). Core modules are written in WAT and assembled by wabt's wat2wasm. Types are given as their encodings,
 * built with the static helpers ({@link #func}, {@link #record}, ...): enough of the binary format to write the
 * cases the spec's tests check, by hand, without a component text assembler.
 */
public final class ComponentBuilder {
    // primitive value type codes
    public static final int BOOL = 0x7f;
    public static final int S8 = 0x7e;
    public static final int U8 = 0x7d;
    public static final int S16 = 0x7c;
    public static final int U16 = 0x7b;
    public static final int S32 = 0x7a;
    public static final int U32 = 0x79;
    public static final int S64 = 0x78;
    public static final int U64 = 0x77;
    public static final int F32 = 0x76;
    public static final int F64 = 0x75;
    public static final int CHAR = 0x74;
    public static final int STRING = 0x73;

    // sorts
    public static final int CORE_FUNC = 0x00;
    public static final int CORE_MEMORY = 0x02;
    public static final int FUNC = 0x01;
    public static final int TYPE = 0x03;
    public static final int COMPONENT = 0x04;
    public static final int INSTANCE = 0x05;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ComponentBuilder() {
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public Path write(Path dir, String name) throws IOException {
        Path p = dir.resolve(name + ".wasm");
        Files.write(p, bytes());
        return p;
    }

    /** A section with a vector of one entry. */
    private ComponentBuilder vecSection(int id, byte[] entry) {
        return section(id, concat(u32(1), entry));
    }

    public ComponentBuilder section(int id, byte[] payload) {
        out.write(id);
        out.writeBytes(u32(payload.length));
        out.writeBytes(payload);
        return this;
    }

    public ComponentBuilder coreModule(byte[] module) {
        return section(1, module);
    }

    /** A core module assembled from WAT text by wat2wasm. */
    public ComponentBuilder coreModule(Path scratch, String wat) throws IOException, InterruptedException {
        return coreModule(wat2wasm(scratch, wat));
    }

    /** {@code (core instance (instantiate m (with name (instance i))*))}; args alternate name, instance index. */
    public ComponentBuilder coreInstantiate(int module, Object... args) {
        var b = new ByteArrayOutputStream();
        b.write(0x00);
        b.writeBytes(u32(module));
        b.writeBytes(u32(args.length / 2));
        for (int i = 0; i < args.length; i += 2) {
            b.writeBytes(name((String) args[i]));
            b.write(0x12);
            b.writeBytes(u32((Integer) args[i + 1]));
        }
        return vecSection(2, b.toByteArray());
    }

    /** {@code (core instance (export name (sort idx))*)}; args repeat name, core sort byte, index. */
    public ComponentBuilder coreInlineExports(Object... args) {
        var b = new ByteArrayOutputStream();
        b.write(0x01);
        b.writeBytes(u32(args.length / 3));
        for (int i = 0; i < args.length; i += 3) {
            b.writeBytes(name((String) args[i]));
            b.write((Integer) args[i + 1]);
            b.writeBytes(u32((Integer) args[i + 2]));
        }
        return vecSection(2, b.toByteArray());
    }

    /** {@code (alias core export instance name (core sort))}. */
    public ComponentBuilder aliasCoreExport(int coreSort, int instance, String name) {
        return vecSection(6, concat(new byte[] {0x00, (byte) coreSort, 0x01}, u32(instance), name(name)));
    }

    /** {@code (alias export instance name (sort))} for a component sort (func, type, instance, component). */
    public ComponentBuilder aliasExport(int sort, int instance, String name) {
        return vecSection(6, concat(new byte[] {(byte) sort, 0x00}, u32(instance), name(name)));
    }

    /** {@code (alias outer count index (sort))}. */
    public ComponentBuilder aliasOuter(int sort, int count, int index) {
        return vecSection(6, concat(new byte[] {(byte) sort, 0x02}, u32(count), u32(index)));
    }

    /** A type definition: one of the encodings the static helpers build. */
    public ComponentBuilder type(byte[] type) {
        return vecSection(7, type);
    }

    public ComponentBuilder canonLift(int coreFunc, int type, byte[]... options) {
        return vecSection(8, concat(new byte[] {0x00, 0x00}, u32(coreFunc), options(options), u32(type)));
    }

    public ComponentBuilder canonLower(int func, byte[]... options) {
        return vecSection(8, concat(new byte[] {0x01, 0x00}, u32(func), options(options)));
    }

    public ComponentBuilder resourceNew(int type) {
        return vecSection(8, concat(new byte[] {0x02}, u32(type)));
    }

    public ComponentBuilder resourceDrop(int type) {
        return vecSection(8, concat(new byte[] {0x03}, u32(type)));
    }

    public ComponentBuilder resourceRep(int type) {
        return vecSection(8, concat(new byte[] {0x04}, u32(type)));
    }

    /** {@code (import "name" externtype)}; see {@link #funcExtern} and the other extern helpers. */
    public ComponentBuilder importItem(String name, byte[] externType) {
        return vecSection(10, concat(new byte[] {0x00}, name(name), externType));
    }

    public ComponentBuilder export(String name, int sort, int index) {
        return vecSection(11, concat(new byte[] {0x00}, name(name), sortBytes(sort), u32(index), new byte[] {0x00}));
    }

    /** A nested component. */
    public ComponentBuilder component(ComponentBuilder nested) {
        return section(4, nested.bytes());
    }

    /** {@code (instance (instantiate c (with name (sort idx))*))}; args repeat name, sort, index. */
    public ComponentBuilder instantiate(int component, Object... args) {
        var b = new ByteArrayOutputStream();
        b.write(0x00);
        b.writeBytes(u32(component));
        b.writeBytes(u32(args.length / 3));
        for (int i = 0; i < args.length; i += 3) {
            b.writeBytes(name((String) args[i]));
            b.writeBytes(sortBytes((Integer) args[i + 1]));
            b.writeBytes(u32((Integer) args[i + 2]));
        }
        return vecSection(5, b.toByteArray());
    }

    /** {@code (instance (export name (sort idx))*)}; args repeat name, sort, index. */
    public ComponentBuilder instanceOf(Object... args) {
        var b = new ByteArrayOutputStream();
        b.write(0x01);
        b.writeBytes(u32(args.length / 3));
        for (int i = 0; i < args.length; i += 3) {
            b.write(0x00);
            b.writeBytes(name((String) args[i]));
            b.writeBytes(sortBytes((Integer) args[i + 1]));
            b.writeBytes(u32((Integer) args[i + 2]));
        }
        return vecSection(5, b.toByteArray());
    }

    private static byte[] sortBytes(int sort) {
        return sort == CORE_FUNC || sort == CORE_MEMORY
                ? new byte[] {0x00, (byte) sort}
                : sort == 0x11 ? new byte[] {0x00, 0x11} : new byte[] {(byte) sort};
    }

    // ---- canonical options ------------------------------------------------------------------------------------

    public static byte[] memory(int index) {
        return concat(new byte[] {0x03}, u32(index));
    }

    public static byte[] realloc(int index) {
        return concat(new byte[] {0x04}, u32(index));
    }

    public static byte[] postReturn(int index) {
        return concat(new byte[] {0x05}, u32(index));
    }

    public static final byte[] UTF8 = {0x00};
    public static final byte[] UTF16 = {0x01};
    public static final byte[] LATIN1_UTF16 = {0x02};

    private static byte[] options(byte[][] options) {
        var b = new ByteArrayOutputStream();
        b.writeBytes(u32(options.length));
        for (byte[] o : options) {
            b.writeBytes(o);
        }
        return b.toByteArray();
    }

    // ---- types ------------------------------------------------------------------------------------------------

    /** A value type reference: a primitive code (0x73..0x7f) or a type index (below 0x40 here). */
    public static byte[] val(int codeOrIndex) {
        return codeOrIndex >= 0x40 ? new byte[] {(byte) codeOrIndex} : u32(codeOrIndex);
    }

    /** A function type; params alternate name, value type; result is a value type, or -1 for none. */
    public static byte[] func(int result, Object... params) {
        var b = new ByteArrayOutputStream();
        b.write(0x40);
        b.writeBytes(u32(params.length / 2));
        for (int i = 0; i < params.length; i += 2) {
            b.writeBytes(name((String) params[i]));
            b.writeBytes(val((Integer) params[i + 1]));
        }
        if (result < 0) {
            b.writeBytes(new byte[] {0x01, 0x00});
        } else {
            b.write(0x00);
            b.writeBytes(val(result));
        }
        return b.toByteArray();
    }

    /** A record; fields alternate name, value type. */
    public static byte[] record(Object... fields) {
        var b = new ByteArrayOutputStream();
        b.write(0x72);
        b.writeBytes(u32(fields.length / 2));
        for (int i = 0; i < fields.length; i += 2) {
            b.writeBytes(name((String) fields[i]));
            b.writeBytes(val((Integer) fields[i + 1]));
        }
        return b.toByteArray();
    }

    /** A variant; cases alternate name, payload type (-1 for none). */
    public static byte[] variant(Object... cases) {
        var b = new ByteArrayOutputStream();
        b.write(0x71);
        b.writeBytes(u32(cases.length / 2));
        for (int i = 0; i < cases.length; i += 2) {
            b.writeBytes(name((String) cases[i]));
            int t = (Integer) cases[i + 1];
            if (t < 0) {
                b.write(0x00);
            } else {
                b.write(0x01);
                b.writeBytes(val(t));
            }
            b.write(0x00);
        }
        return b.toByteArray();
    }

    public static byte[] list(int element) {
        return concat(new byte[] {0x70}, val(element));
    }

    public static byte[] tuple(int... types) {
        var b = new ByteArrayOutputStream();
        b.write(0x6f);
        b.writeBytes(u32(types.length));
        for (int t : types) {
            b.writeBytes(val(t));
        }
        return b.toByteArray();
    }

    public static byte[] flags(String... names) {
        return labels(0x6e, names);
    }

    public static byte[] enumOf(String... names) {
        return labels(0x6d, names);
    }

    private static byte[] labels(int code, String[] names) {
        var b = new ByteArrayOutputStream();
        b.write(code);
        b.writeBytes(u32(names.length));
        for (String n : names) {
            b.writeBytes(name(n));
        }
        return b.toByteArray();
    }

    public static byte[] option(int type) {
        return concat(new byte[] {0x6b}, val(type));
    }

    /** A result; ok and err are value types or -1 for absent. */
    public static byte[] result(int ok, int err) {
        var b = new ByteArrayOutputStream();
        b.write(0x6a);
        for (int t : new int[] {ok, err}) {
            if (t < 0) {
                b.write(0x00);
            } else {
                b.write(0x01);
                b.writeBytes(val(t));
            }
        }
        return b.toByteArray();
    }

    public static byte[] own(int resource) {
        return concat(new byte[] {0x69}, u32(resource));
    }

    public static byte[] borrow(int resource) {
        return concat(new byte[] {0x68}, u32(resource));
    }

    /** {@code (resource (rep i32) (dtor f)?)}; dtor -1 for none. */
    public static byte[] resource(int dtor) {
        return dtor < 0 ? new byte[] {0x3f, 0x7f, 0x00} : concat(new byte[] {0x3f, 0x7f, 0x01}, u32(dtor));
    }

    /** An instance type made of declarators (see {@link #exportDecl}, {@link #typeDecl}, {@link #aliasOuterDecl}). */
    public static byte[] instanceType(byte[]... decls) {
        var b = new ByteArrayOutputStream();
        b.write(0x42);
        b.writeBytes(u32(decls.length));
        for (byte[] d : decls) {
            b.writeBytes(d);
        }
        return b.toByteArray();
    }

    public static byte[] typeDecl(byte[] type) {
        return concat(new byte[] {0x01}, type);
    }

    public static byte[] exportDecl(String name, byte[] externType) {
        return concat(new byte[] {0x04, 0x00}, name(name), externType);
    }

    public static byte[] aliasOuterDecl(int sort, int count, int index) {
        return concat(new byte[] {0x02, (byte) sort, 0x02}, u32(count), u32(index));
    }

    // extern types
    public static byte[] funcExtern(int typeIndex) {
        return concat(new byte[] {0x01}, u32(typeIndex));
    }

    public static byte[] instanceExtern(int typeIndex) {
        return concat(new byte[] {0x05}, u32(typeIndex));
    }

    public static byte[] typeEq(int typeIndex) {
        return concat(new byte[] {0x03, 0x00}, u32(typeIndex));
    }

    public static byte[] subResource() {
        return new byte[] {0x03, 0x01};
    }

    // ---- encodings --------------------------------------------------------------------------------------------

    public static byte[] u32(long v) {
        var b = new ByteArrayOutputStream();
        do {
            int x = (int) (v & 0x7f);
            v >>>= 7;
            b.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
        return b.toByteArray();
    }

    public static byte[] name(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return concat(u32(utf8.length), utf8);
    }

    public static byte[] concat(byte[]... parts) {
        var b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Assembles WAT with wabt's wat2wasm (scripts/install-toolchains.sh installs it). */
    public static byte[] wat2wasm(Path scratch, String wat) throws IOException, InterruptedException {
        Path source = Files.createTempFile(scratch, "module", ".wat");
        Path wasm = Path.of(source + ".wasm");
        Files.writeString(source, wat, StandardCharsets.UTF_8);
        Path err = Files.createTempFile(scratch, "wat2wasm", ".err");
        Process p = new ProcessBuilder(List.of(
                        "wat2wasm", "--debug-names", "--enable-multi-memory", source.toString(), "-o", wasm.toString()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(err.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("wat2wasm refused the test's module: " + Files.readString(err));
        }
        return Files.readAllBytes(wasm);
    }
}
