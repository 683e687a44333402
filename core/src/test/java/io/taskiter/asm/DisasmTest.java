package io.taskiter.asm;

import static io.taskiter.asm.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The verifier log's notation for every instruction class. Where a form is newer than what clang 14
 * emits, its bytes come from llvm-mc 19 ({@code -mcpu=v4}).
 */
class DisasmTest {

    @Test
    void listsACompiledProgramLikeTheVerifierLog() {
        assertThat(Disasm.of(AsmGoldenTest.hex(AsmGoldenTest.DUMP_TASK))).isEqualTo("""
                0: (79) r2 = *(u64 *)(r1 +8)
                1: (15) if r2 == 0x0 goto pc+15
                2: (79) r3 = *(u64 *)(r2 +16)
                3: (7b) *(u64 *)(r10 -16) = r3
                4: (61) r3 = *(u32 *)(r2 +0)
                5: (63) *(u32 *)(r10 -8) = r3
                6: (69) r3 = *(u16 *)(r2 +8)
                7: (6b) *(u16 *)(r10 -4) = r3
                8: (71) r2 = *(u8 *)(r2 +10)
                9: (b4) w3 = 7
                10: (73) *(u8 *)(r10 -1) = r3
                11: (73) *(u8 *)(r10 -2) = r2
                12: (79) r1 = *(u64 *)(r1 +0)
                13: (bf) r2 = r10
                14: (07) r2 += -16
                15: (b4) w3 = 16
                16: (85) call bpf_seq_write#127
                17: (b4) w0 = 0
                18: (95) exit
                """);
    }

    @Test
    void aWideLoadIsOneLineAndTheNextNumberSkipsItsSecondSlot() {
        String listing = Disasm.of(AsmGoldenTest.hex(AsmGoldenTest.ALU64));
        assertThat(listing).contains("""
                18: (bf) r0 = r2
                19: (18) r1 = 0x123456789abcdef
                21: (0f) r0 += r1
                22: (95) exit
                """);
    }

