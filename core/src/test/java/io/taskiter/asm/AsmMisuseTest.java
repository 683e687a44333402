package io.taskiter.asm;

import static io.taskiter.asm.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the verifier would reject for a reason visible at assembly time fails at the call that did it. */
class AsmMisuseTest {

    static Stream<Arguments> writesToR10() {
        return Stream.of(
                misuse("mov imm", a -> a.mov(R10, 0)),
                misuse("mov reg", a -> a.mov(R10, R1)),
                misuse("add", a -> a.add(R10, 8)),
                misuse("mov32", a -> a.mov32(R10, 0)),
                misuse("xor32 reg", a -> a.xor32(R10, R2)),
                misuse("neg", a -> a.neg(R10)),
                misuse("neg32", a -> a.neg32(R10)),
                misuse("ldx", a -> a.ldx(Size.DW, R10, R1, 0)),
                misuse("ldImm64", a -> a.ldImm64(R10, 1)),
                misuse("ldMapFd", a -> a.ldMapFd(R10, 3)));
    }

    private static Arguments misuse(String name, Consumer<Asm> emit) {
        return Arguments.of(name, emit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writesToR10")
    void writingTheFramePointerIsRefused(String name, Consumer<Asm> emit) {
        Asm a = new Asm();
        assertThatThrownBy(() -> emit.accept(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("r10 is the read-only frame pointer");
        assertThat(a.pc()).isZero();
    }

    @Test
    void theFramePointerMayBeReadAndUsedAsABase() {
        Asm a = new Asm();
        Label end = a.newLabel();
        Program p = a.mov(R1, R10).add(R1, -8).stx(Size.DW, R10, -8, R1).st(Size.W, R10, -12, 0)
                .ldx(Size.DW, R2, R10, -8).atomicAdd(Size.DW, R10, -8, R2).jeq(R10, R1, end)
                .bind(end).exit().build();
        assertThat(p.slots()).isEqualTo(8);
    }

    @Test
    void shiftCountsMustFitTheOperandWidth() {
        Asm a = new Asm();
        assertThatCode(() -> a.lsh(R1, 63).rsh(R1, 0).arsh32(R1, 31)).doesNotThrowAnyException();
        assertThatThrownBy(() -> a.lsh(R1, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shift count 64 outside 0..63 for a 64-bit shift");
        assertThatThrownBy(() -> a.rsh32(R1, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shift count 32 outside 0..31 for a 32-bit shift");
        assertThatThrownBy(() -> a.arsh(R1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void divisionByAZeroImmediateIsRefused() {
        Asm a = new Asm();
        assertThatThrownBy(() -> a.div(R1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("div by the immediate 0");
        assertThatThrownBy(() -> a.mod32(R1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mod by the immediate 0");
        assertThatCode(() -> a.div(R1, R2).mod(R1, -1)).doesNotThrowAnyException();
    }

    @Test
    void memoryOffsetsMustFitSixteenBits() {
        Asm a = new Asm();
        assertThatCode(() -> a.ldx(Size.B, R1, R2, 32767).stx(Size.B, R2, -32768, R1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> a.ldx(Size.W, R1, R2, 32768)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memory offset 32768 does not fit 16 bits");
        assertThatThrownBy(() -> a.st(Size.W, R1, -32769, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.atomicAdd(Size.DW, R1, 1 << 16, R2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atomicAddTakesWordsOnly() {
        assertThatThrownBy(() -> new Asm().atomicAdd(Size.B, R1, 0, R2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("atomic add takes a W or DW operand, not B");
        assertThatThrownBy(() -> new Asm().atomicAdd(Size.H, R1, 0, R2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emitTakesSingleSlotsOnly() {
        Asm a = new Asm();
        a.emit(new Insn((byte) 0xdc, R1, R0, (short) 0, 16));
        assertThat(a.build().bytes()).containsExactly(0xdc, 0x01, 0, 0, 16, 0, 0, 0);
        assertThatThrownBy(() -> a.emit(new Insn(Insn.LD_IMM64, R1, R0, (short) 0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ldImm64");
    }

    @Test
    void aMapLoadNeedsADescriptor() {
        assertThatThrownBy(() -> new Asm().ldMapFd(R1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map file descriptor -1 is negative");
    }

    @Test
    void anEmptyProgramIsRefused() {
        assertThatThrownBy(() -> new Asm().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("empty program");
    }

    @Test
    void aProgramWithATornWideLoadIsRefused() {
        Insn head = new Insn(Insn.LD_IMM64, R1, R0, (short) 0, 1);
        Insn exit = new Insn((byte) 0x95, R0, R0, (short) 0, 0);
        assertThatThrownBy(() -> new Program(List.of(exit, head))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the 64-bit load at insn 1 lacks its second slot");
        assertThatThrownBy(() -> new Program(List.of(head, exit))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the 64-bit load at insn 0 is followed by");
    }
}
