package dev.wharf.component.runtime;

import dev.wharf.component.CanonicalLayout;
import dev.wharf.component.ResourceType;
import dev.wharf.component.ValType;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Builds the {@link Codec} tree of each value type once, in the scope of one component instance of a plan: its
 * resource types resolve to the plan's runtime resource numbers. Codecs are shared by every type object they were
 * built for.
 */
final class Codecs {
    private final ToIntFunction<ResourceType> resources;
    private final Map<ValType, Codec> built = new IdentityHashMap<>();
    private final Map<ResourceType, String> names;

    Codecs(ToIntFunction<ResourceType> resources, Map<ResourceType, String> names) {
        this.resources = resources;
        this.names = names;
    }

    Codec of(ValType t) {
        Codec c = built.get(t);
        if (c == null) {
            c = build(t);
            built.put(t, c);
        }
        return c;
    }

    private Codec build(ValType t) {
        return switch (t) {
            case ValType.Prim p ->
                switch (p) {
                    case BOOL -> new Codec.Bool();
                    case S8, U8, S16, U16, S32, U32 -> new Codec.SmallInt(p);
                    case S64, U64 -> new Codec.BigInt(p);
                    case F32 -> new Codec.F32();
                    case F64 -> new Codec.F64();
                    case CHAR -> new Codec.Char();
                    case STRING -> new Codec.Str();
                    case ERROR_CONTEXT -> throw unsupported("error-context");
                };
            case ValType.ListOf l ->
                l.fixed() ? new Codec.FixedList(l, of(l.element())) : new Codec.ListOf(l, of(l.element()));
            case ValType.Record r -> {
                List<ValType> types =
                        r.fields().stream().map(ValType.Field::type).toList();
                yield new Codec.Fields(r, types.stream().map(this::of).toArray(Codec[]::new), types);
            }
            case ValType.Tuple tu ->
                new Codec.Fields(tu, tu.types().stream().map(this::of).toArray(Codec[]::new), tu.types());
            case ValType.Variant v -> cases(v, Codec.Cases.Form.VARIANT);
            case ValType.Enum e -> cases(e, Codec.Cases.Form.ENUM);
            case ValType.Option o -> cases(o, Codec.Cases.Form.OPTION);
            case ValType.Result r -> cases(r, Codec.Cases.Form.RESULT);
            case ValType.Flags f -> new Codec.FlagSet(f);
            case ValType.Own o ->
                new Codec.HandleCodec(o, resources.applyAsInt(o.resource()), true, name(o.resource()));
            case ValType.Borrow b ->
                new Codec.HandleCodec(b, resources.applyAsInt(b.resource()), false, name(b.resource()));
            case ValType.Stream s -> throw unsupported("stream");
            case ValType.Future f -> throw unsupported("future");
            case ValType.MapOf m -> throw unsupported("map");
        };
    }

    private String name(ResourceType r) {
        String n = names.get(r);
        return n != null ? n : r.name() != null ? r.name() : "resource";
    }

    private Codec cases(ValType t, Codec.Cases.Form form) {
        List<ValType> cases = CanonicalLayout.cases(t);
        var codecs = new Codec[cases.size()];
        for (int i = 0; i < codecs.length; i++) {
            codecs[i] = cases.get(i) == null ? null : of(cases.get(i));
        }
        return new Codec.Cases(t, codecs, form);
    }

    private static UnsupportedFeature unsupported(String what) {
        return new UnsupportedFeature("values of type `" + what + "` belong to the async ABI of WASI 0.3, which Wharf "
                + "does not support yet");
    }
}
