package io.taskiter.asm;

import static io.taskiter.asm.Reg.*;
import static io.taskiter.asm.Size.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden bytes from LLVM, the reference eBPF toolchain. The section listings come from
 * {@code src/test/resources/asm/golden.c} compiled by clang 19 ({@code -O2 -target bpf -mcpu=v3}); the
 * single forms from {@code forms.s} and the jump listing from {@code jumps.s}, assembled by llvm-mc 19
 * ({@code -triple=bpfel -mcpu=v4}). Each comment is llvm-objdump's reading of the slot. Every test
 * rebuilds the same sequence with {@link Asm}; the bytes must match exactly.
 */
class AsmGoldenTest {

    static final String DUMP_TASK = String.join("\n",
            "79 12 08 00 00 00 00 00", //  0: r2 = *(u64 *)(r1 + 0x8)
            "15 02 0f 00 00 00 00 00", //  1: if r2 == 0x0 goto +0xf
            "79 23 10 00 00 00 00 00", //  2: r3 = *(u64 *)(r2 + 0x10)
            "7b 3a f0 ff 00 00 00 00", //  3: *(u64 *)(r10 - 0x10) = r3
            "61 23 00 00 00 00 00 00", //  4: r3 = *(u32 *)(r2 + 0x0)
            "63 3a f8 ff 00 00 00 00", //  5: *(u32 *)(r10 - 0x8) = r3
            "69 23 08 00 00 00 00 00", //  6: r3 = *(u16 *)(r2 + 0x8)
            "6b 3a fc ff 00 00 00 00", //  7: *(u16 *)(r10 - 0x4) = r3
            "71 22 0a 00 00 00 00 00", //  8: r2 = *(u8 *)(r2 + 0xa)
            "b4 03 00 00 07 00 00 00", //  9: w3 = 0x7
            "73 3a ff ff 00 00 00 00", // 10: *(u8 *)(r10 - 0x1) = r3
            "73 2a fe ff 00 00 00 00", // 11: *(u8 *)(r10 - 0x2) = r2
            "79 11 00 00 00 00 00 00", // 12: r1 = *(u64 *)(r1 + 0x0)
            "bf a2 00 00 00 00 00 00", // 13: r2 = r10
            "07 02 00 00 f0 ff ff ff", // 14: r2 += -0x10
            "b4 03 00 00 10 00 00 00", // 15: w3 = 0x10
            "85 00 00 00 7f 00 00 00", // 16: call 0x7f
            "b4 00 00 00 00 00 00 00", // 17: w0 = 0x0
            "95 00 00 00 00 00 00 00"); // 18: exit

    static final String ALU64 = String.join("\n",
            "bf 34 00 00 00 00 00 00", //  0: r4 = r3
            "77 04 00 00 03 00 00 00", //  1: r4 >>= 0x3
            "37 03 00 00 0a 00 00 00", //  2: r3 /= 0xa
            "1f 43 00 00 00 00 00 00", //  3: r3 -= r4
            "27 01 00 00 03 00 00 00", //  4: r1 *= 0x3
            "0f 21 00 00 00 00 00 00", //  5: r1 += r2
            "bf 24 00 00 00 00 00 00", //  6: r4 = r2
            "67 04 00 00 07 00 00 00", //  7: r4 <<= 0x7
            "4f 41 00 00 00 00 00 00", //  8: r1 |= r4
            "57 01 00 00 00 ff ff ff", //  9: r1 &= -0x100
            "0f 13 00 00 00 00 00 00", // 10: r3 += r1
            "c7 03 00 00 02 00 00 00", // 11: r3 s>>= 0x2
            "6d 23 01 00 00 00 00 00", // 12: if r3 s> r2 goto +0x1
            "b7 02 00 00 01 00 00 00", // 13: r2 = 0x1
            "2f 32 00 00 00 00 00 00", // 14: r2 *= r3
            "bf 20 00 00 00 00 00 00", // 15: r0 = r2
            "87 00 00 00 00 00 00 00", // 16: r0 = -r0
            "c5 02 01 00 18 fc ff ff", // 17: if r2 s< -0x3e8 goto +0x1
            "bf 20 00 00 00 00 00 00", // 18: r0 = r2
            "18 01 00 00 ef cd ab 89", // 19: r1 = 0x123456789abcdef ll
            "00 00 00 00 67 45 23 01", // 20: (second slot)
            "0f 10 00 00 00 00 00 00", // 21: r0 += r1
            "95 00 00 00 00 00 00 00"); // 22: exit

