package io.taskiter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A name as the kernel holds it (a comm, a path): raw bytes, not necessarily valid UTF-8. Linux lets
 * any byte but NUL into a comm and any byte but NUL into a path, so decoding is the presenter's choice.
 */
public final class Name implements Comparable<Name> {
    private final byte[] bytes;
    private final int hash;

    private Name(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
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

    /** {@return the bytes decoded as UTF-8, invalid sequences replaced by U+FFFD} */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Name n && n.hash == hash && Arrays.equals(n.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Name o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
