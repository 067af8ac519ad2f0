package dev.wharf.binary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A module file read into memory and split into its sections, after the checks that every command
 * needs before it looks further: the file exists and is a regular file, it starts with the wasm magic
 * and version 1, and every section fits inside the file. Section contents are not decoded here.
 */
public record ModuleSource(Path path, byte[] bytes, List<Section> sections) {

    /** Modules above this size are refused rather than read: no legitimate module comes near it. */
    static final long MAX_MODULE_BYTES = 1L << 30;

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

    public ModuleSource {
        sections = List.copyOf(sections);
    }

    /** Reads and frames a module file. Problems with the file itself come out as {@link ModuleFileException}. */
    public static ModuleSource read(Path path) {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw new ModuleFileException(path, "is a directory, not a wasm module file");
            }
            long size = Files.size(path);
            if (size > MAX_MODULE_BYTES) {
                throw new ModuleFileException(path, "is " + size + " bytes, larger than the 1 GiB Wharf accepts");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModuleFileException(path, "no such file");
        } catch (IOException e) {
            throw new ModuleFileException(path, "cannot be read: " + e.getMessage());
        }
        return frame(path, bytes);
    }

    /** Frames bytes that came from somewhere other than a file (a registry, a test). */
    public static ModuleSource frame(Path path, byte[] bytes) {
        try {
            return new ModuleSource(path, bytes, splitSections(bytes));
        } catch (WasmFormatException e) {
            throw e.in(path);
        }
    }

    static List<Section> splitSections(byte[] bytes) {
        if (bytes.length == 0) {
            // no byte to point at: the line says so without an offset
            throw new WasmFormatException(-1, "the file is empty, not a wasm module");
        }
        if (bytes.length < 4 || !startsWith(bytes, MAGIC)) {
            String hint = looksLikeText(bytes)
                    ? " (it looks like text: is this a .wat file? `wat2wasm` turns it into a module)"
                    : "";
            throw new WasmFormatException(0, "not a wasm module: the magic header \\0asm is missing" + hint);
        }
        if (bytes.length < 8) {
            throw new WasmFormatException(4, "unexpected end of file: the version is missing after the magic header");
        }
        int version = (bytes[4] & 0xff) | (bytes[5] & 0xff) << 8 | (bytes[6] & 0xff) << 16 | (bytes[7] & 0xff) << 24;
        if (version != 1) {
            String hint = version == 0x1000d
                    ? " (this is a component: this step takes core modules; run, validate, inspect, dump, print and "
                            + "component wit take components)"
                    : "";
            throw new WasmFormatException(
                    4, "unsupported wasm version 0x" + Integer.toHexString(version) + ", expected 1" + hint);
        }
        var reader = new ByteReader(bytes, 8, bytes.length);
        var sections = new ArrayList<Section>();
        while (!reader.atEnd()) {
            int headerOffset = reader.position();
            int id = reader.u8();
            if (id > Section.TAG) {
                throw new WasmFormatException(headerOffset, "malformed section id " + id);
            }
            long size = reader.u32();
            int payloadOffset = reader.position();
            if (size > reader.remaining()) {
                throw new WasmFormatException(
                        headerOffset,
                        Section.kindName(id) + " section declares " + size + " bytes but only " + reader.remaining()
                                + " remain in the file (truncated module?)");
            }
            String name = Section.kindName(id);
            if (id == Section.CUSTOM) {
                var inner = new ByteReader(bytes, payloadOffset, payloadOffset + (int) size);
                name = inner.name();
            }
            sections.add(new Section(id, name, headerOffset, payloadOffset, (int) size));
            reader.seek(payloadOffset + (int) size);
        }
        return sections;
    }

    /** A reader bounded to one section's payload. */
    public ByteReader reader(Section section) {
        return new ByteReader(bytes, section.payloadOffset(), section.end());
    }

    public Optional<Section> section(int id) {
        return sections.stream().filter(s -> s.id() == id).findFirst();
    }

    public Optional<Section> customSection(String name) {
        return sections.stream()
                .filter(s -> s.isCustom() && s.name().equals(name))
                .findFirst();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeText(byte[] bytes) {
        int n = Math.min(bytes.length, 512);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20)) {
                return false;
            }
        }
        return true;
    }
}
