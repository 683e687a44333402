package io.taskiter.btf;

/**
 * The kinds of BTF type record, in the kernel's numbering ({@link #code()}, {@code BTF_KIND_*}).
 * {@link #VOID} is type id 0 only; no record in a blob has that kind.
 */
public enum Kind {
    VOID, INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC,
    FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64;

    private static final Kind[] BY_CODE = values();

    /** {@return the kernel's number of this kind} */
    public int code() {
        return ordinal();
    }

    /** The declaration order above is the kernel's numbering, so the code is an index. */
    static Kind ofCode(int code) {
        return BY_CODE[code];
    }

    static boolean known(int code) {
        return code > 0 && code < BY_CODE.length;
    }
}
