package io.taskiter.btf;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Resolves a path of member names through embedded structs and unions, as C would: a member of an
 * anonymous struct or union is named as if it were a member of the enclosing one. Names are compared
 * as bytes in the blob, and only the member finally found is decoded.
 */
final class MemberSearch {
    /**
     * Bounds the work on a hostile blob where anonymous members fan out (each holding many anonymous
     * members of the next type); real structs need a few hundred visits.
     */
    static final int MAX_VISITS = 1 << 20;

    private final Index index;
    private final Blob blob;
    private final Decoder decoder;
    private int visits;

    /** Holds the visit count of one lookup, so make one per lookup. */
    MemberSearch(Index index, Decoder decoder) {
        this.index = index;
        this.blob = index.blob();
        this.decoder = decoder;
    }

    private record Hit(int type, long bitOffset, int bitSize, boolean kindFlag) {
    }

    Optional<Member> find(int root, String[] path) throws BtfFormatException {
        int current = decoder.skipModifiers(root);
        long base = 0;
        Hit hit = null;
        for (int i = 0; i < path.length; i++) {
            if (path[i].isEmpty()) throw new IllegalArgumentException("btf: empty member name in path");
            if (i > 0) {
                if (hit.bitSize != 0) return Optional.empty();
                current = decoder.skipModifiers(hit.type);
            }
            if (!composite(current)) return Optional.empty();
            hit = search(current, path[i].getBytes(StandardCharsets.UTF_8), 0);
            if (hit == null) return Optional.empty();
            base += hit.bitOffset;
        }
        if (hit == null) return Optional.of(new Member(0, 0, decoder.decode(current)));
        Type type = decoder.decode(decoder.skipModifiers(hit.type));
        long bitOffset = base;
        int bitSize = hit.bitSize;
        // Without kind_flag a bitfield is a member whose int type covers fewer bits than its bytes.
        if (!hit.kindFlag && type instanceof Type.Int n && n.bits() != 0
                && (n.bits() != 8L * n.size() || n.bitOffset() != 0)) {
            bitOffset += n.bitOffset();
            bitSize = n.bits();
        }
        if (bitOffset >>> 3 > Integer.MAX_VALUE) {
            throw BtfFormatException.of("member %s of type %d lies over 2 GiB into it", String.join(".", path), root);
        }
        return Optional.of(new Member(bitOffset, bitSize, type));
    }

    private boolean composite(int id) {
        int k = index.kindCode(id);
        return id != 0 && (k == Kind.STRUCT.code() || k == Kind.UNION.code());
    }

    private Hit search(int id, byte[] want, int depth) throws BtfFormatException {
        int p = index.start(id);
        int info = blob.u32(p + 4);
        int vlen = info & 0xffff;
        boolean flag = info < 0;
        for (int i = 0, m = p + Index.RECORD; i < vlen; i++, m += 12) {
            if (++visits > MAX_VISITS) {
                throw BtfFormatException.of("member search in type %d at offset 0x%x visits over %d members",
                        id, p, MAX_VISITS);
            }
            int nameOff = blob.u32(m);
            int type = index.ref(blob.u32(m + 4), m + 4);
            int offset = blob.u32(m + 8);
            if (nameOff != 0) {
                blob.checkName(nameOff, m);
                if (blob.nameEquals(nameOff, want)) {
                    return new Hit(type, Decoder.bitOffset(offset, flag), Decoder.bitSize(offset, flag), flag);
                }
                continue;
            }
            int inner = decoder.skipModifiers(type);
            if (!composite(inner)) continue;
            if (depth >= Decoder.MAX_DEPTH) {
                throw BtfFormatException.of("type %d at offset 0x%x: anonymous members nested deeper than %d (a cycle?)",
                        id, p, Decoder.MAX_DEPTH);
            }
            Hit found = search(inner, want, depth + 1);
            if (found != null) {
                return new Hit(found.type, Decoder.bitOffset(offset, flag) + found.bitOffset, found.bitSize, found.kindFlag);
            }
        }
        return null;
    }
}
