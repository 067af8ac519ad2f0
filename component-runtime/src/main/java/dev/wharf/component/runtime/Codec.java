package dev.wharf.component.runtime;

import dev.wharf.component.CanonicalLayout;
import dev.wharf.component.CoreType;
import dev.wharf.component.ResultValue;
import dev.wharf.component.ValType;
import dev.wharf.component.VariantValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lifting and lowering of one component value type, as the canonical ABI defines them: {@code load}/{@code store}
 * read and write a value in linear memory at an aligned address already checked to be in bounds;
 * {@code liftFlat}/{@code lowerFlat} take it from or put it into flat core values. Built once per type when a plan
 * is compiled (see {@link Codecs}), so a call walks a tree of these and never the type itself. Java values are the
 * ones the {@code dev.wharf.component} package documents.
 */
abstract class Codec {
    final int size;
    final int alignment;
    final CoreType.Val[] flat;

    Codec(ValType type) {
        this.size = CanonicalLayout.size(type);
        this.alignment = CanonicalLayout.alignment(type);
        this.flat = CanonicalLayout.flatten(type).toArray(new CoreType.Val[0]);
    }

    abstract Object load(AbiContext cx, int ptr);

    abstract void store(AbiContext cx, Object v, int ptr);

    abstract Object liftFlat(AbiContext cx, Flat in);

    abstract void lowerFlat(AbiContext cx, Object v, Flat out);

    // ---- value checks shared by the codecs --------------------------------------------------------------------

    static long integer(Object v, long min, long max, String type) {
        if (!(v instanceof Number n) || v instanceof Float || v instanceof Double) {
            throw new ComponentTrap("expected a " + type + " value, got " + describe(v));
        }
        long x = n.longValue();
        if (x < min || x > max) {
            throw new ComponentTrap(x + " is out of range for " + type);
        }
        return x;
    }

    static String describe(Object v) {
        return v == null ? "nothing (null)" : v.getClass().getSimpleName() + " " + v;
    }

    static <T> T expect(Object v, Class<T> type, String what) {
        if (!type.isInstance(v)) {
            throw new ComponentTrap("expected " + what + ", got " + describe(v));
        }
        return type.cast(v);
    }

    // ---- primitives -------------------------------------------------------------------------------------------

    static final class Bool extends Codec {
        Bool() {
            super(ValType.Prim.BOOL);
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            return cx.memory.read(ptr) != 0;
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            cx.memory.writeByte(ptr, (byte) (expect(v, Boolean.class, "a bool") ? 1 : 0));
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            return in.nextI32() != 0;
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            out.putI32(expect(v, Boolean.class, "a bool") ? 1 : 0);
        }
    }

    /** s8, u8, s16, u16, s32, u32: one i32 flat value, 1, 2 or 4 bytes in memory. */
    static final class SmallInt extends Codec {
        private final ValType.Prim prim;
        private final long min;
        private final long max;

        SmallInt(ValType.Prim prim) {
            super(prim);
            this.prim = prim;
            switch (prim) {
                case S8 -> {
                    min = Byte.MIN_VALUE;
                    max = Byte.MAX_VALUE;
                }
                case U8 -> {
                    min = 0;
                    max = 0xff;
                }
                case S16 -> {
                    min = Short.MIN_VALUE;
                    max = Short.MAX_VALUE;
                }
                case U16 -> {
                    min = 0;
                    max = 0xffff;
                }
                case S32 -> {
                    min = Integer.MIN_VALUE;
                    max = Integer.MAX_VALUE;
                }
                default -> {
                    min = 0;
                    max = 0xffffffffL;
                }
            }
        }

        /** The value of the low bits {@code bits} as this type, boxed as the package documents. */
        private Object box(int bits) {
            return switch (prim) {
                case S8 -> (int) (byte) bits;
                case U8 -> bits & 0xff;
                case S16 -> (int) (short) bits;
                case U16 -> bits & 0xffff;
                case S32 -> bits;
                default -> bits & 0xffffffffL;
            };
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            return switch (size) {
                case 1 -> box(cx.memory.read(ptr));
                case 2 -> box(cx.memory.readShort(ptr));
                default -> box(cx.memory.readInt(ptr));
            };
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            long x = integer(v, min, max, prim.wit());
            switch (size) {
                case 1 -> cx.memory.writeByte(ptr, (byte) x);
                case 2 -> cx.memory.writeShort(ptr, (short) x);
                default -> cx.memory.writeI32(ptr, (int) x);
            }
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            return box(in.nextI32());
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            out.putI32((int) integer(v, min, max, prim.wit()));
        }
    }

