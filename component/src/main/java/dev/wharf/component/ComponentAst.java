package dev.wharf.component;

import java.util.List;
import java.util.Map;

/**
 * A component as its binary format spells it: each section's definitions decoded into records, in file order, with
 * the byte offset each starts at. Indices are still indices here; {@link ComponentValidator} resolves them into
 * types. Core modules inside are kept as byte ranges of the file (the runtime's engine compiles them).
 */
public final class ComponentAst {
    private ComponentAst() {}

    /**
     * One component (the file, or one nested in it). {@code start} is where its preamble begins; {@code sections}
     * lists every section (custom ones too) for `wharf dump`; {@code names} holds the component-name section's
     * names by sort and index (empty when there is none).
     */
    public record Component(
            int start,
            int end,
            List<Definition> definitions,
            List<SectionInfo> sections,
            String name,
            Map<Sort, Map<Integer, String>> names) {
        public Component {
            definitions = List.copyOf(definitions);
            sections = List.copyOf(sections);
        }

        /** The name the component-name section gives this index, or null. */
        public String nameOf(Sort sort, int index) {
            var bySort = names.get(sort);
            return bySort == null ? null : bySort.get(index);
        }
    }

    /** A section's frame: its id, where its header and payload start, its payload size; custom sections' names. */
    public record SectionInfo(int id, String name, int headerOffset, int payloadOffset, int payloadSize) {
        public int end() {
            return payloadOffset + payloadSize;
        }

        public static String kindName(int id) {
            return switch (id) {
                case 0 -> "custom";
                case 1 -> "core module";
                case 2 -> "core instance";
                case 3 -> "core type";
                case 4 -> "component";
                case 5 -> "instance";
                case 6 -> "alias";
                case 7 -> "type";
                case 8 -> "canon";
                case 9 -> "start";
                case 10 -> "import";
                case 11 -> "export";
                case 12 -> "value";
                default -> "unknown";
            };
        }
    }

    /** A definition: one entry of a section, at its byte offset in the file. */
    public sealed interface Definition {
        int offset();
    }

    /** A core module, the bytes {@code [bodyOffset, bodyOffset + length)} of the file. */
    public record CoreModuleDef(int offset, int bodyOffset, int length) implements Definition {}

    public record CoreArg(String name, int instance) {}

    /** {@code (core instance (instantiate module (with name (instance i))*))}. */
    public record CoreInstantiate(int offset, int module, List<CoreArg> args) implements Definition {
        public CoreInstantiate {
            args = List.copyOf(args);
        }
    }

    public record CoreInlineExport(String name, Sort sort, int index) {}

    /** A core instance made of other definitions: {@code (core instance (export name (sort i))*)}. */
    public record CoreInlineExports(int offset, List<CoreInlineExport> exports) implements Definition {
        public CoreInlineExports {
            exports = List.copyOf(exports);
        }
    }

    public record CoreTypeDef(int offset, RawCoreType type) implements Definition {}

    public record NestedComponent(int offset, Component component) implements Definition {}

    public record Arg(String name, Sort sort, int index) {}

    /** {@code (instance (instantiate component (with name (sort i))*))}. */
    public record Instantiate(int offset, int component, List<Arg> args) implements Definition {
        public Instantiate {
            args = List.copyOf(args);
        }
    }

    /** An instance made of other definitions: {@code (instance (export name (sort i))*)}. */
    public record InlineExports(int offset, List<Arg> exports) implements Definition {
        public InlineExports {
            exports = List.copyOf(exports);
        }
    }

    public record AliasDef(int offset, Alias alias) implements Definition {}

    public record TypeDef(int offset, RawType type) implements Definition {}

    public record CanonDef(int offset, Canon canon) implements Definition {}

    /** {@code (start f (value arg)* (result (value))*)}. */
    public record StartDef(int offset, int func, List<Integer> args, int results) implements Definition {
        public StartDef {
            args = List.copyOf(args);
        }
    }

    public record ImportDef(int offset, String name, RawExtern type) implements Definition {}

    /** An export; {@code ascribed} is the optional type written after it, else null. */
    public record ExportDef(int offset, String name, Sort sort, int index, RawExtern ascribed) implements Definition {}

    /** A value definition (🪙, not supported by Wharf's runtime): kept so dump can list it. */
    public record ValueDef(int offset, RawVal type, int length) implements Definition {}

    // ---- aliases ----------------------------------------------------------------------------------------------

    public enum AliasKind {
        /** {@code (alias export i name (sort))}: an export of a component instance. */
        EXPORT,
        /** {@code (alias core export i name (sort))}: an export of a core instance. */
        CORE_EXPORT,
        /** {@code (alias outer count index (sort))}: a definition of an enclosing component or type. */
        OUTER
    }

    /** An alias: of {@code sort}, from instance {@code instance}'s export {@code name}, or outer (count, index). */
    public record Alias(Sort sort, AliasKind kind, int instance, String name, int outerCount, int outerIndex) {}

