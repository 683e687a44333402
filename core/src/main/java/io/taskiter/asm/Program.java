package io.taskiter.asm;

import java.util.List;

/**
 * An assembled eBPF program, ready for {@code BPF_PROG_LOAD}: one {@link Insn} per 8-byte slot, jump
 * offsets resolved. Immutable.
 *
 * @param insns the slots in order; a 64-bit immediate load contributes its head and its tail
 */
public record Program(List<Insn> insns) {

    /**
     * Checks that every 64-bit immediate load is whole: its head followed by a tail slot with opcode 0,
     * no registers and no offset, since the kernel rejects a program with a torn pair.
     *
     * @throws IllegalArgumentException naming the slot of a torn pair
     */
    public Program {
        insns = List.copyOf(insns);
        for (int pc = 0; pc < insns.size(); pc++) {
            if (!insns.get(pc).isWideHead()) continue;
            pc++;
            if (pc == insns.size()) {
                throw new IllegalArgumentException("the 64-bit load at insn " + (pc - 1) + " lacks its second slot");
            }
            Insn tail = insns.get(pc);
            if (tail.opcode() != 0 || tail.dst() != Reg.R0 || tail.src() != Reg.R0 || tail.off() != 0) {
                throw new IllegalArgumentException("the 64-bit load at insn " + (pc - 1)
                        + " is followed by " + tail + ", not by its second slot");
            }
        }
    }

    /** {@return the number of 8-byte slots, the instruction count the kernel sees} */
    public int slots() {
        return insns.size();
    }

    /** {@return the encoded program, {@link Insn#BYTES} bytes per slot; a fresh copy on each call} */
    public byte[] bytes() {
        byte[] out = new byte[insns.size() * Insn.BYTES];
        for (int i = 0; i < insns.size(); i++) {
            insns.get(i).encode(out, i * Insn.BYTES);
        }
        return out;
    }

    /** {@return the program as the verifier log lists it, one numbered line per instruction} */
    public String disassemble() {
        return Disasm.of(bytes());
    }
}