    /** s64 and u64: one i64, 8 bytes. A u64 is a Long holding its bits. */
    static final class BigInt extends Codec {
        private final boolean unsigned;

        BigInt(ValType.Prim prim) {
            super(prim);
            this.unsigned = prim == ValType.Prim.U64;
        }

        private long value(Object v) {
            // a u64 above Long.MAX_VALUE arrives as a negative Long (its bits): any long is a valid u64
            return integer(v, Long.MIN_VALUE, Long.MAX_VALUE, unsigned ? "u64" : "s64");
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            return cx.memory.readLong(ptr);
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            cx.memory.writeLong(ptr, value(v));
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            return in.next();
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            out.put(value(v));
        }
    }

    /** f32: NaNs are canonicalised both ways (Java's Float.floatToIntBits does what the spec's deterministic mode does). */
    static final class F32 extends Codec {
        F32() {
            super(ValType.Prim.F32);
        }

        private static float value(Object v) {
            if (v instanceof Float f) {
                return f;
            }
            if (v instanceof Number n) {
                return n.floatValue();
            }
            throw new ComponentTrap("expected an f32 value, got " + describe(v));
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            return Float.intBitsToFloat(Float.floatToIntBits(Float.intBitsToFloat(cx.memory.readInt(ptr))));
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            cx.memory.writeI32(ptr, Float.floatToIntBits(value(v)));
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            float f = Float.intBitsToFloat(in.nextI32());
            return Float.isNaN(f) ? Float.NaN : f;
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            out.putI32(Float.floatToIntBits(value(v)));
        }
    }

    static final class F64 extends Codec {
        F64() {
            super(ValType.Prim.F64);
        }