    static final String ALU32 = String.join("\n",
            "bc 13 00 00 00 00 00 00", //  0: w3 = w1
            "04 03 00 00 11 00 00 00", //  1: w3 += 0x11
            "2c 23 00 00 00 00 00 00", //  2: w3 *= w2
            "bc 14 00 00 00 00 00 00", //  3: w4 = w1
            "74 04 00 00 05 00 00 00", //  4: w4 >>= 0x5
            "ac 43 00 00 00 00 00 00", //  5: w3 ^= w4
            "bc 24 00 00 00 00 00 00", //  6: w4 = w2
            "64 04 00 00 03 00 00 00", //  7: w4 <<= 0x3
            "4c 43 00 00 00 00 00 00", //  8: w3 |= w4
            "bc 24 00 00 00 00 00 00", //  9: w4 = w2
            "26 03 01 00 e8 03 00 00", // 10: if w3 > 0x3e8 goto +0x1
            "b4 04 00 00 00 00 00 00", // 11: w4 = 0x0
            "1c 43 00 00 00 00 00 00", // 12: w3 -= w4
            "bc 30 00 00 00 00 00 00", // 13: w0 = w3
            "54 00 00 00 ff 0f 00 00", // 14: w0 &= 0xfff
            "1e 21 01 00 00 00 00 00", // 15: if w1 == w2 goto +0x1
            "bc 30 00 00 00 00 00 00", // 16: w0 = w3
            "44 02 00 00 01 00 00 00", // 17: w2 |= 0x1
            "3c 20 00 00 00 00 00 00", // 18: w0 /= w2
            "94 00 00 00 07 00 00 00", // 19: w0 %= 0x7
            "95 00 00 00 00 00 00 00"); // 20: exit

    static final String LOOP = String.join("\n",
            "bf 27 00 00 00 00 00 00", //  0: r7 = r2
            "bf 16 00 00 00 00 00 00", //  1: r6 = r1
            "b7 08 00 00 00 00 00 00", //  2: r8 = 0x0
            "85 00 00 00 0e 00 00 00", //  3: call 0xe
            "bf 71 00 00 00 00 00 00", //  4: r1 = r7
            "0f 81 00 00 00 00 00 00", //  5: r1 += r8
            "73 81 00 00 00 00 00 00", //  6: *(u8 *)(r1 + 0x0) = r8
            "71 11 08 00 00 00 00 00", //  7: r1 = *(u8 *)(r1 + 0x8)
            "16 01 04 00 00 00 00 00", //  8: if w1 == 0x0 goto +0x4
            "b4 01 00 00 08 00 00 00", //  9: w1 = 0x8
            "07 08 00 00 01 00 00 00", // 10: r8 += 0x1
            "15 08 02 00 08 00 00 00", // 11: if r8 == 0x8 goto +0x2
            "05 00 f7 ff 00 00 00 00", // 12: goto -0x9
            "bc 81 00 00 00 00 00 00", // 13: w1 = w8
            "6b 07 10 00 00 00 00 00", // 14: *(u16 *)(r7 + 0x10) = r0
            "7b 07 18 00 00 00 00 00", // 15: *(u64 *)(r7 + 0x18) = r0
            "77 00 00 00 20 00 00 00", // 16: r0 >>= 0x20
            "63 07 14 00 00 00 00 00", // 17: *(u32 *)(r7 + 0x14) = r0
            "b7 02 00 00 01 00 00 00", // 18: r2 = 0x1
            "db 26 00 00 00 00 00 00", // 19: lock *(u64 *)(r6 + 0x0) += r2
            "bc 10 00 00 00 00 00 00", // 20: w0 = w1
            "95 00 00 00 00 00 00 00"); // 21: exit

