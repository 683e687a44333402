package io.taskiter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A name as the kernel holds it (a comm, a path): raw bytes, not necessarily valid UTF-8. Linux lets
 * any byte but NUL into a comm and any byte but NUL into a path, so decoding is the presenter's choice.
 *
 * <p>A name can be {@linkplain #isTruncated() truncated}: the kernel holds more than it would hand
 * over. A path longer than PATH_MAX (4,096 bytes with its NUL: reachable through nested directories) is
 * one: {@code readlink} of /proc and {@code bpf_d_path} both refuse it whole (ENAMETOOLONG), so the
 * engines report such a path as a truncated name of the bytes they did get, which is none. A truncated
 * name is never equal to a complete one.
 */
public final class Name implements Comparable<Name> {
    private final byte[] bytes;
    private final boolean truncated;
    private final int hash;

    private Name(byte[] bytes, boolean truncated) {
        this.bytes = bytes;
        this.truncated = truncated;
        this.hash = Arrays.hashCode(bytes) * 31 + (truncated ? 1 : 0);
    }

    private Name(byte[] bytes) {
        this(bytes, false);
    }

    /**
     * {@return a name of which the kernel handed over only {@code bytes[from, to)} (possibly nothing):
     * the rest is unknown}
     */
    public static Name truncated(byte[] bytes, int from, int to) {
        return new Name(Arrays.copyOfRange(bytes, from, to), true);
    }

    /** {@return whether the kernel holds more of this name than {@link #bytes()}} */
    public boolean isTruncated() {
        return truncated;
    }

    /** {@return a name holding a copy of {@code bytes[from, to)}} */
    public static Name of(byte[] bytes, int from, int to) {
        return new Name(Arrays.copyOfRange(bytes, from, to));
    }

    /** {@return a name holding a copy of {@code bytes}} */
    public static Name of(byte[] bytes) {
        return new Name(bytes.clone());
    }

    /** {@return the UTF-8 bytes of {@code text}} */
    public static Name of(String text) {
        return new Name(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@return a copy of the raw bytes} */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    /** {@return whether the bytes are valid UTF-8} */
    public boolean isUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * {@return the bytes decoded as UTF-8, invalid sequences replaced by U+FFFD}; a truncated name
     * ends with "\u2026" there
     */
    @Override
    public String toString() {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return truncated ? s + "\u2026" : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Name n && n.hash == hash && n.truncated == truncated && Arrays.equals(n.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Name o) {
        int c = Arrays.compareUnsigned(bytes, o.bytes);
        return c != 0 ? c : Boolean.compare(truncated, o.truncated);
    }
}