        private static double value(Object v) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new ComponentTrap("expected an f64 value, got " + describe(v));
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            double d = Double.longBitsToDouble(cx.memory.readLong(ptr));
            return Double.isNaN(d) ? Double.NaN : d;
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            cx.memory.writeLong(ptr, Double.doubleToLongBits(value(v)));
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            double d = Double.longBitsToDouble(in.next());
            return Double.isNaN(d) ? Double.NaN : d;
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            out.put(Double.doubleToLongBits(value(v)));
        }
    }

    /** char: a Unicode scalar value; surrogates and values past U+10FFFF trap. */
    static final class Char extends Codec {
        Char() {
            super(ValType.Prim.CHAR);
        }

        static Integer check(int i) {
            if (Integer.compareUnsigned(i, 0x110000) >= 0 || (i >= 0xD800 && i <= 0xDFFF)) {
                throw new ComponentTrap(
                        "invalid `char` bit pattern: 0x" + Integer.toHexString(i) + " is not a Unicode scalar value");
            }
            return i;
        }

        private static int value(Object v) {
            if (v instanceof Character c) {
                return check(c);
            }
            return check((int) integer(v, 0, 0x10FFFF, "char"));
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            return check(cx.memory.readInt(ptr));
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            cx.memory.writeI32(ptr, value(v));
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            return check(in.nextI32());
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            out.putI32(value(v));
        }
    }

    /** string: (pointer, tagged code units) in the string encoding the options name. See {@link Strings}. */
    static final class Str extends Codec {
        Str() {
            super(ValType.Prim.STRING);
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            return Strings.lift(cx, cx.memory.readInt(ptr), cx.memory.readInt(ptr + 4));
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            long packed = Strings.lower(cx, expect(v, String.class, "a string"));
            cx.memory.writeI32(ptr, (int) (packed >>> 32));
            cx.memory.writeI32(ptr + 4, (int) packed);
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            int ptr = in.nextI32();
            return Strings.lift(cx, ptr, in.nextI32());
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            long packed = Strings.lower(cx, expect(v, String.class, "a string"));
            out.putI32((int) (packed >>> 32));
            out.putI32((int) packed);
        }
    }

    // ---- lists ------------------------------------------------------------------------------------------------

    static final int MAX_LIST_BYTE_LENGTH = (1 << 28) - 1;

    /** list<T>: (pointer, length) of elements laid out one after another; list<u8> is a byte[] in Java. */
    static final class ListOf extends Codec {
        private final Codec element;
        private final boolean bytes;

        ListOf(ValType.ListOf type, Codec element) {
            super(type);
            this.element = element;
            this.bytes = type.element() == ValType.Prim.U8;
        }

        private Object liftRange(AbiContext cx, int ptr, int length) {
            long len = length & 0xffffffffL;
            long byteLength = len * element.size;
            if (byteLength > MAX_LIST_BYTE_LENGTH) {
                throw new ComponentTrap("list too long: " + len + " elements of " + element.size + " bytes");
            }
            long start = ptr & 0xffffffffL;
            AbiContext.checkAligned(start, element.alignment);
            cx.checkRange(start, byteLength, "list content");
            if (bytes) {
                return cx.memory.readBytes(ptr, (int) len);
            }
            var out = new ArrayList<>((int) len);
            for (int i = 0; i < len; i++) {
                out.add(element.load(cx, ptr + i * element.size));
            }
            return out;
        }

        /** Copies the list into memory the component's realloc gives; returns (pointer << 32 | length). */
        private long lowerRange(AbiContext cx, Object v) {
            if (bytes && v instanceof byte[] b) {
                int ptr = cx.allocate(1, b.length);
                cx.memory.write(ptr, b);
                return (long) ptr << 32 | (b.length & 0xffffffffL);
            }
            List<?> list = asList(v);
            long byteLength = (long) list.size() * element.size;
            if (byteLength > MAX_LIST_BYTE_LENGTH) {
                throw new ComponentTrap("list too long to pass: " + list.size() + " elements");
            }
            int ptr = cx.allocate(element.alignment, byteLength);
            for (int i = 0; i < list.size(); i++) {
                element.store(cx, list.get(i), ptr + i * element.size);
            }
            return (long) ptr << 32 | (list.size() & 0xffffffffL);
        }

        private static List<?> asList(Object v) {
            if (v instanceof List<?> l) {
                return l;
            }
            if (v instanceof byte[] b) {
                var out = new ArrayList<Integer>(b.length);
                for (byte x : b) {
                    out.add(x & 0xff);
                }
                return out;
            }
            if (v instanceof Object[] a) {
                return Arrays.asList(a);
            }
            throw new ComponentTrap("expected a list, got " + describe(v));
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            return liftRange(cx, cx.memory.readInt(ptr), cx.memory.readInt(ptr + 4));
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            long packed = lowerRange(cx, v);
            cx.memory.writeI32(ptr, (int) (packed >>> 32));
            cx.memory.writeI32(ptr + 4, (int) packed);
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            int ptr = in.nextI32();
            return liftRange(cx, ptr, in.nextI32());
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            long packed = lowerRange(cx, v);
            out.putI32((int) (packed >>> 32));
            out.putI32((int) packed);
        }
    }

    /** list<T, N>: N elements inline, both in memory and flat. */
    static final class FixedList extends Codec {
        private final Codec element;
        private final int length;

        FixedList(ValType.ListOf type, Codec element) {
            super(type);
            this.element = element;
            this.length = type.length();
        }

        private List<?> value(Object v) {
            List<?> list = v instanceof List<?> l ? l : ListOf.asList(v);
            if (list.size() != length) {
                throw new ComponentTrap("expected a list of " + length + " elements, got " + list.size());
            }
            return list;
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            var out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                out.add(element.load(cx, ptr + i * element.size));
            }
            return out;
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            List<?> list = value(v);
            for (int i = 0; i < length; i++) {
                element.store(cx, list.get(i), ptr + i * element.size);
            }
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            var out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                out.add(element.liftFlat(cx, in));
            }
            return out;
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            for (Object e : value(v)) {
                element.lowerFlat(cx, e, out);
            }
        }
    }

    // ---- records and tuples -----------------------------------------------------------------------------------

    /** record and tuple: fields in order, each at the next multiple of its alignment. */
    static final class Fields extends Codec {
        private final Codec[] fields;
        private final int[] offsets;
        private final String what;

        Fields(ValType type, Codec[] fields, List<ValType> fieldTypes) {
            super(type);
            this.fields = fields;
            this.offsets = CanonicalLayout.fieldOffsets(fieldTypes);
            this.what = type instanceof ValType.Tuple ? "tuple" : "record";
        }

        private List<?> value(Object v) {
            List<?> list = v instanceof List<?> l ? l : v instanceof Object[] a ? Arrays.asList(a) : null;
            if (list == null || list.size() != fields.length) {
                throw new ComponentTrap("expected a " + what + " of " + fields.length + " fields, got " + describe(v));
            }
            return list;
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            var out = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                out[i] = fields[i].load(cx, ptr + offsets[i]);
            }
            return Arrays.asList(out);
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            List<?> list = value(v);
            for (int i = 0; i < fields.length; i++) {
                fields[i].store(cx, list.get(i), ptr + offsets[i]);
            }
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            var out = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                out[i] = fields[i].liftFlat(cx, in);
            }
            return Arrays.asList(out);
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            List<?> list = value(v);
            for (int i = 0; i < fields.length; i++) {
                fields[i].lowerFlat(cx, list.get(i), out);
            }
        }
    }

    // ---- variants and their specialisations -------------------------------------------------------------------

    /**
     * variant, enum, option and result: a discriminant, then the case's payload at the largest case alignment. Flat,
     * the payload takes the first of the joined slots and the rest are zero. The Java form differs by type (see the
     * package documentation), which the {@link Form} converts.
     */
    static final class Cases extends Codec {
        enum Form {
            VARIANT,
            ENUM,
            OPTION,
            RESULT
        }

        private final Codec[] cases;
        private final Form form;
        private final int discriminantSize;
        private final int payloadOffset;
        private final int payloadSlots;

        Cases(ValType type, Codec[] cases, Form form) {
            super(type);
            this.cases = cases;
            this.form = form;
            this.discriminantSize = CanonicalLayout.discriminantSize(cases.length);
            List<ValType> caseTypes = CanonicalLayout.cases(type);
            this.payloadOffset = CanonicalLayout.alignTo(discriminantSize, CanonicalLayout.maxCaseAlignment(caseTypes));
            this.payloadSlots = flat.length - 1;
        }

        private int checkedCase(int index) {
            if (Integer.compareUnsigned(index, cases.length) >= 0) {
                throw new ComponentTrap("invalid variant discriminant: " + Integer.toUnsignedString(index) + " for a "
                        + formName() + " of " + cases.length + " cases");
            }
            return index;
        }

        private String formName() {
            return form.name().toLowerCase(Locale.ROOT);
        }

        private Object box(int index, Object payload) {
            return switch (form) {
                case VARIANT -> new VariantValue(index, payload);
                case ENUM -> index;
                case OPTION -> index == 0 ? Optional.empty() : Optional.of(payload);
                case RESULT -> new ResultValue(index == 0, payload);
            };
        }

        /** The case index of a Java value, and its payload stored into {@code payload[0]}. */
        private int unbox(Object v, Object[] payload) {
            int index;
            switch (form) {
                case VARIANT -> {
                    var vv = expect(v, VariantValue.class, "a variant value");
                    index = vv.caseIndex();
                    payload[0] = vv.payload();
                }
                case ENUM -> index = (int) integer(v, 0, cases.length - 1, "enum case index");
                case OPTION -> {
                    if (v instanceof Optional<?> o) {
                        index = o.isPresent() ? 1 : 0;
                        payload[0] = o.orElse(null);
                    } else {
                        throw new ComponentTrap("expected an option (Optional), got " + describe(v));
                    }
                }
                default -> {
                    var r = expect(v, ResultValue.class, "a result value");
                    index = r.isOk() ? 0 : 1;
                    payload[0] = r.value();
                }
            }
            if (index < 0 || index >= cases.length) {
                throw new ComponentTrap(
                        "case " + index + " does not exist in a " + formName() + " of " + cases.length + " cases");
            }
            if (cases[index] == null && payload[0] != null) {
                throw new ComponentTrap("case " + index + " of the " + formName()
                        + " has no payload, but one was given: " + describe(payload[0]));
            }
            if (cases[index] != null && payload[0] == null) {
                throw new ComponentTrap("case " + index + " of the " + formName() + " needs a payload");
            }
            return index;
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            int index = switch (discriminantSize) {
                case 1 -> cx.memory.read(ptr) & 0xff;
                case 2 -> cx.memory.readShort(ptr) & 0xffff;
                default -> cx.memory.readInt(ptr);
            };
            checkedCase(index);
            Codec c = cases[index];
            return box(index, c == null ? null : c.load(cx, ptr + payloadOffset));
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            var payload = new Object[1];
            int index = unbox(v, payload);
            switch (discriminantSize) {
                case 1 -> cx.memory.writeByte(ptr, (byte) index);
                case 2 -> cx.memory.writeShort(ptr, (short) index);
                default -> cx.memory.writeI32(ptr, index);
            }
            Codec c = cases[index];
            if (c != null) {
                c.store(cx, payload[0], ptr + payloadOffset);
            }
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            int index = checkedCase(in.nextI32());
            int start = in.position;
            Codec c = cases[index];
            // a payload reads the low bits of each joined slot: an i32 or f32 from an i64 slot, as the spec coerces
            Object payload = c == null ? null : c.liftFlat(cx, in);
            in.position = start + payloadSlots;
            return box(index, payload);
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            var payload = new Object[1];
            int index = unbox(v, payload);
            out.putI32(index);
            int start = out.position;
            Codec c = cases[index];
            if (c != null) {
                c.lowerFlat(cx, payload[0], out);
            }
            for (int i = out.position; i < start + payloadSlots; i++) {
                out.values[i] = 0;
            }
            out.position = start + payloadSlots;
        }
    }

    /** flags: a bit per label, in 1, 2 or 4 bytes; an Integer bit set in Java. */
    static final class FlagSet extends Codec {
        private final int mask;

        FlagSet(ValType.Flags type) {
            super(type);
            int n = type.names().size();
            this.mask = n == 32 ? -1 : (1 << n) - 1;
        }

        private int value(Object v) {
            int bits = (int) integer(v, Integer.MIN_VALUE, 0xffffffffL, "flags");
            if ((bits & ~mask) != 0) {
                throw new ComponentTrap("flags value 0x" + Integer.toHexString(bits) + " sets bits past its "
                        + Integer.bitCount(mask) + " labels");
            }
            return bits;
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            int bits = switch (size) {
                case 1 -> cx.memory.read(ptr) & 0xff;
                case 2 -> cx.memory.readShort(ptr) & 0xffff;
                default -> cx.memory.readInt(ptr);
            };
            return bits & mask;
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            int bits = value(v);
            switch (size) {
                case 1 -> cx.memory.writeByte(ptr, (byte) bits);
                case 2 -> cx.memory.writeShort(ptr, (short) bits);
                default -> cx.memory.writeI32(ptr, bits);
            }
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            // bits past the labels are ignored, as the spec's unpacking does
            return in.nextI32() & mask;
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            out.putI32(value(v));
        }
    }

    // ---- handles ----------------------------------------------------------------------------------------------

    /** own<R> and borrow<R>: a handle index in the current instance's table. */
    static final class HandleCodec extends Codec {
        private final int resource;
        private final boolean own;
        private final String name;

        HandleCodec(ValType type, int resource, boolean own, String name) {
            super(type);
            this.resource = resource;
            this.own = own;
            this.name = name;
        }

        /** Lifting: the handle at {@code index} leaves the table (own) or is lent for the call (borrow). */
        private Object lift(AbiContext cx, int index) {
            HandleTable table = cx.state.handles;
            Handle h;
            if (own) {
                h = table.get(index);
                checkType(h, index);
                if (h.lends != 0) {
                    throw new ComponentTrap(
                            "cannot remove owned resource while borrowed (handle index " + index + ", " + name + ")");
                }
                if (!h.own) {
                    throw new ComponentTrap(
                            "handle index " + index + " is a borrow, but an owned " + name + " handle is required");
                }
                table.remove(index);
            } else {
                h = table.get(index);
                checkType(h, index);
                if (cx.scope != null) {
                    cx.scope.lend(h);
                }
            }
            return toJava(cx, h.rep);
        }

        private void checkType(Handle h, int index) {
            if (h.resource != resource) {
                throw new ComponentTrap("handle index " + index + " used with the wrong type: expected " + name);
            }
        }

        private Object toJava(AbiContext cx, Object rep) {
            if (cx.runtime.implementer(resource) == null) {
                return rep; // a host resource: the host's own object
            }
            return cx.runtime.guestHandle(resource, (Integer) rep, own);
        }

        /** Lowering: a new handle in the current instance's table (or, for a borrow into the defining instance, the rep). */
        private int lower(AbiContext cx, Object v) {
            Object rep = v;
            ComponentState impl = cx.runtime.implementer(resource);
            if (impl != null) {
                var handle = expect(v, ResourceHandle.class, "a resource handle for " + name);
                if (handle.resource != resource) {
                    throw new ComponentTrap("a handle of another resource type was passed for " + name);
                }
                if (own) {
                    handle.spend();
                } else {
                    handle.checkLive();
                }
                rep = handle.rep;
            } else if (v == null) {
                throw new ComponentTrap("a host function returned null for " + name);
            }
            if (own) {
                return cx.state.handles.add(new Handle(resource, rep, true, null));
            }
            if (impl == cx.state) {
                return (Integer) rep; // a borrow into the instance that defines the resource is its rep
            }
            if (cx.scope != null) {
                cx.scope.borrows++;
            }
            return cx.state.handles.add(new Handle(resource, rep, false, cx.scope));
        }

        @Override
        Object load(AbiContext cx, int ptr) {
            return lift(cx, cx.memory.readInt(ptr));
        }

        @Override
        void store(AbiContext cx, Object v, int ptr) {
            cx.memory.writeI32(ptr, lower(cx, v));
        }

        @Override
        Object liftFlat(AbiContext cx, Flat in) {
            return lift(cx, in.nextI32());
        }

        @Override
        void lowerFlat(AbiContext cx, Object v, Flat out) {
            out.putI32(lower(cx, v));
        }
    }
}
