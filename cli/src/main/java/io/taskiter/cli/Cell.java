package io.taskiter.cli;

import io.taskiter.Name;

/**
 * One field's value in a row, typed just enough for every format to render it without knowing which
 * field it came from: the formats switch over these kinds, the columns decide the kind.
 */
sealed interface Cell {

    /** How the table shows a number; the machine formats only care whether it is unsigned. */
    enum Style { DECIMAL, UNSIGNED, OCTAL, BYTES, NANOS }

    record Num(long value, Style style) implements Cell {
        /** {@return the decimal digits, reading the bits as unsigned where the kernel type is} */
        String decimal() {
            return style == Style.UNSIGNED ? Long.toUnsignedString(value) : Long.toString(value);
        }
    }

    record Flag(boolean value) implements Cell {
    }

    /** A token the program makes up (a state letter, a type, a device): known not to need escaping. */
    record Word(String value) implements Cell {
    }

    /** Bytes from the kernel: anything but NUL, so every format escapes them. */
    record Text(Name value) implements Cell {
    }

    /** Not asked for, or not obtainable: never shown as a made-up value. */
    record Absent() implements Cell {
    }

    Absent ABSENT = new Absent();

    static Cell num(Integer v) {
        return v == null ? ABSENT : new Num(v, Style.DECIMAL);
    }

    /** For kernel u32 values (uid_t, gid_t, open flags) that Java holds in a signed int. */
    static Cell u32(Integer v, Style style) {
        return v == null ? ABSENT : new Num(Integer.toUnsignedLong(v), style);
    }

    static Cell num(Long v, Style style) {
        return v == null ? ABSENT : new Num(v, style);
    }

    static Cell flag(Boolean v) {
        return v == null ? ABSENT : new Flag(v);
    }

    static Cell word(Object v) {
        return v == null ? ABSENT : new Word(v.toString());
    }

    static Cell text(Name v) {
        return v == null ? ABSENT : new Text(v);
    }

    /** A cgroup path arrives as a String; as bytes it takes the same escaping road as every name. */
    static Cell text(String v) {
        return v == null ? ABSENT : new Text(Name.of(v));
    }
}