    @Test
    void programDisassemblesItsOwnBytes() {
        Asm a = new Asm();
        Label out = a.newLabel();
        Program p = a.ldx(Size.DW, R2, R1, 8).jeq(R2, 0, out).call(Helper.SEQ_WRITE).bind(out).exit()
                .ldImm64(R1, 0x1234).build();
        assertThat(p.disassemble()).isEqualTo("""
                0: (79) r2 = *(u64 *)(r1 +8)
                1: (15) if r2 == 0x0 goto pc+1
                2: (85) call bpf_seq_write#127
                3: (95) exit
                4: (18) r1 = 0x1234
                """);
        assertThat(Disasm.of(p)).isEqualTo(p.disassemble());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiterString = " :: ", textBlock = """
            # ALU (32-bit)
            04 01 00 00 08 00 00 00 :: (04) w1 += 8
            bc 21 00 00 00 00 00 00 :: (bc) w1 = w2
            cc 21 00 00 00 00 00 00 :: (cc) w1 s>>= w2
            84 01 00 00 00 00 00 00 :: (84) w1 = -w1
            94 06 00 00 07 00 00 00 :: (94) w6 %= 7
            3c 21 01 00 00 00 00 00 :: (3c) w1 s/= w2
            bc 21 08 00 00 00 00 00 :: (bc) w1 = (s8)w2
            d4 01 00 00 10 00 00 00 :: (d4) r1 = le16 r1
            dc 01 00 00 20 00 00 00 :: (dc) r1 = be32 r1
            # ALU64
            07 02 00 00 f0 ff ff ff :: (07) r2 += -16
            b7 09 00 00 ff ff ff ff :: (b7) r9 = -1
            bf 61 00 00 00 00 00 00 :: (bf) r1 = r6
            57 01 00 00 00 ff ff ff :: (57) r1 &= -256
            c7 01 00 00 03 00 00 00 :: (c7) r1 s>>= 3
            6f 98 00 00 00 00 00 00 :: (6f) r8 <<= r9
            87 00 00 00 00 00 00 00 :: (87) r0 = -r0
            3f 21 01 00 00 00 00 00 :: (3f) r1 s/= r2
            9f 21 01 00 00 00 00 00 :: (9f) r1 s%= r2
            bf 21 10 00 00 00 00 00 :: (bf) r1 = (s16)r2
            bf 21 20 00 00 00 00 00 :: (bf) r1 = (s32)r2
            d7 01 00 00 10 00 00 00 :: (d7) r1 = bswap16 r1
            # JMP
            05 00 f7 ff 00 00 00 00 :: (05) goto pc-9
            15 02 03 00 00 00 00 00 :: (15) if r2 == 0x0 goto pc+3
            c5 02 01 00 18 fc ff ff :: (c5) if r2 s< 0xfffffc18 goto pc+1
            dd 21 ff ff 00 00 00 00 :: (dd) if r1 s<= r2 goto pc-1
            45 01 01 00 08 00 00 00 :: (45) if r1 & 0x8 goto pc+1
            85 00 00 00 9e 00 00 00 :: (85) call bpf_get_current_task_btf#158
            85 00 00 00 e8 03 00 00 :: (85) call unknown#1000
            85 10 00 00 ff ff ff ff :: (85) call pc-1
            85 20 00 00 05 00 00 00 :: (85) call kernel-function#5
            95 00 00 00 00 00 00 00 :: (95) exit
            e5 00 02 00 00 00 00 00 :: (e5) may_goto pc+2
            # JMP32
            16 03 e7 ff 05 00 00 00 :: (16) if w3 == 0x5 goto pc-25
            ce 21 fe ff 00 00 00 00 :: (ce) if w1 s< w2 goto pc-2
            46 01 01 00 05 00 00 00 :: (46) if w1 & 0x5 goto pc+1
            06 00 00 00 05 00 00 00 :: (06) gotol pc+5
            # LDX
            79 12 08 00 00 00 00 00 :: (79) r2 = *(u64 *)(r1 +8)
            61 a3 fc ff 00 00 00 00 :: (61) r3 = *(u32 *)(r10 -4)
            71 85 00 80 00 00 00 00 :: (71) r5 = *(u8 *)(r8 -32768)
            81 12 08 00 00 00 00 00 :: (81) r2 = *(s32 *)(r1 +8)
            91 12 00 00 00 00 00 00 :: (91) r2 = *(s8 *)(r1 +0)
            # ST
            7a 0a f8 ff 05 00 00 00 :: (7a) *(u64 *)(r10 -8) = 5
            62 01 04 00 ff ff ff ff :: (62) *(u32 *)(r1 +4) = -1
            # STX, plain and atomic
            7b 1a f8 ff 00 00 00 00 :: (7b) *(u64 *)(r10 -8) = r1
            73 76 01 00 00 00 00 00 :: (73) *(u8 *)(r6 +1) = r7
            db 21 00 00 00 00 00 00 :: (db) lock *(u64 *)(r1 +0) += r2
            c3 21 00 00 00 00 00 00 :: (c3) lock *(u32 *)(r1 +0) += w2
            db 21 00 00 40 00 00 00 :: (db) lock *(u64 *)(r1 +0) |= r2
            db 01 00 00 01 00 00 00 :: (db) r0 = atomic64_fetch_add((u64 *)(r1 +0), r0)
            c3 21 00 00 a1 00 00 00 :: (c3) w2 = atomic_fetch_xor((u32 *)(r1 +0), w2)
            db 21 08 00 e1 00 00 00 :: (db) r2 = atomic64_xchg((u64 *)(r1 +8), r2)
            db 21 00 00 f1 00 00 00 :: (db) r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)
            db 12 00 00 00 01 00 00 :: (db) r2 = load_acquire((u64 *)(r1 +0))
            db 21 00 00 10 01 00 00 :: (db) store_release((u64 *)(r1 +0), r2)
            # LD: 64-bit immediates (two slots) and the legacy packet loads
            18 01 00 00 34 12 00 00 00 00 00 00 00 00 00 00 :: (18) r1 = 0x1234
            18 02 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff :: (18) r2 = 0xffffffffffffffff
            18 11 00 00 05 00 00 00 00 00 00 00 00 00 00 00 :: (18) r1 = map[fd:5]
            18 21 00 00 05 00 00 00 00 00 00 00 10 00 00 00 :: (18) r1 = map_value[fd:5]+16
            20 00 00 00 0c 00 00 00 :: (20) r0 = *(u32 *)skb[12]
            48 10 00 00 0e 00 00 00 :: (48) r0 = *(u16 *)skb[r1 +14]
            """)
    void oneInstruction(String hex, String text) {
        assertThat(Disasm.at(AsmGoldenTest.hex(hex), 0)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ff 00 00 00 00 00 00 00 | no class-7 operation 0xf0
            e4 01 00 00 00 00 00 00 | no ALU operation 0xe0
            f5 01 00 00 00 00 00 00 | no JMP operation 0xf0
            00 00 00 00 01 00 00 00 | a stray second slot of a wide load
            8d 00 00 00 00 00 00 00 | call with the register source bit
            9e 00 00 00 00 00 00 00 | exit in the JMP32 class
            0d 00 00 00 00 00 00 00 | goto with the register source bit
            df 01 00 00 10 00 00 00 | byte swap with the register source bit
            d4 01 00 00 0c 00 00 00 | byte swap of 12 bits
            bf 21 07 00 00 00 00 00 | sign-extending move from 7 bits
            bc 21 20 00 00 00 00 00 | 32-bit sign-extending move from 32 bits
            37 01 02 00 05 00 00 00 | division with offset 2
            99 12 00 00 00 00 00 00 | sign-extending load of 64 bits
            ba 01 00 00 00 00 00 00 | immediate store in an unassigned mode
            d3 21 00 00 00 00 00 00 | atomic add of a byte
            db 21 00 00 02 00 00 00 | atomic operation 0x02
            38 00 00 00 00 00 00 00 | packet load of 64 bits
            18 71 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | wide load with pseudo-source 7
            """)
    void undefinedEncodingsPrintAsUnknown(String hex, String why) {
        byte[] code = AsmGoldenTest.hex(hex);
        assertThat(Disasm.at(code, 0)).isEqualTo("(%02x) unknown".formatted(code[0] & 0xff));
    }

    @Test
    void trailingBytesAreReportedNotThrown() {
        byte[] code = AsmGoldenTest.hex("95 00 00 00 00 00 00 00 b7 00 00");
        assertThat(Disasm.of(code)).isEqualTo("""
                0: (95) exit
                ; 3 trailing bytes ignored: 11 is not a multiple of 8
                """);
        assertThat(Disasm.of(new byte[1])).isEqualTo("; 1 trailing byte ignored: 1 is not a multiple of 8\n");
        assertThat(Disasm.of(new byte[0])).isEmpty();
    }

    @Test
    void aWideLoadCutShortIsReported() {
        byte[] code = AsmGoldenTest.hex("b7 00 00 00 00 00 00 00 18 01 00 00 34 12 00 00");
        assertThat(Disasm.of(code)).isEqualTo("""
                0: (b7) r0 = 0
                1: (18) r1 = ld_imm64 lacking its second slot
                """);
    }

    @Test
    void registerNibblesPastTenPrintAsTheyAre() {
        assertThat(Disasm.at(AsmGoldenTest.hex("bf fb 00 00 00 00 00 00"), 0)).isEqualTo("(bf) r11 = r15");
    }

    @Test
    void anInstructionIndexOutsideTheCodeIsAProgrammingError() {
        byte[] code = new byte[12];
        assertThatThrownBy(() -> Disasm.at(code, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Disasm.at(code, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void arbitraryBytesNeverThrow() {
        Random random = new Random(20240601);
        for (int i = 0; i < 20_000; i++) {
            byte[] code = new byte[random.nextInt(41)];
            random.nextBytes(code);
            if (code.length >= 8 && random.nextBoolean()) code[random.nextInt(code.length / 8) * 8] = 0x18;
            assertThatCode(() -> Disasm.of(code)).as("%s", java.util.HexFormat.of().formatHex(code))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyOpcodeByteHasAText() {
        byte[] code = new byte[16];
        for (int op = 0; op < 256; op++) {
            code[0] = (byte) op;
            String text = Disasm.at(code, 0);
            assertThat(text).startsWith("(%02x) ".formatted(op)).hasSizeGreaterThan(5);
        }
    }
}
