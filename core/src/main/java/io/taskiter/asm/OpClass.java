package io.taskiter.asm;

/** The instruction classes: the low three bits of every opcode, declared in encoding order. */
enum OpClass {
    LD, LDX, ST, STX, ALU, JMP, JMP32, ALU64;

    private static final OpClass[] BY_CODE = values();

    int code() {
        return ordinal();
    }

    static OpClass ofOpcode(int opcode) {
        return BY_CODE[opcode & 0x07];
    }
}
