package io.taskiter.asm;

import static io.taskiter.asm.AluOp.*;
import static io.taskiter.asm.JumpOp.*;
import static io.taskiter.asm.OpClass.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A builder of eBPF programs whose methods read like the kernel's instruction macros in
 * {@code include/linux/filter.h}: {@code mov(R1, R6)} is {@code BPF_MOV64_REG(BPF_REG_1, BPF_REG_6)},
 * {@code ldx(DW, R2, R1, 8)} is {@code BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 8)}. Unsuffixed
 * arithmetic and jumps are 64-bit; the {@code 32} suffix selects the ALU and JMP32 classes. Jumps take
 * {@link Label}s, resolved by {@link #build()}.
 *
 * <pre>{@code
 * Asm a = new Asm();
 * Label done = a.newLabel();
 * a.ldx(Size.DW, R2, R1, 8).jeq(R2, 0, done).mov(R1, R2).call(Helper.SEQ_WRITE)
 *  .bind(done).mov(R0, 0).exit();
 * Program p = a.build();
 * }</pre>
 *
 * <p>Misuse fails at the call that commits it ({@link IllegalArgumentException}: writing R10, an
 * offset outside 16 bits, a shift count past the operand width, division by a zero immediate, a label
 * of another builder) or at {@link #build()} ({@link IllegalStateException}: a label never bound, a jump
 * too far or past the last instruction). Not thread-safe.
 */
public final class Asm {
    private final List<Insn> insns = new ArrayList<>();
    private final Labels labels = new Labels(this);

    /** {@return the number of slots emitted so far: the position the next instruction takes} */
    public int pc() {
        return insns.size();
    }

    // ---- 64-bit arithmetic (BPF_ALU64_IMM / BPF_ALU64_REG) ----

    /** {@code dst = imm}, sign-extended. */
    public Asm mov(Reg dst, int imm) { return alu(ALU64, MOV, dst, imm); }
    /** {@code dst = src}. */
    public Asm mov(Reg dst, Reg src) { return alu(ALU64, MOV, dst, src); }
    /** {@code dst += imm}. */
    public Asm add(Reg dst, int imm) { return alu(ALU64, ADD, dst, imm); }
    /** {@code dst += src}. */
    public Asm add(Reg dst, Reg src) { return alu(ALU64, ADD, dst, src); }
    /** {@code dst -= imm}. */
    public Asm sub(Reg dst, int imm) { return alu(ALU64, SUB, dst, imm); }
    /** {@code dst -= src}. */
    public Asm sub(Reg dst, Reg src) { return alu(ALU64, SUB, dst, src); }
    /** {@code dst *= imm}. */
    public Asm mul(Reg dst, int imm) { return alu(ALU64, MUL, dst, imm); }
    /** {@code dst *= src}. */
    public Asm mul(Reg dst, Reg src) { return alu(ALU64, MUL, dst, src); }
    /** {@code dst /= imm}, unsigned. */
    public Asm div(Reg dst, int imm) { return alu(ALU64, DIV, dst, imm); }
    /** {@code dst /= src}, unsigned; 0 when src is 0. */
    public Asm div(Reg dst, Reg src) { return alu(ALU64, DIV, dst, src); }
    /** {@code dst %= imm}, unsigned. */
    public Asm mod(Reg dst, int imm) { return alu(ALU64, MOD, dst, imm); }
    /** {@code dst %= src}, unsigned; dst unchanged when src is 0. */
    public Asm mod(Reg dst, Reg src) { return alu(ALU64, MOD, dst, src); }
    /** {@code dst &= imm}. */
    public Asm and(Reg dst, int imm) { return alu(ALU64, AND, dst, imm); }
    /** {@code dst &= src}. */
    public Asm and(Reg dst, Reg src) { return alu(ALU64, AND, dst, src); }
    /** {@code dst |= imm}. */
    public Asm or(Reg dst, int imm) { return alu(ALU64, OR, dst, imm); }
    /** {@code dst |= src}. */
    public Asm or(Reg dst, Reg src) { return alu(ALU64, OR, dst, src); }
    /** {@code dst ^= imm}. */
    public Asm xor(Reg dst, int imm) { return alu(ALU64, XOR, dst, imm); }
    /** {@code dst ^= src}. */
    public Asm xor(Reg dst, Reg src) { return alu(ALU64, XOR, dst, src); }
    /** {@code dst <<= imm}, imm in 0..63. */
    public Asm lsh(Reg dst, int imm) { return alu(ALU64, LSH, dst, imm); }
    /** {@code dst <<= src}. */
    public Asm lsh(Reg dst, Reg src) { return alu(ALU64, LSH, dst, src); }
    /** {@code dst >>= imm}, logical, imm in 0..63. */
    public Asm rsh(Reg dst, int imm) { return alu(ALU64, RSH, dst, imm); }
    /** {@code dst >>= src}, logical. */
    public Asm rsh(Reg dst, Reg src) { return alu(ALU64, RSH, dst, src); }
    /** {@code dst s>>= imm}, arithmetic, imm in 0..63. */
    public Asm arsh(Reg dst, int imm) { return alu(ALU64, ARSH, dst, imm); }
    /** {@code dst s>>= src}, arithmetic. */
    public Asm arsh(Reg dst, Reg src) { return alu(ALU64, ARSH, dst, src); }
    /** {@code dst = -dst}. */
    public Asm neg(Reg dst) { return alu(ALU64, NEG, dst, 0); }

    // ---- 32-bit arithmetic (BPF_ALU32_IMM / BPF_ALU32_REG): the result is zero-extended to 64 bits ----

    /** {@code wdst = imm}. */
    public Asm mov32(Reg dst, int imm) { return alu(ALU, MOV, dst, imm); }
    /** {@code wdst = wsrc}. */
    public Asm mov32(Reg dst, Reg src) { return alu(ALU, MOV, dst, src); }
    /** {@code wdst += imm}. */
    public Asm add32(Reg dst, int imm) { return alu(ALU, ADD, dst, imm); }
    /** {@code wdst += wsrc}. */
    public Asm add32(Reg dst, Reg src) { return alu(ALU, ADD, dst, src); }
    /** {@code wdst -= imm}. */
    public Asm sub32(Reg dst, int imm) { return alu(ALU, SUB, dst, imm); }
    /** {@code wdst -= wsrc}. */
    public Asm sub32(Reg dst, Reg src) { return alu(ALU, SUB, dst, src); }
    /** {@code wdst *= imm}. */
    public Asm mul32(Reg dst, int imm) { return alu(ALU, MUL, dst, imm); }
    /** {@code wdst *= wsrc}. */
    public Asm mul32(Reg dst, Reg src) { return alu(ALU, MUL, dst, src); }
    /** {@code wdst /= imm}, unsigned. */
    public Asm div32(Reg dst, int imm) { return alu(ALU, DIV, dst, imm); }
    /** {@code wdst /= wsrc}, unsigned. */
    public Asm div32(Reg dst, Reg src) { return alu(ALU, DIV, dst, src); }
    /** {@code wdst %= imm}, unsigned. */
    public Asm mod32(Reg dst, int imm) { return alu(ALU, MOD, dst, imm); }
    /** {@code wdst %= wsrc}, unsigned. */
    public Asm mod32(Reg dst, Reg src) { return alu(ALU, MOD, dst, src); }
    /** {@code wdst &= imm}. */
    public Asm and32(Reg dst, int imm) { return alu(ALU, AND, dst, imm); }
    /** {@code wdst &= wsrc}. */
    public Asm and32(Reg dst, Reg src) { return alu(ALU, AND, dst, src); }
    /** {@code wdst |= imm}. */
    public Asm or32(Reg dst, int imm) { return alu(ALU, OR, dst, imm); }
    /** {@code wdst |= wsrc}. */
    public Asm or32(Reg dst, Reg src) { return alu(ALU, OR, dst, src); }
    /** {@code wdst ^= imm}. */
    public Asm xor32(Reg dst, int imm) { return alu(ALU, XOR, dst, imm); }
    /** {@code wdst ^= wsrc}. */
    public Asm xor32(Reg dst, Reg src) { return alu(ALU, XOR, dst, src); }
    /** {@code wdst <<= imm}, imm in 0..31. */
    public Asm lsh32(Reg dst, int imm) { return alu(ALU, LSH, dst, imm); }
    /** {@code wdst <<= wsrc}. */
    public Asm lsh32(Reg dst, Reg src) { return alu(ALU, LSH, dst, src); }
    /** {@code wdst >>= imm}, logical, imm in 0..31. */
    public Asm rsh32(Reg dst, int imm) { return alu(ALU, RSH, dst, imm); }
    /** {@code wdst >>= wsrc}, logical. */
    public Asm rsh32(Reg dst, Reg src) { return alu(ALU, RSH, dst, src); }
    /** {@code wdst s>>= imm}, arithmetic, imm in 0..31. */
    public Asm arsh32(Reg dst, int imm) { return alu(ALU, ARSH, dst, imm); }
    /** {@code wdst s>>= wsrc}, arithmetic. */
    public Asm arsh32(Reg dst, Reg src) { return alu(ALU, ARSH, dst, src); }
    /** {@code wdst = -wdst}. */
    public Asm neg32(Reg dst) { return alu(ALU, NEG, dst, 0); }

    // ---- memory (BPF_LDX_MEM, BPF_STX_MEM, BPF_ST_MEM, BPF_ATOMIC_OP, BPF_LD_IMM64, BPF_LD_MAP_FD) ----

    /** {@code dst = *(size *)(src + off)}, zero-extended. */
    public Asm ldx(Size size, Reg dst, Reg src, int off) {
        writable(dst, "a load");
        return put(new Insn(opcode(LDX, Mode.MEM, size), dst, src, offset(off), 0));
    }

    /** {@code *(size *)(dst + off) = src}. */
    public Asm stx(Size size, Reg dst, int off, Reg src) {
        return put(new Insn(opcode(STX, Mode.MEM, size), dst, src, offset(off), 0));
    }

    /** {@code *(size *)(dst + off) = imm}, truncated to the size. */
    public Asm st(Size size, Reg dst, int off, int imm) {
        return put(new Insn(opcode(ST, Mode.MEM, size), dst, Reg.R0, offset(off), imm));
    }

    /** {@code lock *(size *)(dst + off) += src}: an atomic add, {@link Size#W} or {@link Size#DW} only. */
    public Asm atomicAdd(Size size, Reg dst, int off, Reg src) {
        if (size != Size.W && size != Size.DW) {
            throw new IllegalArgumentException("atomic add takes a W or DW operand, not " + size);
        }
        return put(new Insn(opcode(STX, Mode.ATOMIC, size), dst, src, offset(off), ADD.code()));
    }

    /** {@code dst = value}: a 64-bit immediate load, two slots. */
    public Asm ldImm64(Reg dst, long value) {
        writable(dst, "a 64-bit load");
        return put(Insn.wide(dst, Reg.R0, value));
    }

    /** {@code dst = &map}: loads the map of file descriptor {@code fd}, two slots ({@code BPF_PSEUDO_MAP_FD}). */
    public Asm ldMapFd(Reg dst, int fd) {
        writable(dst, "a map load");
        if (fd < 0) throw new IllegalArgumentException("map file descriptor " + fd + " is negative");
        return put(Insn.wide(dst, Reg.of(Insn.PSEUDO_MAP_FD), Integer.toUnsignedLong(fd)));
    }

    // ---- jumps (BPF_JMP_A, BPF_JMP_IMM / BPF_JMP_REG, BPF_JMP32_IMM / BPF_JMP32_REG) ----

    /** {@code goto target}. */
    public Asm ja(Label target) {
        return jump(JMP, JA, Reg.R0, 0, target);
    }

    /** {@code if dst == imm goto target}. */
    public Asm jeq(Reg dst, int imm, Label target) { return jump(JMP, JEQ, dst, imm, target); }
    /** {@code if dst == src goto target}. */
    public Asm jeq(Reg dst, Reg src, Label target) { return jump(JMP, JEQ, dst, src, target); }
    /** {@code if dst != imm goto target}. */
    public Asm jne(Reg dst, int imm, Label target) { return jump(JMP, JNE, dst, imm, target); }
    /** {@code if dst != src goto target}. */
    public Asm jne(Reg dst, Reg src, Label target) { return jump(JMP, JNE, dst, src, target); }
    /** {@code if dst > imm goto target}, unsigned. */
    public Asm jgt(Reg dst, int imm, Label target) { return jump(JMP, JGT, dst, imm, target); }
    /** {@code if dst > src goto target}, unsigned. */
    public Asm jgt(Reg dst, Reg src, Label target) { return jump(JMP, JGT, dst, src, target); }
    /** {@code if dst >= imm goto target}, unsigned. */
    public Asm jge(Reg dst, int imm, Label target) { return jump(JMP, JGE, dst, imm, target); }
    /** {@code if dst >= src goto target}, unsigned. */
    public Asm jge(Reg dst, Reg src, Label target) { return jump(JMP, JGE, dst, src, target); }
    /** {@code if dst < imm goto target}, unsigned. */
    public Asm jlt(Reg dst, int imm, Label target) { return jump(JMP, JLT, dst, imm, target); }
    /** {@code if dst < src goto target}, unsigned. */
    public Asm jlt(Reg dst, Reg src, Label target) { return jump(JMP, JLT, dst, src, target); }
    /** {@code if dst <= imm goto target}, unsigned. */
    public Asm jle(Reg dst, int imm, Label target) { return jump(JMP, JLE, dst, imm, target); }
    /** {@code if dst <= src goto target}, unsigned. */
    public Asm jle(Reg dst, Reg src, Label target) { return jump(JMP, JLE, dst, src, target); }
    /** {@code if dst s> imm goto target}. */
    public Asm jsgt(Reg dst, int imm, Label target) { return jump(JMP, JSGT, dst, imm, target); }
    /** {@code if dst s> src goto target}. */
    public Asm jsgt(Reg dst, Reg src, Label target) { return jump(JMP, JSGT, dst, src, target); }
    /** {@code if dst s>= imm goto target}. */
    public Asm jsge(Reg dst, int imm, Label target) { return jump(JMP, JSGE, dst, imm, target); }
    /** {@code if dst s>= src goto target}. */
    public Asm jsge(Reg dst, Reg src, Label target) { return jump(JMP, JSGE, dst, src, target); }
    /** {@code if dst s< imm goto target}. */
    public Asm jslt(Reg dst, int imm, Label target) { return jump(JMP, JSLT, dst, imm, target); }
    /** {@code if dst s< src goto target}. */
    public Asm jslt(Reg dst, Reg src, Label target) { return jump(JMP, JSLT, dst, src, target); }
    /** {@code if dst s<= imm goto target}. */
    public Asm jsle(Reg dst, int imm, Label target) { return jump(JMP, JSLE, dst, imm, target); }
    /** {@code if dst s<= src goto target}. */
    public Asm jsle(Reg dst, Reg src, Label target) { return jump(JMP, JSLE, dst, src, target); }
    /** {@code if dst & imm goto target}. */
    public Asm jset(Reg dst, int imm, Label target) { return jump(JMP, JSET, dst, imm, target); }
    /** {@code if dst & src goto target}. */
    public Asm jset(Reg dst, Reg src, Label target) { return jump(JMP, JSET, dst, src, target); }

    /** {@code if wdst == imm goto target}. */
    public Asm jeq32(Reg dst, int imm, Label target) { return jump(JMP32, JEQ, dst, imm, target); }
    /** {@code if wdst == wsrc goto target}. */
    public Asm jeq32(Reg dst, Reg src, Label target) { return jump(JMP32, JEQ, dst, src, target); }
    /** {@code if wdst != imm goto target}. */
    public Asm jne32(Reg dst, int imm, Label target) { return jump(JMP32, JNE, dst, imm, target); }
    /** {@code if wdst != wsrc goto target}. */
    public Asm jne32(Reg dst, Reg src, Label target) { return jump(JMP32, JNE, dst, src, target); }
    /** {@code if wdst > imm goto target}, unsigned. */
    public Asm jgt32(Reg dst, int imm, Label target) { return jump(JMP32, JGT, dst, imm, target); }
    /** {@code if wdst > wsrc goto target}, unsigned. */
    public Asm jgt32(Reg dst, Reg src, Label target) { return jump(JMP32, JGT, dst, src, target); }
    /** {@code if wdst >= imm goto target}, unsigned. */
    public Asm jge32(Reg dst, int imm, Label target) { return jump(JMP32, JGE, dst, imm, target); }
    /** {@code if wdst >= wsrc goto target}, unsigned. */
    public Asm jge32(Reg dst, Reg src, Label target) { return jump(JMP32, JGE, dst, src, target); }
    /** {@code if wdst < imm goto target}, unsigned. */
    public Asm jlt32(Reg dst, int imm, Label target) { return jump(JMP32, JLT, dst, imm, target); }
    /** {@code if wdst < wsrc goto target}, unsigned. */
    public Asm jlt32(Reg dst, Reg src, Label target) { return jump(JMP32, JLT, dst, src, target); }
    /** {@code if wdst <= imm goto target}, unsigned. */
    public Asm jle32(Reg dst, int imm, Label target) { return jump(JMP32, JLE, dst, imm, target); }
    /** {@code if wdst <= wsrc goto target}, unsigned. */
    public Asm jle32(Reg dst, Reg src, Label target) { return jump(JMP32, JLE, dst, src, target); }
    /** {@code if wdst s> imm goto target}. */
    public Asm jsgt32(Reg dst, int imm, Label target) { return jump(JMP32, JSGT, dst, imm, target); }
    /** {@code if wdst s> wsrc goto target}. */
    public Asm jsgt32(Reg dst, Reg src, Label target) { return jump(JMP32, JSGT, dst, src, target); }
    /** {@code if wdst s>= imm goto target}. */
    public Asm jsge32(Reg dst, int imm, Label target) { return jump(JMP32, JSGE, dst, imm, target); }
    /** {@code if wdst s>= wsrc goto target}. */
    public Asm jsge32(Reg dst, Reg src, Label target) { return jump(JMP32, JSGE, dst, src, target); }
    /** {@code if wdst s< imm goto target}. */
    public Asm jslt32(Reg dst, int imm, Label target) { return jump(JMP32, JSLT, dst, imm, target); }
    /** {@code if wdst s< wsrc goto target}. */
    public Asm jslt32(Reg dst, Reg src, Label target) { return jump(JMP32, JSLT, dst, src, target); }
    /** {@code if wdst s<= imm goto target}. */
    public Asm jsle32(Reg dst, int imm, Label target) { return jump(JMP32, JSLE, dst, imm, target); }
    /** {@code if wdst s<= wsrc goto target}. */
    public Asm jsle32(Reg dst, Reg src, Label target) { return jump(JMP32, JSLE, dst, src, target); }
    /** {@code if wdst & imm goto target}. */
    public Asm jset32(Reg dst, int imm, Label target) { return jump(JMP32, JSET, dst, imm, target); }
    /** {@code if wdst & wsrc goto target}. */
    public Asm jset32(Reg dst, Reg src, Label target) { return jump(JMP32, JSET, dst, src, target); }

    // ---- calls, exit, labels ----

    /** Calls a helper (BPF_EMIT_CALL): arguments in R1 to R5, result in R0, R1 to R5 clobbered. */
    public Asm call(Helper helper) {
        return call(helper.id());
    }

    /** Calls the helper of that number. */
    public Asm call(int helperId) {
        return put(new Insn((byte) (JMP.code() | CALL.code()), Reg.R0, Reg.R0, (short) 0, helperId));
    }

    /** Returns R0 to the kernel (BPF_EXIT_INSN). */
    public Asm exit() {
        return put(new Insn((byte) (JMP.code() | EXIT.code()), Reg.R0, Reg.R0, (short) 0, 0));
    }

    /**
     * Appends one raw single-slot instruction, for the encodings this builder has no method for. A
     * 64-bit load is refused: {@link #ldImm64} and {@link #ldMapFd} keep its two slots together.
     */
    public Asm emit(Insn insn) {
        if (insn.isWideHead()) {
            throw new IllegalArgumentException("a 64-bit load takes two slots: use ldImm64 or ldMapFd, not emit");
        }
        return put(insn);
    }

    /** {@return a new label, to be bound once} */
    public Label newLabel() {
        return labels.create();
    }

    /**
     * Places {@code label} at the next instruction.
     *
     * @throws IllegalStateException when the label is already bound
     */
    public Asm bind(Label label) {
        labels.bind(label, insns.size());
        return this;
    }

    /**
     * {@return the program, its jump offsets resolved}; the builder stays usable.
     *
     * @throws IllegalStateException when the program is empty, a used label is unbound or bound past
     *                               the last instruction, or a jump offset does not fit 16 bits
     */
    public Program build() {
        if (insns.isEmpty()) {
            throw new IllegalStateException("empty program: the kernel loads at least one instruction");
        }
        return new Program(labels.resolve(insns));
    }

    private Asm alu(OpClass cls, AluOp op, Reg dst, int imm) {
        writable(dst, op.name().toLowerCase(Locale.ROOT));
        int bits = cls == ALU64 ? 64 : 32;
        if (op.isShift() && (imm < 0 || imm >= bits)) {
            throw new IllegalArgumentException(
                    "shift count " + imm + " outside 0.." + (bits - 1) + " for a " + bits + "-bit shift");
        }
        if ((op == DIV || op == MOD) && imm == 0) {
            throw new IllegalArgumentException(op.name().toLowerCase(Locale.ROOT) + " by the immediate 0");
        }
        return put(new Insn((byte) (cls.code() | op.code()), dst, Reg.R0, (short) 0, imm));
    }

    private Asm alu(OpClass cls, AluOp op, Reg dst, Reg src) {
        writable(dst, op.name().toLowerCase(Locale.ROOT));
        return put(new Insn((byte) (cls.code() | op.code() | Insn.SRC_REG), dst, src, (short) 0, 0));
    }

    private Asm jump(OpClass cls, JumpOp op, Reg dst, int imm, Label target) {
        labels.jumpAt(insns.size(), target);
        return put(new Insn((byte) (cls.code() | op.code()), dst, Reg.R0, (short) 0, imm));
    }

    private Asm jump(OpClass cls, JumpOp op, Reg dst, Reg src, Label target) {
        labels.jumpAt(insns.size(), target);
        return put(new Insn((byte) (cls.code() | op.code() | Insn.SRC_REG), dst, src, (short) 0, 0));
    }

    private Asm put(Insn... slots) {
        for (Insn i : slots) insns.add(i);
        return this;
    }

    private static byte opcode(OpClass cls, Mode mode, Size size) {
        return (byte) (cls.code() | mode.code() | size.code());
    }

    private static short offset(int off) {
        if (off != (short) off) throw new IllegalArgumentException("memory offset " + off + " does not fit 16 bits");
        return (short) off;
    }

    private static void writable(Reg dst, String what) {
        if (dst == Reg.R10) {
            throw new IllegalArgumentException(
                    "r10 is the read-only frame pointer: it cannot be the destination of " + what);
        }
    }
}
