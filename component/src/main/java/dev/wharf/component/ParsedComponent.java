package dev.wharf.component;

import dev.wharf.binary.ModuleFileException;
import dev.wharf.binary.ModuleSource;
import dev.wharf.binary.ParsedModule;
import dev.wharf.binary.WasmFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A component file read, decoded and validated: the entry point of this module, as {@code ParsedModule} is for core
 * modules. Holds the bytes (core modules inside are ranges of them), the decoded definitions and their types.
 */
public record ParsedComponent(Path path, byte[] bytes, ResolvedComponent root) {
    /** Components above this size are refused rather than read, as core modules are. */
    static final long MAX_BYTES = 1L << 30;

    /** Reads, decodes and validates a component file (not the code of the core modules inside: see below). */
    public static ParsedComponent read(Path path) {
        return parse(path, readFile(path));
    }

    /** Decodes and validates bytes that came from somewhere other than a file. */
    public static ParsedComponent parse(Path path, byte[] bytes) {
        var ast = ComponentReader.read(bytes);
        return new ParsedComponent(path, bytes, ComponentValidator.validate(ast, bytes));
    }

    /** True when the file starts like a component rather than a core module; false when it cannot be read. */
    public static boolean isComponent(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (var in = Files.newInputStream(path)) {
            return ComponentReader.isComponent(in.readNBytes(8));
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean isComponent(byte[] bytes) {
        return ComponentReader.isComponent(bytes);
    }

    static byte[] readFile(Path path) {
        try {
            if (Files.isDirectory(path)) {
                throw new ModuleFileException(path, "is a directory, not a wasm component file");
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ModuleFileException(path, "is " + size + " bytes, larger than the 1 GiB Wharf accepts");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModuleFileException(path, "no such file");
        } catch (IOException e) {
            throw new ModuleFileException(path, "cannot be read: " + e.getMessage());
        }
    }

    /** What the component imports and exports. */
    public ComponentType type() {
        return root.type();
    }

    /**
     * A core module inside the component: where its bytes are, and the name the component-name section gives it
     * (wit-component names them `main`, `wit-component:adapter:...`, `wit-component:shim`), or null.
     */
    public record CoreModule(int ordinal, String name, int offset, int length, ResolvedComponent owner, int index) {}

    /** Every core module in the file, nested components' too, in file order. */
    public List<CoreModule> coreModules() {
        var out = new ArrayList<CoreModule>();
        collect(root, out);
        return out;
    }

    private static void collect(ResolvedComponent c, List<CoreModule> out) {
        int index = 0;
        for (ComponentAst.Definition d : c.ast().definitions()) {
            switch (d) {
                case ComponentAst.CoreModuleDef m -> {
                    out.add(new CoreModule(
                            out.size(), c.ast().nameOf(Sort.CORE_MODULE, index), m.bodyOffset(), m.length(), c, index));
                    index++;
                }
                case ComponentAst.NestedComponent nc -> collect(c.child(nc), out);
                case ComponentAst.AliasDef a when a.alias().sort() == Sort.CORE_MODULE -> index++;
                case ComponentAst.ImportDef im when im.type().sort() == Sort.CORE_MODULE -> index++;
                case ComponentAst.ExportDef ex when ex.sort() == Sort.CORE_MODULE -> index++;
                default -> {}
            }
        }
    }

    /** The bytes of a core module inside, framed as a module source whose path names the component and module. */
    public ModuleSource coreModuleSource(CoreModule m) {
        return ModuleSource.frame(
                Path.of(path + "#" + (m.name() != null ? m.name() : "module" + m.ordinal())),
                Arrays.copyOfRange(bytes, m.offset(), m.offset() + m.length()));
    }

    /**
     * Validates the code of every core module inside, as `wharf validate` does for a core module; a problem is a
     * {@link ComponentFormatException} at its offset in the component file.
     */
    public void validateCoreModules() {
        for (CoreModule m : coreModules()) {
            try {
                ParsedModule.parse(coreModuleSource(m));
            } catch (WasmFormatException e) {
                long at = e.offset() >= 0 ? e.offset() + m.offset() : m.offset();
                throw new ComponentFormatException(
                        at,
                        "core module " + m.ordinal() + (m.name() != null ? " (" + m.name() + ")" : "") + ": "
                                + e.reason(),
                        e);
            }
        }
    }
}
