package io.taskiter.btf;

import java.util.Arrays;

/**
 * Where each type record starts, and its kind, found in one pass over the type section. Nothing is
 * decoded here: vmlinux holds well over 100,000 types and a caller asks about a few dozen.
 */
final class Index {
    /** Every record has at least name_off, info and size/type: 12 bytes. */
    static final int RECORD = 12;

    private final Blob blob;
    /** By type id; slot 0 (void) is unused, slot count+1 is the end of the last record. */
    private final int[] start;
    private final byte[] kind;
    private final int count;

    private Index(Blob blob, int[] start, byte[] kind, int count) {
        this.blob = blob;
        this.start = start;
        this.kind = kind;
        this.count = count;
    }

    static Index of(Blob blob) throws BtfFormatException {
        // vmlinux averages about 25 bytes a record; growing is cheaper than touching memory never used.
        int capacity = (blob.typeEnd - blob.typeStart) / 24 + 2;
        int[] start = new int[capacity];
        byte[] kind = new byte[capacity];
        // The kind and vlen live in the info word's top and bottom bytes, read here without u32():
        // this loop runs over every record before the JIT has compiled anything.
        byte[] d = blob.data;
        int kindByte = blob.bigEndian ? 4 : 7;
        int vlenHigh = blob.bigEndian ? 6 : 5;
        int vlenLow = blob.bigEndian ? 7 : 4;
        int id = 1;
        int p = blob.typeStart;
        int end = blob.typeEnd;
        while (p < end) {
            if (end - p < RECORD) throw pastEnd(id, p);
            int k = d[p + kindByte] & 0x1f;
            int vlen = (d[p + vlenHigh] & 0xff) << 8 | d[p + vlenLow] & 0xff;
            int extra = trailer(k, vlen);
            if (extra < 0) throw BtfFormatException.of("type %d at offset 0x%x has unknown kind %d", id, p, k);
            if (end - p - RECORD < extra) throw pastEnd(id, p);
            blob.checkName(blob.u32(p), p);
            if (id + 1 == start.length) {
                start = Arrays.copyOf(start, start.length * 2);
                kind = Arrays.copyOf(kind, start.length);
            }
            start[id] = p;
            kind[id] = (byte) k;
            id++;
            p += RECORD + extra;
        }
        start[id] = p;
        return new Index(blob, start, kind, id - 1);
    }

    private static BtfFormatException pastEnd(int id, int p) {
        return BtfFormatException.of("type %d at offset 0x%x runs past the type section", id, p);
    }

    /** {@return the bytes following the common 12-byte part of a record, or -1 for an unknown kind} */
    private static int trailer(int kind, int vlen) {
        return switch (kind) {
            case 1, 14, 17 -> 4;               // INT encoding, VAR linkage, DECL_TAG component index
            case 3 -> 12;                      // ARRAY: element, index type, count
            case 4, 5, 15, 19 -> 12 * vlen;    // members, datasec entries, 64-bit enumerators
            case 6, 13 -> 8 * vlen;            // enumerators, parameters
            case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            default -> -1;
        };
    }

    int count() {
        return count;
    }

    /** {@return the record offset of {@code id}, which must be in 1..count} */
    int start(int id) {
        return start[id];
    }

    int kindCode(int id) {
        return kind[id];
    }

    Kind kind(int id) {
        return Kind.ofCode(kind[id]);
    }

    Blob blob() {
        return blob;
    }

    /** {@return {@code id} when it names a type of this blob, else the error for a record that cites it} */
    int ref(int id, int citedAt) throws BtfFormatException {
        if (Integer.compareUnsigned(id, count) > 0) {
            throw BtfFormatException.of("type reference %d at offset 0x%x is past the last type %d",
                    Integer.toUnsignedLong(id), citedAt, count);
        }
        return id;
    }

    /** Ids from records are checked by {@link #ref}, so a bad id here is the caller's bug, not the blob's. */
    void check(int id) {
        if (id < 0 || id > count) throw new IllegalArgumentException("btf: type id " + id + " is not in 0.." + count);
    }
}
