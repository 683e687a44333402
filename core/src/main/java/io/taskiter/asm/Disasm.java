package io.taskiter.asm;

import java.util.Locale;
import java.util.Objects;

/**
 * Turns eBPF bytecode back into text, in the notation of the kernel verifier's log (and bpftool's
 * {@code xlated} dump), so that a listing can be read next to a verifier complaint:
 *
 * <pre>
 * 0: (79) r2 = *(u64 *)(r1 +8)
 * 1: (15) if r2 == 0x0 goto pc+3
 * 2: (85) call bpf_seq_write#127
 * 3: (95) exit
 * 4: (18) r1 = 0x1234
 * </pre>
 *
 * A 64-bit immediate load is one line numbered by its first slot; the next line's number skips its
 * second. Never throws on content: an opcode or field combination the ISA does not define prints as
 * {@code (xx) unknown}, and bytes past the last whole slot are reported on a final line. Assumes
 * little-endian code, as TaskIter's hosts are.
 */
public final class Disasm {
    private Disasm() {
    }

    /** The fields of one slot, decoded without judging them: register nibbles may exceed 10. */
    private record Raw(int op, int dst, int src, int off, int imm) {
        static Raw at(byte[] code, int slot) {
            int b = slot * Insn.BYTES;
            int off = (short) ((code[b + 2] & 0xff) | code[b + 3] << 8);
            int imm = (code[b + 4] & 0xff) | (code[b + 5] & 0xff) << 8 | (code[b + 6] & 0xff) << 16
                    | code[b + 7] << 24;
            return new Raw(code[b] & 0xff, code[b + 1] & 0x0f, (code[b + 1] & 0xf0) >>> 4, off, imm);
        }

        boolean regSource() {
            return (op & Insn.SRC_REG) != 0;
        }
    }

    /** {@return the listing of {@code code}, one line per instruction, each ending in a newline} */
    public static String of(byte[] code) {
        StringBuilder sb = new StringBuilder();
        int slots = code.length / Insn.BYTES;
        for (int pc = 0; pc < slots; pc++) {
            sb.append(pc).append(": ").append(at(code, pc)).append('\n');
            if ((code[pc * Insn.BYTES] & 0xff) == (Insn.LD_IMM64 & 0xff)) pc++;
        }
        int rest = code.length % Insn.BYTES;
        if (rest != 0) {
            sb.append("; ").append(rest).append(" trailing byte").append(rest == 1 ? "" : "s")
                    .append(" ignored: ").append(code.length).append(" is not a multiple of ").append(Insn.BYTES)
                    .append('\n');
        }
        return sb.toString();
    }

    /** {@return the listing of {@code program}} */
    public static String of(Program program) {
        return of(program.bytes());
    }

    /**
     * {@return the text of the instruction at slot {@code slot}, without its number}, e.g.
     * {@code (bf) r1 = r6}; a 64-bit load reads the next slot too.
     *
     * @throws IndexOutOfBoundsException when {@code slot} is not a whole slot of {@code code}
     */
    public static String at(byte[] code, int slot) {
        Objects.checkIndex(slot, code.length / Insn.BYTES);
        Raw r = Raw.at(code, slot);
        String text = switch (OpClass.ofOpcode(r.op())) {
            case ALU -> alu(r, "w", false);
            case ALU64 -> alu(r, "r", true);
            case JMP -> jump(r, "r", false);
            case JMP32 -> jump(r, "w", true);
            case LDX -> load(r);
            case ST -> store(r, Integer.toString(r.imm()));
            case STX -> Mode.ofOpcode(r.op()) == Mode.ATOMIC ? atomic(r) : store(r, "r" + r.src());
            case LD -> ld(r, code, slot);
        };
        return "(%02x) %s".formatted(r.op(), text == null ? "unknown" : text);
    }

    private static String alu(Raw r, String p, boolean wide) {
        AluOp op = AluOp.ofOpcode(r.op());
        if (op == null) return null;
        String d = p + r.dst();
        String s = r.regSource() ? p + r.src() : Integer.toString(r.imm());
        return switch (op) {
            case NEG -> d + " = -" + d;
            case END -> endian(r, wide);
            case MOV -> r.regSource() && r.off() != 0 ? movsx(r, p) : d + " = " + s;
            case DIV, MOD -> switch (r.off()) {
                case 0 -> d + " " + op.symbol + " " + s;
                case 1 -> d + " s" + op.symbol + " " + s;
                default -> null;
            };
            case ADD, SUB, MUL, OR, AND, LSH, RSH, XOR, ARSH -> d + " " + op.symbol + " " + s;
        };
    }

    /** ALU class: to little- or big-endian by the source bit; ALU64 class: an unconditional swap. */
    private static String endian(Raw r, boolean wide) {
        if (r.imm() != 16 && r.imm() != 32 && r.imm() != 64) return null;
        if (wide && r.regSource()) return null;
        String kind = wide ? "bswap" : r.regSource() ? "be" : "le";
        return "r" + r.dst() + " = " + kind + r.imm() + " r" + r.dst();
    }

    /** A register move whose offset names the width to sign-extend from. */
    private static String movsx(Raw r, String p) {
        boolean wide = p.equals("r");
        if (r.off() != 8 && r.off() != 16 && !(wide && r.off() == 32)) return null;
        return p + r.dst() + " = (s" + r.off() + ")" + p + r.src();
    }