    // ---- types as written -------------------------------------------------------------------------------------

    /** A value type as written: a primitive, or an index into the type index space. */
    public record RawVal(ValType.Prim prim, int index) {
        public static RawVal of(ValType.Prim prim) {
            return new RawVal(prim, -1);
        }

        public static RawVal of(int index) {
            return new RawVal(null, index);
        }

        @Override
        public String toString() {
            return prim != null ? prim.wit() : Integer.toString(index);
        }
    }

    /** A type definition as written, its references still indices. */
    public sealed interface RawType {}

    public record RawPrim(ValType.Prim prim) implements RawType {}

    public record RawField(String name, RawVal type) {}

    public record RawRecord(List<RawField> fields) implements RawType {}

    /** A case; {@code type} is null for none. */
    public record RawCase(String name, RawVal type) {}

    public record RawVariant(List<RawCase> cases) implements RawType {}

    public record RawList(RawVal element, int length) implements RawType {}

    public record RawTuple(List<RawVal> types) implements RawType {}

    public record RawFlags(List<String> names) implements RawType {}

    public record RawEnum(List<String> names) implements RawType {}

    public record RawOption(RawVal type) implements RawType {}

    public record RawResult(RawVal ok, RawVal err) implements RawType {}

    public record RawOwn(int index) implements RawType {}

    public record RawBorrow(int index) implements RawType {}

    public record RawStream(RawVal element) implements RawType {}

    public record RawFuture(RawVal element) implements RawType {}

    public record RawMap(RawVal key, RawVal value) implements RawType {}

    public record RawParam(String name, RawVal type) {}

    /** A function type; {@code result} is null for none. */
    public record RawFunc(List<RawParam> params, RawVal result, boolean async) implements RawType {}

    /** {@code (resource (rep i32) (dtor f)?)}; {@code destructor} is -1 when there is none. */
    public record RawResource(CoreType.Val rep, int destructor) implements RawType {}

    public record RawComponentType(List<Decl> decls) implements RawType {}

    public record RawInstanceType(List<Decl> decls) implements RawType {}

    /** A declarator inside a component or instance type. */
    public sealed interface Decl {
        int offset();
    }

    public record CoreTypeDecl(int offset, RawCoreType type) implements Decl {}

    public record TypeDecl(int offset, RawType type) implements Decl {}

    public record AliasDecl(int offset, Alias alias) implements Decl {}

    public record ImportDecl(int offset, String name, RawExtern type) implements Decl {}

    public record ExportDecl(int offset, String name, RawExtern type) implements Decl {}

    /**
     * An extern type as written: {@code (sort (type index))}; for the type sort, {@code (eq index)} or
     * {@code (sub resource)}; for a value, its value type.
     */
    public record RawExtern(Sort sort, int index, boolean subResource, RawVal value) {}

    // ---- core types as written --------------------------------------------------------------------------------

    public sealed interface RawCoreType {}

    public record RawCoreFunc(CoreType.Func type) implements RawCoreType {}

    public record RawCoreModule(List<CoreDecl> decls) implements RawCoreType {}

    public sealed interface CoreDecl {
        int offset();
    }

    public record CoreImportDecl(int offset, String module, String name, RawCoreExtern type) implements CoreDecl {}

    public record CoreTypeInModule(int offset, RawCoreType type) implements CoreDecl {}

    public record CoreOuterAlias(int offset, int count, int index) implements CoreDecl {}

    public record CoreExportDecl(int offset, String name, RawCoreExtern type) implements CoreDecl {}

    /** A core extern type as written: a function or tag names a type index; the others are spelled out. */
    public record RawCoreExtern(Sort sort, int typeIndex, CoreType.Extern concrete) {}

    // ---- canonical definitions --------------------------------------------------------------------------------

    public enum StringEncoding {
        UTF8("utf8"),
        UTF16("utf16"),
        LATIN1_UTF16("latin1+utf16");

        private final String text;

        StringEncoding(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Canonical options; an absent index is -1. */
    public record CanonOptions(
            StringEncoding encoding, int memory, int realloc, int postReturn, boolean async, int callback) {
        public static final CanonOptions NONE = new CanonOptions(StringEncoding.UTF8, -1, -1, -1, false, -1);
    }

    public sealed interface Canon {}

    public record Lift(int coreFunc, CanonOptions options, int type) implements Canon {}

    public record Lower(int func, CanonOptions options) implements Canon {}

    public record ResourceNew(int type) implements Canon {}

    public record ResourceDrop(int type) implements Canon {}

    public record ResourceRep(int type) implements Canon {}

    /**
     * A canonical built-in of the async ABI, error contexts or threads (WASI 0.3 and later): decoded so the file
     * can be read and listed, refused when a component using it is instantiated.
     */
    public record Builtin(String name) implements Canon {}
}