    static final String PROBE = String.join("\n",
            "bf 13 00 00 00 00 00 00", //  0: r3 = r1
            "b4 01 00 00 00 00 00 00", //  1: w1 = 0x0
            "63 1a f4 ff 00 00 00 00", //  2: *(u32 *)(r10 - 0xc) = r1
            "07 03 00 00 18 00 00 00", //  3: r3 += 0x18
            "bf a1 00 00 00 00 00 00", //  4: r1 = r10
            "07 01 00 00 f8 ff ff ff", //  5: r1 += -0x8
            "b4 02 00 00 08 00 00 00", //  6: w2 = 0x8
            "85 00 00 00 71 00 00 00", //  7: call 0x71
            "bf 01 00 00 00 00 00 00", //  8: r1 = r0
            "b4 00 00 00 ff ff ff ff", //  9: w0 = -0x1
            "55 01 0a 00 00 00 00 00", // 10: if r1 != 0x0 goto +0xa
            "79 a3 f8 ff 00 00 00 00", // 11: r3 = *(u64 *)(r10 - 0x8)
            "07 03 00 00 04 00 00 00", // 12: r3 += 0x4
            "bf a1 00 00 00 00 00 00", // 13: r1 = r10
            "07 01 00 00 f4 ff ff ff", // 14: r1 += -0xc
            "b4 02 00 00 04 00 00 00", // 15: w2 = 0x4
            "85 00 00 00 71 00 00 00", // 16: call 0x71
            "bf 01 00 00 00 00 00 00", // 17: r1 = r0
            "b4 00 00 00 fe ff ff ff", // 18: w0 = -0x2
            "c5 01 01 00 00 00 00 00", // 19: if r1 s< 0x0 goto +0x1
            "61 a0 f4 ff 00 00 00 00", // 20: r0 = *(u32 *)(r10 - 0xc)
            "95 00 00 00 00 00 00 00"); // 21: exit

