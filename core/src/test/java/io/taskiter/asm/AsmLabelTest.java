package io.taskiter.asm;

import static io.taskiter.asm.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Jump offsets count slots from the instruction after the jump, whatever the order of use and binding. */
class AsmLabelTest {

    private static short offAt(Program p, int pc) {
        return p.insns().get(pc).off();
    }

    @Test
    void forwardJumpSkipsTheSlotsBetween() {
        Asm a = new Asm();
        Label skip = a.newLabel();
        Program p = a.jeq(R1, 0, skip).mov(R0, 1).mov(R0, 2).bind(skip).exit().build();
        assertThat(offAt(p, 0)).isEqualTo((short) 2);
    }

    @Test
    void backwardJumpIsNegative() {
        Asm a = new Asm();
        Label top = a.newLabel();
        Program p = a.bind(top).add(R1, 1).jlt(R1, 10, top).exit().build();
        assertThat(offAt(p, 1)).isEqualTo((short) -2);
    }

    @Test
    void jumpToItselfIsMinusOne() {
        Asm a = new Asm();
        Label self = a.newLabel();
        Program p = a.bind(self).ja(self).build();
        assertThat(offAt(p, 0)).isEqualTo((short) -1);
    }

    @Test
    void jumpToTheNextInstructionIsZero() {
        Asm a = new Asm();
        Label next = a.newLabel();
        Program p = a.ja(next).bind(next).exit().build();
        assertThat(offAt(p, 0)).isZero();
    }

    @Test
    void labelBoundAtTheLastInstruction() {
        Asm a = new Asm();
        Label end = a.newLabel();
        Program p = a.jne(R1, R2, end).mov(R0, 0).ja(end).mov(R0, 1).bind(end).exit().build();
        assertThat(offAt(p, 0)).isEqualTo((short) 3);
        assertThat(offAt(p, 2)).isEqualTo((short) 1);
        assertThat(p.slots()).isEqualTo(5);
    }

    @Test
    void labelBoundAfterTheLastInstructionIsRefused() {
        Asm a = new Asm();
        Label end = a.newLabel();
        a.jeq(R1, 0, end).exit().bind(end);
        assertThatThrownBy(a::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("insn 0").hasMessageContaining("L0")
                .hasMessageContaining("after the last instruction");
        a.mov(R0, 0).exit();
        assertThat(offAt(a.build(), 0)).isEqualTo((short) 1);
    }

    @Test
    void wideLoadBetweenJumpAndLabelCountsTwoSlots() {
        Asm a = new Asm();
        Label after = a.newLabel();
        Program p = a.jeq(R1, 0, after).ldImm64(R2, 0x1122334455667788L).bind(after).exit().build();
        assertThat(offAt(p, 0)).isEqualTo((short) 2);
        assertThat(p.slots()).isEqualTo(4);
        assertThat(p.insns().get(3).code()).isEqualTo(0x95);
    }

    @Test
    void backwardJumpOverWideLoadsCountsTwoSlotsEach() {
        Asm a = new Asm();
        Label top = a.newLabel();
        Program p = a.bind(top).ldImm64(R2, 1).ldMapFd(R1, 3).jsge32(R2, R3, top).exit().build();
        assertThat(offAt(p, 4)).isEqualTo((short) -5);
        assertThat(a.pc()).isEqualTo(6);
    }

    @Test
    void manyJumpsShareOneLabelBoundBetweenThem() {
        Asm a = new Asm();
        Label mid = a.newLabel();
        Program p = a.jset(R1, 1, mid).jset32(R1, R2, mid).bind(mid).mov(R0, 0).ja(mid).build();
        assertThat(offAt(p, 0)).isEqualTo((short) 1);
        assertThat(offAt(p, 1)).isEqualTo((short) 0);
        assertThat(offAt(p, 3)).isEqualTo((short) -2);
    }

    @Test
    void unusedLabelsNeedNoBinding() {
        Asm a = new Asm();
        a.newLabel();
        Label bound = a.newLabel();
        assertThat(a.bind(bound).exit().build().slots()).isEqualTo(1);
    }

    @Test
    void usedLabelNeverBoundFailsAtBuild() {
        Asm a = new Asm();
        a.newLabel();
        Label missing = a.newLabel();
        a.mov(R0, 0).jgt(R0, 3, missing).exit();
        assertThatThrownBy(a::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("the jump at insn 1 to L1: label never bound");
    }

    @Test
    void labelBoundTwiceFailsAtTheSecondBind() {
        Asm a = new Asm();
        Label l = a.newLabel();
        a.bind(l).exit();
        assertThatThrownBy(() -> a.bind(l)).isInstanceOf(IllegalStateException.class)
                .hasMessage("label L0 is already bound at insn 0");
    }

    @Test
    void labelOfAnotherBuilderIsRefused() {
        Label foreign = new Asm().newLabel();
        Asm a = new Asm();
        assertThatThrownBy(() -> a.ja(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another Asm");
        assertThatThrownBy(() -> a.bind(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.ja(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void offsetsAtTheEdgesOfSixteenBits() {
        Asm a = new Asm();
        Label far = a.newLabel();
        a.ja(far);
        for (int i = 0; i < Short.MAX_VALUE; i++) a.mov(R0, i);
        Program p = a.bind(far).exit().build();
        assertThat(offAt(p, 0)).isEqualTo(Short.MAX_VALUE);

        Asm b = new Asm();
        Label top = b.newLabel();
        b.bind(top);
        for (int i = 0; i < -Short.MIN_VALUE - 1; i++) b.mov(R0, i);
        Program q = b.ja(top).exit().build();
        assertThat(offAt(q, q.slots() - 2)).isEqualTo(Short.MIN_VALUE);
    }

    @Test
    void offsetsPastSixteenBitsFailAtBuild() {
        Asm a = new Asm();
        Label far = a.newLabel();
        a.jeq(R1, 0, far);
        for (int i = 0; i <= Short.MAX_VALUE; i++) a.mov(R0, i);
        a.bind(far).exit();
        assertThatThrownBy(a::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("the jump at insn 0 to L0 (insn 32769): offset 32768 does not fit 16 bits");

        Asm b = new Asm();
        Label top = b.newLabel();
        b.bind(top);
        for (int i = 0; i < -Short.MIN_VALUE; i++) b.mov(R0, i);
        b.ja(top).exit();
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("offset -32769");
    }

    @Test
    void buildingTwiceKeepsTheFirstProgram() {
        Asm a = new Asm();
        Label end = a.newLabel();
        a.jeq(R1, 0, end).bind(end).exit();
        Program first = a.build();
        a.mov(R0, 1).exit();
        Program second = a.build();
        assertThat(first.slots()).isEqualTo(2);
        assertThat(second.slots()).isEqualTo(4);
        assertThat(second.insns().subList(0, 2)).isEqualTo(first.insns());
    }
}
