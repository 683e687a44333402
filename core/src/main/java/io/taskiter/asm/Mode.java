package io.taskiter.asm;

/** The addressing modes of the load and store classes (opcode bits 5-7). */
enum Mode {
    IMM(0x00), ABS(0x20), IND(0x40), MEM(0x60), MEMSX(0x80), ATOMIC(0xc0);

    private final int code;

    Mode(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** {@return the mode of an opcode, or null for the codes the ISA leaves unassigned} */
    static Mode ofOpcode(int opcode) {
        int bits = opcode & 0xe0;
        for (Mode m : values()) {
            if (m.code == bits) return m;
        }
        return null;
    }
}