    static final String JUMPS = String.join("\n",
            "15 01 2e 00 05 00 00 00", //  0: if r1 == 0x5 goto +0x2e
            "1d 21 2d 00 00 00 00 00", //  1: if r1 == r2 goto +0x2d
            "55 01 2c 00 05 00 00 00", //  2: if r1 != 0x5 goto +0x2c
            "5d 21 2b 00 00 00 00 00", //  3: if r1 != r2 goto +0x2b
            "25 01 2a 00 05 00 00 00", //  4: if r1 > 0x5 goto +0x2a
            "2d 21 29 00 00 00 00 00", //  5: if r1 > r2 goto +0x29
            "35 01 28 00 05 00 00 00", //  6: if r1 >= 0x5 goto +0x28
            "3d 21 27 00 00 00 00 00", //  7: if r1 >= r2 goto +0x27
            "a5 01 26 00 05 00 00 00", //  8: if r1
            "ad 21 25 00 00 00 00 00", //  9: if r1
            "b5 01 24 00 05 00 00 00", // 10: if r1
            "bd 21 23 00 00 00 00 00", // 11: if r1
            "65 01 22 00 fb ff ff ff", // 12: if r1 s> -0x5 goto +0x22
            "6d 21 21 00 00 00 00 00", // 13: if r1 s> r2 goto +0x21
            "75 01 20 00 fb ff ff ff", // 14: if r1 s>= -0x5 goto +0x20
            "7d 21 1f 00 00 00 00 00", // 15: if r1 s>= r2 goto +0x1f
            "c5 01 1e 00 fb ff ff ff", // 16: if r1 s< -0x5 goto +0x1e
            "cd 21 1d 00 00 00 00 00", // 17: if r1 s< r2 goto +0x1d
            "d5 01 1c 00 fb ff ff ff", // 18: if r1 s<= -0x5 goto +0x1c
            "dd 21 1b 00 00 00 00 00", // 19: if r1 s<= r2 goto +0x1b
            "45 01 1a 00 08 00 00 00", // 20: if r1 & 0x8 goto +0x1a
            "4d 21 19 00 00 00 00 00", // 21: if r1 & r2 goto +0x19
            "18 03 00 00 00 00 00 00", // 22: r3 = 0x100000000 ll
            "00 00 00 00 01 00 00 00", // 23: (second slot)
            "16 03 e7 ff 05 00 00 00", // 24: if w3 == 0x5 goto -0x19
            "1e 43 e6 ff 00 00 00 00", // 25: if w3 == w4 goto -0x1a
            "56 03 e5 ff 05 00 00 00", // 26: if w3 != 0x5 goto -0x1b
            "5e 43 e4 ff 00 00 00 00", // 27: if w3 != w4 goto -0x1c
            "26 03 e3 ff 05 00 00 00", // 28: if w3 > 0x5 goto -0x1d
            "2e 43 e2 ff 00 00 00 00", // 29: if w3 > w4 goto -0x1e
            "36 03 e1 ff 05 00 00 00", // 30: if w3 >= 0x5 goto -0x1f
            "3e 43 e0 ff 00 00 00 00", // 31: if w3 >= w4 goto -0x20
            "a6 03 df ff 05 00 00 00", // 32: if w3
            "ae 43 de ff 00 00 00 00", // 33: if w3
            "b6 03 dd ff 05 00 00 00", // 34: if w3
            "be 43 dc ff 00 00 00 00", // 35: if w3
            "66 03 db ff fb ff ff ff", // 36: if w3 s> -0x5 goto -0x25
            "6e 43 da ff 00 00 00 00", // 37: if w3 s> w4 goto -0x26
            "76 03 d9 ff fb ff ff ff", // 38: if w3 s>= -0x5 goto -0x27
            "7e 43 d8 ff 00 00 00 00", // 39: if w3 s>= w4 goto -0x28
            "c6 03 d7 ff fb ff ff ff", // 40: if w3 s< -0x5 goto -0x29
            "ce 43 d6 ff 00 00 00 00", // 41: if w3 s< w4 goto -0x2a
            "d6 03 d5 ff fb ff ff ff", // 42: if w3 s<= -0x5 goto -0x2b
            "de 43 d4 ff 00 00 00 00", // 43: if w3 s<= w4 goto -0x2c
            "46 03 d3 ff 08 00 00 00", // 44: if w3 & 0x8 goto -0x2d
            "4e 43 d2 ff 00 00 00 00", // 45: if w3 & w4 goto -0x2e
            "05 00 d1 ff 00 00 00 00", // 46: goto -0x2f
            "05 00 00 00 00 00 00 00", // 47: goto +0x0
            "b7 00 00 00 00 00 00 00", // 48: r0 = 0x0
            "95 00 00 00 00 00 00 00"); // 49: exit

    static byte[] hex(String slots) {
        return HexFormat.of().parseHex(slots.replaceAll("\\s", ""));
    }

