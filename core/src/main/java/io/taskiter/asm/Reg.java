package io.taskiter.asm;

/**
 * The eleven eBPF registers. On entry R1 holds the program's context; R1 to R5 carry helper arguments
 * and are clobbered by calls, R6 to R9 survive calls, R0 holds results, and R10 is the read-only frame
 * pointer (the top of the 512-byte stack), which {@link Asm} refuses as a destination.
 */
public enum Reg {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    private static final Reg[] BY_NUMBER = values();

    /** {@return the register's number, as encoded in an instruction's register nibble} */
    public int number() {
        return ordinal();
    }

    /**
     * {@return the register of that number}
     *
     * @throws IllegalArgumentException for a number outside 0 to 10
     */
    public static Reg of(int number) {
        if (number < 0 || number >= BY_NUMBER.length) {
            throw new IllegalArgumentException("no eBPF register r" + number + ": registers are r0 to r10");
        }
        return BY_NUMBER[number];
    }

    /** {@return the name the verifier log uses, e.g. "r6"} */
    @Override
    public String toString() {
        return "r" + ordinal();
    }
}