    private static String jump(Raw r, String p, boolean narrow) {
        JumpOp op = JumpOp.ofOpcode(r.op());
        if (op == null) return null;
        boolean x = r.regSource();
        return switch (op) {
            case JA -> x ? null : narrow ? "gotol pc" + signed(r.imm()) : "goto pc" + signed(r.off());
            case CALL -> x || narrow ? null : call(r);
            case EXIT -> x || narrow ? null : "exit";
            case JCOND -> x || narrow ? null : "may_goto pc" + signed(r.off());
            case JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE ->
                    "if " + p + r.dst() + " " + op.symbol + " "
                            + (x ? p + r.src() : "0x" + Integer.toHexString(r.imm())) + " goto pc" + signed(r.off());
        };
    }

    /** The source field says what the immediate names: a helper, a BPF function, or a kernel function. */
    private static String call(Raw r) {
        return switch (r.src()) {
            case 0 -> {
                Helper h = Helper.ofId(r.imm());
                yield "call " + (h == null ? "unknown" : h.kernelName()) + "#" + r.imm();
            }
            case 1 -> "call pc" + signed(r.imm());
            case 2 -> "call kernel-function#" + r.imm();
            default -> null;
        };
    }

    private static String load(Raw r) {
        Mode mode = Mode.ofOpcode(r.op());
        Size size = Size.ofOpcode(r.op());
        if (mode == Mode.MEM) {
            return "r" + r.dst() + " = *(" + size.unsignedName() + " *)" + address(r.src(), r.off());
        }
        if (mode == Mode.MEMSX && size != Size.DW) {
            return "r" + r.dst() + " = *(s" + size.bytes() * 8 + " *)" + address(r.src(), r.off());
        }
        return null;
    }

    private static String store(Raw r, String value) {
        if (Mode.ofOpcode(r.op()) != Mode.MEM) return null;
        return "*(" + Size.ofOpcode(r.op()).unsignedName() + " *)" + address(r.dst(), r.off()) + " = " + value;
    }

    /**
     * The immediate selects the operation; its {@code 0x01} bit returns the old value in the source
     * register. Load-acquire reads through the source register, like a load.
     */
    private static String atomic(Raw r) {
        Size size = Size.ofOpcode(r.op());
        String type = "(" + size.unsignedName() + " *)";
        String mem = type + address(r.dst(), r.off());
        String bits = size == Size.DW ? "64" : "";
        String p = size == Size.DW ? "r" : "w";
        String s = p + r.src();
        boolean word = size == Size.W || size == Size.DW;
        return switch (r.imm()) {
            case 0x00, 0x40, 0x50, 0xa0 ->
                    word ? "lock *" + mem + " " + AluOp.ofOpcode(r.imm()).symbol + " " + s : null;
            case 0x01, 0x41, 0x51, 0xa1 -> word ? s + " = atomic" + bits + "_fetch_"
                    + AluOp.ofOpcode(r.imm()).name().toLowerCase(Locale.ROOT) + "(" + mem + ", " + s + ")" : null;
            case 0xe1 -> word ? s + " = atomic" + bits + "_xchg(" + mem + ", " + s + ")" : null;
            case 0xf1 -> word ? p + "0 = atomic" + bits + "_cmpxchg(" + mem + ", " + p + "0, " + s + ")" : null;
            case 0x100 -> p + r.dst() + " = load_acquire(" + type + address(r.src(), r.off()) + ")";
            case 0x110 -> "store_release(" + mem + ", " + s + ")";
            default -> null;
        };
    }

    /** The immediate loads and the legacy packet loads; only the former survive in modern programs. */
    private static String ld(Raw r, byte[] code, int slot) {
        if (r.op() == (Insn.LD_IMM64 & 0xff)) {
            if (slot + 1 >= code.length / Insn.BYTES) {
                return "r" + r.dst() + " = ld_imm64 lacking its second slot";
            }
            int next = Raw.at(code, slot + 1).imm();
            long value = (long) next << 32 | Integer.toUnsignedLong(r.imm());
            String d = "r" + r.dst() + " = ";
            return switch (r.src()) {
                case 0 -> d + "0x" + Long.toHexString(value);
                case 1 -> d + "map[fd:" + r.imm() + "]";
                case 2 -> d + "map_value[fd:" + r.imm() + "]+" + next;
                case 3 -> d + "btf_var[id:" + r.imm() + "]";
                case 4 -> d + "func[pc" + signed(r.imm()) + "]";
                case 5 -> d + "map[idx:" + r.imm() + "]";
                case 6 -> d + "map_value[idx:" + r.imm() + "]+" + next;
                default -> null;
            };
        }
        Mode mode = Mode.ofOpcode(r.op());
        Size size = Size.ofOpcode(r.op());
        if (size == Size.DW) return null;
        String target = "r0 = *(" + size.unsignedName() + " *)skb[";
        if (mode == Mode.ABS) return target + r.imm() + "]";
        if (mode == Mode.IND) return target + "r" + r.src() + " " + signed(r.imm()) + "]";
        return null;
    }

    private static String address(int base, int off) {
        return "(r" + base + " " + signed(off) + ")";
    }

    private static String signed(int n) {
        return n < 0 ? Integer.toString(n) : "+" + n;
    }
}
