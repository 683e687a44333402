package io.taskiter.asm;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One 8-byte eBPF instruction slot, as {@code struct bpf_insn} lays it out: the opcode, the destination
 * register in the low nibble and the source register in the high nibble of the second byte, a signed
 * 16-bit offset and a signed 32-bit immediate, all little-endian.
 *
 * <p>A 64-bit immediate load ({@link #LD_IMM64}) occupies two slots and is modelled as two
 * instructions: the head holds the opcode, the destination and the low 32 bits; the tail that follows
 * it has opcode 0, no registers and the high 32 bits in its immediate. Keeping one {@code Insn} per slot
 * makes a list index the same number as a jump's target, a program counter and an instruction index
 * in the verifier log.
 *
 * <p>The {@code src} field doubles as the pseudo-source of some instructions: {@link Reg#R1} in an
 * {@link #LD_IMM64} head is {@code BPF_PSEUDO_MAP_FD} (the immediate is a map's file descriptor, which
 * the kernel replaces by the map's address).
 *
 * @param opcode the class, operation, source, mode and size bits
 * @param dst    the destination register (the base register of a store)
 * @param src    the source register (the base register of a load), or a pseudo-source
 * @param off    the jump offset in slots, or the memory offset in bytes
 * @param imm    the immediate
 */
public record Insn(byte opcode, Reg dst, Reg src, short off, int imm) {
    /** Bytes per slot. */
    public static final int BYTES = 8;
    /** The opcode of a 64-bit immediate load ({@code BPF_LD | BPF_IMM | BPF_DW}), the one two-slot instruction. */
    public static final byte LD_IMM64 = 0x18;
    /** The {@code src} value that makes an {@link #LD_IMM64} load a map by file descriptor. */
    public static final int PSEUDO_MAP_FD = 1;

    /** The source bit that selects a register operand over the immediate ({@code BPF_X}). */
    static final int SRC_REG = 0x08;

    public Insn {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
    }

    /** {@return the unsigned opcode, as the verifier log prints it} */
    public int code() {
        return opcode & 0xff;
    }

    /** {@return whether this is the first slot of a two-slot 64-bit immediate load} */
    public boolean isWideHead() {
        return opcode == LD_IMM64;
    }

    /** {@return the two slots of a 64-bit immediate load of {@code value} with that pseudo-source} */
    static Insn[] wide(Reg dst, Reg pseudoSrc, long value) {
        return new Insn[] {
            new Insn(LD_IMM64, dst, pseudoSrc, (short) 0, (int) value),
            new Insn((byte) 0, Reg.R0, Reg.R0, (short) 0, (int) (value >>> 32)),
        };
    }

    /**
     * Writes the instruction's 8 bytes at {@code at}.
     *
     * @throws IndexOutOfBoundsException when fewer than 8 bytes remain there
     */
    public void encode(byte[] out, int at) {
        Objects.checkFromIndexSize(at, BYTES, out.length);
        out[at] = opcode;
        out[at + 1] = (byte) (src.number() << 4 | dst.number());
        out[at + 2] = (byte) off;
        out[at + 3] = (byte) (off >> 8);
        for (int i = 0; i < 4; i++) {
            out[at + 4 + i] = (byte) (imm >> 8 * i);
        }
    }

    /**
     * Writes the instruction's 8 bytes at the buffer's position and advances it. The bytes are
     * little-endian whatever the buffer's order: the kernel reads instructions in host order, and
     * TaskIter runs on little-endian hosts only.
     */
    public void encode(ByteBuffer out) {
        byte[] bytes = new byte[BYTES];
        encode(bytes, 0);
        out.put(bytes);
    }

    /**
     * {@return the instruction in the 8 bytes at {@code at}}
     *
     * @throws IllegalArgumentException  when a register nibble names no register (11 to 15)
     * @throws IndexOutOfBoundsException when fewer than 8 bytes remain there
     */
    public static Insn decode(byte[] code, int at) {
        Objects.checkFromIndexSize(at, BYTES, code.length);
        int regs = code[at + 1] & 0xff;
        short off = (short) ((code[at + 2] & 0xff) | code[at + 3] << 8);
        int imm = (code[at + 4] & 0xff) | (code[at + 5] & 0xff) << 8 | (code[at + 6] & 0xff) << 16
                | code[at + 7] << 24;
        return new Insn(code[at], Reg.of(regs & 0x0f), Reg.of(regs >>> 4), off, imm);
    }
}
