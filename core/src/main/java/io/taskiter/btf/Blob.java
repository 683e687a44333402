package io.taskiter.btf;

import java.nio.charset.StandardCharsets;

/**
 * The raw bytes of a BTF blob with its header checked: where the type and string sections lie and
 * which byte order the words are in. Every offset handed out here is inside the blob, so the layers
 * above only have to keep their own reads inside a section.
 */
final class Blob {
    static final int MAGIC = 0xEB9F;
    /** magic, version, flags, hdr_len, then four section words; a longer header is a newer one. */
    static final int HEADER_SIZE = 24;

    final byte[] data;
    final boolean bigEndian;
    /** Absolute offsets: the type section is [typeStart, typeEnd), the strings [strStart, strStart+strLen). */
    final int typeStart;
    final int typeEnd;
    final int strStart;
    final int strLen;

    private Blob(byte[] data, boolean bigEndian, int typeStart, int typeEnd, int strStart, int strLen) {
        this.data = data;
        this.bigEndian = bigEndian;
        this.typeStart = typeStart;
        this.typeEnd = typeEnd;
        this.strStart = strStart;
        this.strLen = strLen;
    }

    static Blob of(byte[] data) throws BtfFormatException {
        if (data.length < HEADER_SIZE) {
            throw BtfFormatException.of("blob of %d bytes is shorter than the %d-byte header", data.length, HEADER_SIZE);
        }
        int first = data[0] & 0xff;
        int second = data[1] & 0xff;
        boolean big;
        if ((first | second << 8) == MAGIC) {
            big = false;
        } else if ((first << 8 | second) == MAGIC) {
            big = true;
        } else {
            throw BtfFormatException.of("bad magic 0x%02x%02x at offset 0x0 (want 0xeb9f in either byte order)", first, second);
        }
        int version = data[2] & 0xff;
        if (version != 1) throw BtfFormatException.of("unsupported version %d at offset 0x2 (want 1)", version);

        long hdrLen = u32(data, big, 4);
        if (hdrLen < HEADER_SIZE || hdrLen > data.length) {
            throw BtfFormatException.of("header length %d at offset 0x4 is outside [%d, %d] (the blob size)",
                    hdrLen, HEADER_SIZE, data.length);
        }
        long body = data.length - hdrLen;
        long typeOff = u32(data, big, 8);
        long typeLen = u32(data, big, 12);
        long strOff = u32(data, big, 16);
        long strLen = u32(data, big, 20);
        if (typeOff + typeLen > body) {
            throw BtfFormatException.of("type section [0x%x, 0x%x) at offset 0x8 runs past the end of the blob (0x%x)",
                    hdrLen + typeOff, hdrLen + typeOff + typeLen, data.length);
        }
        if ((typeOff & 3) != 0) {
            throw BtfFormatException.of("type section offset 0x%x at offset 0x8 is not 4-byte aligned", typeOff);
        }
        if (strOff + strLen > body) {
            throw BtfFormatException.of("string section [0x%x, 0x%x) at offset 0x10 runs past the end of the blob (0x%x)",
                    hdrLen + strOff, hdrLen + strOff + strLen, data.length);
        }
        if (typeLen > 0 && typeOff < strOff + strLen && strOff < typeOff + typeLen) {
            throw BtfFormatException.of("type section at offset 0x%x overlaps the string section at offset 0x%x",
                    hdrLen + typeOff, hdrLen + strOff);
        }
        // Name offset 0 means "anonymous", so the section must start with the empty string; a final
        // NUL lets every in-bounds name offset find its terminator without a bounds check per byte.
        int strStart = (int) (hdrLen + strOff);
        if (strLen == 0 || data[strStart] != 0 || data[(int) (strStart + strLen - 1)] != 0) {
            throw BtfFormatException.of("string section at offset 0x%x (%d bytes) does not start and end with NUL",
                    strStart, strLen);
        }
        int typeStart = (int) (hdrLen + typeOff);
        return new Blob(data, big, typeStart, (int) (typeStart + typeLen), strStart, (int) strLen);
    }

    /** {@return the word at {@code off}, which the caller has checked lies inside a section} */
    int u32(int off) {
        byte[] d = data;
        return bigEndian
                ? d[off] << 24 | (d[off + 1] & 0xff) << 16 | (d[off + 2] & 0xff) << 8 | d[off + 3] & 0xff
                : d[off] & 0xff | (d[off + 1] & 0xff) << 8 | (d[off + 2] & 0xff) << 16 | d[off + 3] << 24;
    }

    private static long u32(byte[] d, boolean big, int off) {
        int v = big
                ? d[off] << 24 | (d[off + 1] & 0xff) << 16 | (d[off + 2] & 0xff) << 8 | d[off + 3] & 0xff
                : d[off] & 0xff | (d[off + 1] & 0xff) << 8 | (d[off + 2] & 0xff) << 16 | d[off + 3] << 24;
        return Integer.toUnsignedLong(v);
    }

    boolean validName(int nameOff) {
        return Integer.compareUnsigned(nameOff, strLen) < 0;
    }

    String string(int nameOff, int where) throws BtfFormatException {
        checkName(nameOff, where);
        int from = strStart + nameOff;
        int end = from;
        while (data[end] != 0) end++;
        return new String(data, from, end - from, StandardCharsets.UTF_8);
    }

    /**
     * Compares bytes in place, since lookups run at every start and must not make a String per type.
     * An offset outside the string section matches nothing.
     */
    boolean nameEquals(int nameOff, byte[] want) {
        if (!validName(nameOff)) return false;
        int from = strStart + nameOff;
        // The section's final NUL ends any name before the section does.
        if (strStart + strLen - from <= want.length) return false;
        for (int i = 0; i < want.length; i++) {
            if (data[from + i] != want[i]) return false;
        }
        return data[from + want.length] == 0;
    }

    void checkName(int nameOff, int where) throws BtfFormatException {
        if (!validName(nameOff)) {
            throw BtfFormatException.of("name offset 0x%x at offset 0x%x is past the string section (%d bytes)",
                    Integer.toUnsignedLong(nameOff), where, strLen);
        }
    }
}
