package io.taskiter.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one type record into a {@link Type}, and follows typedef and qualifier chains. Every reference
 * is checked as it is read, so a record that passed the index but cites a missing type or string
 * fails here, when someone asks for it.
 */
final class Decoder {
    /** Deeper chains than this do not occur in kernels; a longer one is taken for a cycle. */
    static final int MAX_DEPTH = 32;

    private final Index index;
    private final Blob blob;

    Decoder(Index index) {
        this.index = index;
        this.blob = index.blob();
    }

    Type decode(int id) throws BtfFormatException {
        if (id == 0) return new Type.Void();
        int p = index.start(id);
        int info = blob.u32(p + 4);
        int third = blob.u32(p + 8);
        int vlen = info & 0xffff;
        boolean flag = info < 0;
        String name = blob.string(blob.u32(p), p);
        Kind kind = index.kind(id);
        return switch (kind) {
            case VOID -> throw BtfFormatException.of("type %d at offset 0x%x has kind 0", id, p);
            case INT -> integer(id, p, name, third);
            case PTR -> new Type.Pointer(id, index.ref(third, p + 8));
            case ARRAY -> new Type.Array(id, index.ref(blob.u32(p + 12), p + 12), index.ref(blob.u32(p + 16), p + 16),
                    Integer.toUnsignedLong(blob.u32(p + 20)));
            case STRUCT -> new Type.Struct(id, name, size(id, p, third), members(p, vlen, flag));
            case UNION -> new Type.Union(id, name, size(id, p, third), members(p, vlen, flag));
            case ENUM, ENUM64 -> enumeration(id, p, kind, name, third, vlen, flag);
            case FWD -> new Type.Fwd(id, name, flag);
            case TYPEDEF -> new Type.Typedef(id, name, index.ref(third, p + 8));
            case VOLATILE, CONST, RESTRICT, TYPE_TAG -> new Type.Qualifier(id, kind, name, index.ref(third, p + 8));
            case FUNC -> new Type.Func(id, name, index.ref(third, p + 8), vlen);
            case FUNC_PROTO -> proto(id, p, third, vlen);
            case VAR, DECL_TAG -> new Type.Other(id, kind, name, index.ref(third, p + 8));
            case DATASEC, FLOAT -> new Type.Other(id, kind, name, size(id, p, third));
        };
    }

    private Type.Int integer(int id, int p, String name, int size) throws BtfFormatException {
        int enc = blob.u32(p + 12);
        int encoding = enc >>> 24 & 0x0f;
        return new Type.Int(id, name, size(id, p, size), (encoding & 1) != 0, (encoding & 2) != 0,
                (encoding & 4) != 0, enc >>> 16 & 0xff, enc & 0xff);
    }

    private List<Type.StructMember> members(int p, int vlen, boolean bitfields) throws BtfFormatException {
        List<Type.StructMember> out = new ArrayList<>(vlen);
        for (int i = 0, m = p + Index.RECORD; i < vlen; i++, m += 12) {
            String name = blob.string(blob.u32(m), m);
            int type = index.ref(blob.u32(m + 4), m + 4);
            int offset = blob.u32(m + 8);
            out.add(new Type.StructMember(name, type, bitOffset(offset, bitfields), bitSize(offset, bitfields)));
        }
        return out;
    }

    /** With kind_flag set a member's offset word packs the bitfield width into its top 8 bits. */
    static long bitOffset(int offsetWord, boolean kindFlag) {
        return kindFlag ? offsetWord & 0xffffff : Integer.toUnsignedLong(offsetWord);
    }

    static int bitSize(int offsetWord, boolean kindFlag) {
        return kindFlag ? offsetWord >>> 24 : 0;
    }

    private Type.Enum enumeration(int id, int p, Kind kind, String name, int size, int vlen, boolean signed)
            throws BtfFormatException {
        boolean wide = kind == Kind.ENUM64;
        int step = wide ? 12 : 8;
        List<Type.Enumerator> values = new ArrayList<>(vlen);
        for (int i = 0, e = p + Index.RECORD; i < vlen; i++, e += step) {
            String label = blob.string(blob.u32(e), e);
            int low = blob.u32(e + 4);
            long value;
            if (wide) {
                value = (long) blob.u32(e + 8) << 32 | Integer.toUnsignedLong(low);
            } else {
                value = signed ? low : Integer.toUnsignedLong(low);
            }
            values.add(new Type.Enumerator(label, value));
        }
        return new Type.Enum(id, kind, name, size(id, p, size), signed, values);
    }

    private Type.FuncProto proto(int id, int p, int returnType, int vlen) throws BtfFormatException {
        List<Type.Param> params = new ArrayList<>(vlen);
        for (int i = 0, q = p + Index.RECORD; i < vlen; i++, q += 8) {
            params.add(new Type.Param(blob.string(blob.u32(q), q), index.ref(blob.u32(q + 4), q + 4)));
        }
        return new Type.FuncProto(id, index.ref(returnType, p + 8), params);
    }

    private static int size(int id, int p, int size) throws BtfFormatException {
        if (size < 0) {
            throw BtfFormatException.of("type %d at offset 0x%x has size %d, over 2 GiB",
                    id, p, Integer.toUnsignedLong(size));
        }
        return size;
    }

    /** {@return the id after skipping typedefs and qualifiers; reads words only, decodes nothing} */
    int skipModifiers(int id) throws BtfFormatException {
        int current = id;
        for (int hops = 0; hops <= MAX_DEPTH; hops++) {
            if (current == 0) return 0;
            switch (index.kind(current)) {
                case TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG -> {
                    int p = index.start(current);
                    current = index.ref(blob.u32(p + 8), p + 8);
                }
                default -> {
                    return current;
                }
            }
        }
        throw BtfFormatException.of("type %d at offset 0x%x: typedef/qualifier chain longer than %d (a cycle?)",
                id, index.start(id), MAX_DEPTH);
    }

    int sizeOf(int id) throws BtfFormatException {
        return sizeOf(id, 0);
    }

    private int sizeOf(int id, int depth) throws BtfFormatException {
        if (depth > MAX_DEPTH) {
            throw BtfFormatException.of("type %d at offset 0x%x: arrays nested deeper than %d (a cycle?)",
                    id, index.start(id), MAX_DEPTH);
        }
        int t = skipModifiers(id);
        if (t == 0) throw BtfFormatException.of("type %d resolves to void, which has no size", id);
        int p = index.start(t);
        Kind kind = index.kind(t);
        return switch (kind) {
            case INT, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC -> size(t, p, blob.u32(p + 8));
            case PTR -> 8;
            case ARRAY -> {
                long count = Integer.toUnsignedLong(blob.u32(p + 20));
                long total = count * sizeOf(index.ref(blob.u32(p + 12), p + 12), depth + 1);
                if (total > Integer.MAX_VALUE) {
                    throw BtfFormatException.of("array type %d at offset 0x%x is over 2 GiB", t, p);
                }
                yield (int) total;
            }
            case VAR -> sizeOf(index.ref(blob.u32(p + 8), p + 8), depth + 1);
            case VOID, FWD, FUNC, FUNC_PROTO, DECL_TAG, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG ->
                    throw BtfFormatException.of("type %d at offset 0x%x is a %s, which has no size", t, p, kind);
        };
    }
}
