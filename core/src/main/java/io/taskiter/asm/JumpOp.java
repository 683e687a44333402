package io.taskiter.asm;

/** The operations of the JMP and JMP32 classes (opcode bits 4-7), declared in encoding order. */
enum JumpOp {
    JA(""), JEQ("=="), JGT(">"), JGE(">="), JSET("&"), JNE("!="), JSGT("s>"), JSGE("s>="),
    CALL(""), EXIT(""), JLT("<"), JLE("<="), JSLT("s<"), JSLE("s<="), JCOND("");

    private static final JumpOp[] BY_CODE = values();

    /** The comparison as the verifier log prints it; empty for the operations that compare nothing. */
    final String symbol;

    JumpOp(String symbol) {
        this.symbol = symbol;
    }

    int code() {
        return ordinal() << 4;
    }

    /** {@return the operation of an opcode, or null for the one code the ISA leaves unassigned} */
    static JumpOp ofOpcode(int opcode) {
        int i = (opcode & 0xf0) >> 4;
        return i < BY_CODE.length ? BY_CODE[i] : null;
    }
}
