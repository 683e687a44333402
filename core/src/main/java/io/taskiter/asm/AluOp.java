package io.taskiter.asm;

/** The operations of the ALU and ALU64 classes (opcode bits 4-7), declared in encoding order. */
enum AluOp {
    ADD("+="), SUB("-="), MUL("*="), DIV("/="), OR("|="), AND("&="), LSH("<<="), RSH(">>="),
    NEG("neg"), MOD("%="), XOR("^="), MOV("="), ARSH("s>>="), END("endian");

    private static final AluOp[] BY_CODE = values();

    /** The operator as the verifier log prints it between destination and source. */
    final String symbol;

    AluOp(String symbol) {
        this.symbol = symbol;
    }

    int code() {
        return ordinal() << 4;
    }

    /** {@return whether the immediate form takes a shift count, which must fit the operand width} */
    boolean isShift() {
        return this == LSH || this == RSH || this == ARSH;
    }

    /** {@return the operation of an opcode, or null for the two codes the ISA leaves unassigned} */
    static AluOp ofOpcode(int opcode) {
        int i = (opcode & 0xf0) >> 4;
        return i < BY_CODE.length ? BY_CODE[i] : null;
    }
}
