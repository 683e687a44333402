package io.taskiter.btf;

/**
 * A member of a struct or union found by {@link Btf#member}: where it lies and what it is.
 *
 * @param bitOffset offset in bits from the start of the outermost struct the path began at
 * @param bitSize   width of a bitfield, 0 when the member is not a bitfield
 * @param type      the member's type with typedefs and qualifiers (const, volatile, restrict, type
 *                  tags) skipped, so a switch over it sees the pointer, int, array or struct itself
 */
public record Member(long bitOffset, int bitSize, Type type) {

    /** {@return the byte offset of the member; for a bitfield, of the byte holding its first bit} */
    public int byteOffset() {
        return (int) (bitOffset >>> 3);
    }

    /** {@return whether the member is a bitfield (and needs shifting and masking to read)} */
    public boolean isBitfield() {
        return bitSize != 0;
    }
}
