package io.taskiter.asm;

import static io.taskiter.asm.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The slot layout of struct bpf_insn, and the small value types around it. */
class AsmInsnTest {

    @Test
    void encodesDestinationInTheLowNibbleAndLittleEndianFields() {
        byte[] out = new byte[10];
        new Insn((byte) 0x7b, R10, R1, (short) -8, 0x01020304).encode(out, 1);
        assertThat(out).containsExactly(0, 0x7b, 0x1a, 0xf8, 0xff, 0x04, 0x03, 0x02, 0x01, 0);
        assertThatThrownBy(() -> new Insn((byte) 0x95, R0, R0, (short) 0, 0).encode(out, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void encodesLittleEndianIntoABigEndianBufferAndAdvancesIt() {
        ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        buf.position(8);
        new Insn((byte) 0xb7, R0, R0, (short) 0, 1).encode(buf);
        assertThat(buf.position()).isEqualTo(16);
        assertThat(buf.array()).endsWith(0xb7, 0, 0, 0, 1, 0, 0, 0);
    }

    @Test
    void decodeInvertsEncodeForEveryGoldenSlot() {
        for (String golden : new String[] {AsmGoldenTest.DUMP_TASK, AsmGoldenTest.ALU64, AsmGoldenTest.JUMPS}) {
            byte[] code = AsmGoldenTest.hex(golden);
            byte[] again = new byte[code.length];
            for (int at = 0; at < code.length; at += Insn.BYTES) {
                Insn.decode(code, at).encode(again, at);
            }
            assertThat(again).isEqualTo(code);
        }
    }

    @Test
    void decodeRefusesRegisterNibblesPastTen() {
        byte[] code = {(byte) 0xbf, (byte) 0xb1, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> Insn.decode(code, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r11");
    }

    @Test
    void wideLoadIsAHeadAndATail() {
        Program p = new Asm().ldImm64(R3, 0xcafebabe_12345678L).exit().build();
        Insn head = p.insns().get(0);
        Insn tail = p.insns().get(1);
        assertThat(head.isWideHead()).isTrue();
        assertThat(head.imm()).isEqualTo(0x12345678);
        assertThat(tail).isEqualTo(new Insn((byte) 0, R0, R0, (short) 0, 0xcafebabe));
        assertThat(tail.isWideHead()).isFalse();
        assertThat(p.slots()).isEqualTo(3);
        assertThat(p.bytes()).hasSize(24);
    }

    @Test
    void mapFdLoadCarriesThePseudoSourceInSrc() {
        Insn head = new Asm().ldMapFd(R1, 7).exit().build().insns().get(0);
        assertThat(head.src().number()).isEqualTo(Insn.PSEUDO_MAP_FD);
        assertThat(head.imm()).isEqualTo(7);
    }

    @Test
    void programIsImmutable() {
        Program p = new Asm().mov(R0, 0).exit().build();
        assertThatThrownBy(() -> p.insns().clear()).isInstanceOf(UnsupportedOperationException.class);
        p.bytes()[0] = 0;
        assertThat(p.bytes()[0]).isEqualTo((byte) 0xb7);
    }

    @Test
    void registersAndHelpersByNumber() {
        assertThat(Reg.of(10)).isEqualTo(R10);
        assertThat(R6).hasToString("r6");
        assertThatThrownBy(() -> Reg.of(11)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Helper.ofId(127)).isEqualTo(Helper.SEQ_WRITE);
        assertThat(Helper.ofId(9999)).isNull();
        assertThat(Helper.GET_CURRENT_TASK_BTF.kernelName()).isEqualTo("bpf_get_current_task_btf");
        assertThat(Helper.D_PATH.id()).isEqualTo(147);
        assertThat(Size.DW.bytes()).isEqualTo(8);
        // the numbers of include/uapi/linux/bpf.h, enum bpf_func_id
        assertThat(new int[] {Helper.MAP_LOOKUP_ELEM.id(), Helper.PROBE_READ.id(), Helper.GET_CURRENT_PID_TGID.id(),
            Helper.PROBE_READ_STR.id(), Helper.PROBE_READ_KERNEL.id(), Helper.PROBE_READ_KERNEL_STR.id(),
            Helper.SEQ_PRINTF.id(), Helper.SEQ_WRITE.id(), Helper.D_PATH.id(), Helper.GET_CURRENT_TASK_BTF.id()})
                .containsExactly(1, 4, 14, 45, 113, 115, 126, 127, 147, 158);
    }
}