    private static void assertEncodes(Asm a, String golden) {
        Program p = a.build();
        assertThat(HexFormat.ofDelimiter(" ").formatHex(p.bytes()))
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(hex(golden)));
        assertThat(p.slots()).isEqualTo(hex(golden).length / Insn.BYTES);
    }

    @Test
    void taskDumpWithLoadsStoresAndHelperCall() {
        Asm a = new Asm();
        Label out = a.newLabel();
        a.ldx(DW, R2, R1, 8).jeq(R2, 0, out)
                .ldx(DW, R3, R2, 16).stx(DW, R10, -16, R3)
                .ldx(W, R3, R2, 0).stx(W, R10, -8, R3)
                .ldx(H, R3, R2, 8).stx(H, R10, -4, R3)
                .ldx(B, R2, R2, 10).mov32(R3, 7).stx(B, R10, -1, R3).stx(B, R10, -2, R2)
                .ldx(DW, R1, R1, 0).mov(R2, R10).add(R2, -16).mov32(R3, 16).call(Helper.SEQ_WRITE)
                .bind(out).mov32(R0, 0).exit();
        assertEncodes(a, DUMP_TASK);
    }

    @Test
    void alu64WithImmediatesRegistersAndWideConstant() {
        Asm a = new Asm();
        Label mul = a.newLabel();
        Label wide = a.newLabel();
        a.mov(R4, R3).rsh(R4, 3).div(R3, 10).sub(R3, R4).mul(R1, 3).add(R1, R2)
                .mov(R4, R2).lsh(R4, 7).or(R1, R4).and(R1, -256).add(R3, R1).arsh(R3, 2)
                .jsgt(R3, R2, mul).mov(R2, 1)
                .bind(mul).mul(R2, R3).mov(R0, R2).neg(R0)
                .jslt(R2, -1000, wide).mov(R0, R2)
                .bind(wide).ldImm64(R1, 0x123456789abcdefL).add(R0, R1).exit();
        assertEncodes(a, ALU64);
    }

    @Test
    void alu32AndJmp32() {
        Asm a = new Asm();
        Label sub = a.newLabel();
        Label div = a.newLabel();
        a.mov32(R3, R1).add32(R3, 17).mul32(R3, R2).mov32(R4, R1).rsh32(R4, 5).xor32(R3, R4)
                .mov32(R4, R2).lsh32(R4, 3).or32(R3, R4).mov32(R4, R2)
                .jgt32(R3, 1000, sub).mov32(R4, 0)
                .bind(sub).sub32(R3, R4).mov32(R0, R3).and32(R0, 0xfff)
                .jeq32(R1, R2, div).mov32(R0, R3)
                .bind(div).or32(R2, 1).div32(R0, R2).mod32(R0, 7).exit();
        assertEncodes(a, ALU32);
    }

    @Test
    void loopWithBackwardJumpStoresAndAtomicAdd() {
        Asm a = new Asm();
        Label top = a.newLabel();
        Label brk = a.newLabel();
        Label done = a.newLabel();
        a.mov(R7, R2).mov(R6, R1).mov(R8, 0).call(Helper.GET_CURRENT_PID_TGID)
                .bind(top).mov(R1, R7).add(R1, R8).stx(B, R1, 0, R8).ldx(B, R1, R1, 8)
                .jeq32(R1, 0, brk).mov32(R1, 8).add(R8, 1).jeq(R8, 8, done).ja(top)
                .bind(brk).mov32(R1, R8)
                .bind(done).stx(H, R7, 16, R0).stx(DW, R7, 24, R0).rsh(R0, 32).stx(W, R7, 20, R0)
                .mov(R2, 1).atomicAdd(DW, R6, 0, R2).mov32(R0, R1).exit();
        assertEncodes(a, LOOP);
    }

    @Test
    void probeReadChainWithTwoJumpsToOneLabel() {
        Asm a = new Asm();
        Label out = a.newLabel();
        a.mov(R3, R1).mov32(R1, 0).stx(W, R10, -12, R1).add(R3, 24)
                .mov(R1, R10).add(R1, -8).mov32(R2, 8).call(Helper.PROBE_READ_KERNEL)
                .mov(R1, R0).mov32(R0, -1).jne(R1, 0, out)
                .ldx(DW, R3, R10, -8).add(R3, 4).mov(R1, R10).add(R1, -12).mov32(R2, 4)
                .call(Helper.PROBE_READ_KERNEL)
                .mov(R1, R0).mov32(R0, -2).jslt(R1, 0, out).ldx(W, R0, R10, -12)
                .bind(out).exit();
        assertEncodes(a, PROBE);
    }

    @Test
    void everyConditionalJumpForwardAndBackwardAcrossAWideLoad() {
        Asm a = new Asm();
        Label back = a.newLabel();
        Label fwd = a.newLabel();
        Label self = a.newLabel();
        a.bind(back)
                .jeq(R1, 5, fwd).jeq(R1, R2, fwd).jne(R1, 5, fwd).jne(R1, R2, fwd)
                .jgt(R1, 5, fwd).jgt(R1, R2, fwd).jge(R1, 5, fwd).jge(R1, R2, fwd)
                .jlt(R1, 5, fwd).jlt(R1, R2, fwd).jle(R1, 5, fwd).jle(R1, R2, fwd)
                .jsgt(R1, -5, fwd).jsgt(R1, R2, fwd).jsge(R1, -5, fwd).jsge(R1, R2, fwd)
                .jslt(R1, -5, fwd).jslt(R1, R2, fwd).jsle(R1, -5, fwd).jsle(R1, R2, fwd)
                .jset(R1, 8, fwd).jset(R1, R2, fwd)
                .ldImm64(R3, 0x100000000L)
                .jeq32(R3, 5, back).jeq32(R3, R4, back).jne32(R3, 5, back).jne32(R3, R4, back)
                .jgt32(R3, 5, back).jgt32(R3, R4, back).jge32(R3, 5, back).jge32(R3, R4, back)
                .jlt32(R3, 5, back).jlt32(R3, R4, back).jle32(R3, 5, back).jle32(R3, R4, back)
                .jsgt32(R3, -5, back).jsgt32(R3, R4, back).jsge32(R3, -5, back).jsge32(R3, R4, back)
                .jslt32(R3, -5, back).jslt32(R3, R4, back).jsle32(R3, -5, back).jsle32(R3, R4, back)
                .jset32(R3, 8, back).jset32(R3, R4, back)
                .ja(back)
                .bind(fwd).ja(self)
                .bind(self).mov(R0, 0).exit();
        assertEncodes(a, JUMPS);
    }

    @Test
    void mapFdLoadSetsThePseudoSourceAndTakesTwoSlots() {
        // not expressible in llvm-mc: BPF_LD_MAP_FD(BPF_REG_1, 5) is opcode 0x18, src 1 (BPF_PSEUDO_MAP_FD),
        // dst 1, imm 5, then a zero second slot (instruction-set.rst, "64-bit immediate instructions")
        Asm a = new Asm().ldMapFd(R1, 5).exit();
        assertEncodes(a, "18 11 00 00 05 00 00 00 00 00 00 00 00 00 00 00 95 00 00 00 00 00 00 00");
    }

    static Stream<Arguments> forms() {
        return Stream.of(
                form("r1 = 0", "b7 01 00 00 00 00 00 00", a -> a.mov(R1, 0)),
                form("r9 = -1", "b7 09 00 00 ff ff ff ff", a -> a.mov(R9, -1)),
                form("r1 += 8", "07 01 00 00 08 00 00 00", a -> a.add(R1, 8)),
                form("r2 -= 3", "17 02 00 00 03 00 00 00", a -> a.sub(R2, 3)),
                form("r3 *= 7", "27 03 00 00 07 00 00 00", a -> a.mul(R3, 7)),
                form("r4 /= 10", "37 04 00 00 0a 00 00 00", a -> a.div(R4, 10)),
                form("r5 %= 6", "97 05 00 00 06 00 00 00", a -> a.mod(R5, 6)),
                form("r6 &= 255", "57 06 00 00 ff 00 00 00", a -> a.and(R6, 255)),
                form("r7 |= 4096", "47 07 00 00 00 10 00 00", a -> a.or(R7, 4096)),
                form("r8 ^= -1", "a7 08 00 00 ff ff ff ff", a -> a.xor(R8, -1)),
                form("r9 <<= 63", "67 09 00 00 3f 00 00 00", a -> a.lsh(R9, 63)),
                form("r0 >>= 1", "77 00 00 00 01 00 00 00", a -> a.rsh(R0, 1)),
                form("r1 s>>= 3", "c7 01 00 00 03 00 00 00", a -> a.arsh(R1, 3)),
                form("r1 = r6", "bf 61 00 00 00 00 00 00", a -> a.mov(R1, R6)),
                form("r2 += r3", "0f 32 00 00 00 00 00 00", a -> a.add(R2, R3)),
                form("r4 -= r5", "1f 54 00 00 00 00 00 00", a -> a.sub(R4, R5)),
                form("r6 *= r7", "2f 76 00 00 00 00 00 00", a -> a.mul(R6, R7)),
                form("r8 /= r9", "3f 98 00 00 00 00 00 00", a -> a.div(R8, R9)),
                form("r0 %= r1", "9f 10 00 00 00 00 00 00", a -> a.mod(R0, R1)),
                form("r2 &= r3", "5f 32 00 00 00 00 00 00", a -> a.and(R2, R3)),
                form("r4 |= r5", "4f 54 00 00 00 00 00 00", a -> a.or(R4, R5)),
                form("r6 ^= r7", "af 76 00 00 00 00 00 00", a -> a.xor(R6, R7)),
                form("r8 <<= r9", "6f 98 00 00 00 00 00 00", a -> a.lsh(R8, R9)),
                form("r0 >>= r1", "7f 10 00 00 00 00 00 00", a -> a.rsh(R0, R1)),
                form("r2 s>>= r3", "cf 32 00 00 00 00 00 00", a -> a.arsh(R2, R3)),
                form("r4 = -r4", "87 04 00 00 00 00 00 00", a -> a.neg(R4)),
                form("w1 = 7", "b4 01 00 00 07 00 00 00", a -> a.mov32(R1, 7)),
                form("w2 += 17", "04 02 00 00 11 00 00 00", a -> a.add32(R2, 17)),
                form("w3 -= 1", "14 03 00 00 01 00 00 00", a -> a.sub32(R3, 1)),
                form("w4 *= 3", "24 04 00 00 03 00 00 00", a -> a.mul32(R4, 3)),
                form("w5 /= 2", "34 05 00 00 02 00 00 00", a -> a.div32(R5, 2)),
                form("w6 %= 7", "94 06 00 00 07 00 00 00", a -> a.mod32(R6, 7)),
                form("w7 &= 4095", "54 07 00 00 ff 0f 00 00", a -> a.and32(R7, 4095)),
                form("w8 |= 1", "44 08 00 00 01 00 00 00", a -> a.or32(R8, 1)),
                form("w9 ^= 255", "a4 09 00 00 ff 00 00 00", a -> a.xor32(R9, 255)),
                form("w0 <<= 31", "64 00 00 00 1f 00 00 00", a -> a.lsh32(R0, 31)),
                form("w1 >>= 5", "74 01 00 00 05 00 00 00", a -> a.rsh32(R1, 5)),
                form("w2 s>>= 4", "c4 02 00 00 04 00 00 00", a -> a.arsh32(R2, 4)),
                form("w1 = w2", "bc 21 00 00 00 00 00 00", a -> a.mov32(R1, R2)),
                form("w3 += w4", "0c 43 00 00 00 00 00 00", a -> a.add32(R3, R4)),
                form("w5 -= w6", "1c 65 00 00 00 00 00 00", a -> a.sub32(R5, R6)),
                form("w7 *= w8", "2c 87 00 00 00 00 00 00", a -> a.mul32(R7, R8)),
                form("w9 /= w0", "3c 09 00 00 00 00 00 00", a -> a.div32(R9, R0)),
                form("w1 %= w2", "9c 21 00 00 00 00 00 00", a -> a.mod32(R1, R2)),
                form("w3 &= w4", "5c 43 00 00 00 00 00 00", a -> a.and32(R3, R4)),
                form("w5 |= w6", "4c 65 00 00 00 00 00 00", a -> a.or32(R5, R6)),
                form("w7 ^= w8", "ac 87 00 00 00 00 00 00", a -> a.xor32(R7, R8)),
                form("w9 <<= w0", "6c 09 00 00 00 00 00 00", a -> a.lsh32(R9, R0)),
                form("w1 >>= w2", "7c 21 00 00 00 00 00 00", a -> a.rsh32(R1, R2)),
                form("w3 s>>= w4", "cc 43 00 00 00 00 00 00", a -> a.arsh32(R3, R4)),
                form("w5 = -w5", "84 05 00 00 00 00 00 00", a -> a.neg32(R5)),
                form("r2 = *(u64 *)(r1 + 8)", "79 12 08 00 00 00 00 00", a -> a.ldx(DW, R2, R1, 8)),
                form("r3 = *(u32 *)(r10 - 4)", "61 a3 fc ff 00 00 00 00", a -> a.ldx(W, R3, R10, -4)),
                form("r4 = *(u16 *)(r9 + 32767)", "69 94 ff 7f 00 00 00 00", a -> a.ldx(H, R4, R9, 32767)),
                form("r5 = *(u8 *)(r8 - 32768)", "71 85 00 80 00 00 00 00", a -> a.ldx(B, R5, R8, -32768)),
                form("*(u64 *)(r10 - 8) = r1", "7b 1a f8 ff 00 00 00 00", a -> a.stx(DW, R10, -8, R1)),
                form("*(u32 *)(r2 + 4) = r3", "63 32 04 00 00 00 00 00", a -> a.stx(W, R2, 4, R3)),
                form("*(u16 *)(r4 + 2) = r5", "6b 54 02 00 00 00 00 00", a -> a.stx(H, R4, 2, R5)),
                form("*(u8 *)(r6 + 1) = r7", "73 76 01 00 00 00 00 00", a -> a.stx(B, R6, 1, R7)),
                form("*(u64 *)(r10 - 16) = 0", "7a 0a f0 ff 00 00 00 00", a -> a.st(DW, R10, -16, 0)),
                form("*(u32 *)(r1 + 0) = -1", "62 01 00 00 ff ff ff ff", a -> a.st(W, R1, 0, -1)),
                form("*(u16 *)(r2 + 6) = 65535", "6a 02 06 00 ff ff 00 00", a -> a.st(H, R2, 6, 65535)),
                form("*(u8 *)(r3 + 7) = 42", "72 03 07 00 2a 00 00 00", a -> a.st(B, R3, 7, 42)),
                form("lock *(u64 *)(r1 + 0) += r2", "db 21 00 00 00 00 00 00", a -> a.atomicAdd(DW, R1, 0, R2)),
                form("lock *(u32 *)(r3 + 8) += w4", "c3 43 08 00 00 00 00 00", a -> a.atomicAdd(W, R3, 8, R4)),
                form("r1 = 4660 ll", "18 01 00 00 34 12 00 00 00 00 00 00 00 00 00 00", a -> a.ldImm64(R1, 0x1234)),
                form("r2 = -1 ll", "18 02 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff", a -> a.ldImm64(R2, -1)),
                form("r0 = 1311768467463790320 ll", "18 00 00 00 f0 de bc 9a 00 00 00 00 78 56 34 12",
                        a -> a.ldImm64(R0, 0x123456789abcdef0L)),
                form("call 127", "85 00 00 00 7f 00 00 00", a -> a.call(Helper.SEQ_WRITE)),
                form("call 158", "85 00 00 00 9e 00 00 00", a -> a.call(158)),
                form("exit", "95 00 00 00 00 00 00 00", a -> a.exit()));
    }

    private static Arguments form(String llvm, String golden, Consumer<Asm> emit) {
        return Arguments.of(llvm, golden, emit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void singleForm(String llvm, String golden, Consumer<Asm> emit) {
        Asm a = new Asm();
        emit.accept(a);
        assertEncodes(a, golden);
    }
}
