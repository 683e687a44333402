package io.taskiter.asm;

/**
 * A jump target in a program under construction: made by {@link Asm#newLabel()}, used by any number of
 * jumps before or after it is placed, placed exactly once with {@link Asm#bind(Label)}. Jump offsets
 * are computed at {@link Asm#build()}, so a label may be bound after the jumps that use it.
 */
public final class Label {
    final Asm owner;
    final int id;

    Label(Asm owner, int id) {
        this.owner = owner;
        this.id = id;
    }

    /** {@return the label's name in error messages, e.g. "L3", numbered in creation order} */
    @Override
    public String toString() {
        return "L" + id;
    }
}
