package io.taskiter.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The label bookkeeping of one {@link Asm}: where each label is bound and which jumps wait for it.
 * Offsets are patched only at resolution, so jumps may precede their label's binding.
 */
final class Labels {
    private final Asm owner;
    private final List<Integer> pcs = new ArrayList<>();
    private final List<Fixup> fixups = new ArrayList<>();

    /** A jump at {@code pc} whose offset waits for {@code target}'s position. */
    private record Fixup(int pc, Label target) {
    }

    Labels(Asm owner) {
        this.owner = owner;
    }

    Label create() {
        pcs.add(-1);
        return new Label(owner, pcs.size() - 1);
    }

    void bind(Label label, int pc) {
        int at = pcs.get(owned(label).id);
        if (at >= 0) throw new IllegalStateException("label " + label + " is already bound at insn " + at);
        pcs.set(label.id, pc);
    }

    /** Records that the jump about to be emitted at {@code pc} targets {@code label}. */
    void jumpAt(int pc, Label label) {
        fixups.add(new Fixup(pc, owned(label)));
    }

    /** {@return a copy of {@code insns} with every recorded jump's offset set} */
    List<Insn> resolve(List<Insn> insns) {
        List<Insn> out = new ArrayList<>(insns);
        for (Fixup f : fixups) {
            int to = pcs.get(f.target().id);
            String jump = "the jump at insn " + f.pc() + " to " + f.target();
            if (to < 0) throw new IllegalStateException(jump + ": label never bound");
            if (to == out.size()) {
                throw new IllegalStateException(jump
                        + ": label bound after the last instruction, the jump would leave the program");
            }
            // the kernel counts from the instruction after the jump, in slots
            int off = to - (f.pc() + 1);
            if (off != (short) off) {
                throw new IllegalStateException(jump + " (insn " + to + "): offset " + off + " does not fit 16 bits");
            }
            Insn j = out.get(f.pc());
            out.set(f.pc(), new Insn(j.opcode(), j.dst(), j.src(), (short) off, j.imm()));
        }
        return out;
    }

    private Label owned(Label label) {
        Objects.requireNonNull(label, "label");
        if (label.owner != owner) throw new IllegalArgumentException("label " + label + " belongs to another Asm");
        return label;
    }
}
