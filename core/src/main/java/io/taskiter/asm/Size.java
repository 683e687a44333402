package io.taskiter.asm;

/** The width of a memory access: the kernel's {@code BPF_B}, {@code BPF_H}, {@code BPF_W}, {@code BPF_DW}. */
public enum Size {
    B(0x10, 1), H(0x08, 2), W(0x00, 4), DW(0x18, 8);

    private final int code;
    private final int bytes;

    Size(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** {@return the number of bytes accessed} */
    public int bytes() {
        return bytes;
    }

    /** {@return the size bits of the opcode} */
    int code() {
        return code;
    }

    /** {@return the C type of the access as the verifier log prints it: u8, u16, u32 or u64} */
    String unsignedName() {
        return "u" + bytes * 8;
    }

    /** {@return the size encoded in an opcode's size bits} */
    static Size ofOpcode(int opcode) {
        return switch (opcode & 0x18) {
            case 0x00 -> W;
            case 0x08 -> H;
            case 0x10 -> B;
            default -> DW;
        };
    }
}
