package io.taskiter.bpf;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The binary record of one element: an 8-byte header, the slots asked for (widest first, so every
 * slot is naturally aligned), then the variable part (a path from bpf_d_path), if any.
 *
 * <pre>
 * u16 length   whole record, header included
 * u16 kind     {@link #KIND_ELEMENT} or {@link #KIND_END} (the stop call's marker)
 * s32 varLen   bytes of the variable part including its NUL, or minus the d_path errno
 * </pre>
 */
final class Layout {
    static final int HEADER = 8;
    static final int OFF_LENGTH = 0;
    static final int OFF_KIND = 2;
    static final int OFF_VARLEN = 4;
    static final int KIND_ELEMENT = 0x7431;
    static final int KIND_END = 0x7e4e;
    /** The variable part's room: PATH_MAX, what d_path can produce. */
    static final int VAR_MAX = 4096;

    private final Set<Slot> slots;
    /** Offsets by slot ordinal, -1 for a slot not in the layout: the decoder reads them per field. */
    private final int[] offsets = new int[Slot.values().length];
    final int fixed;
    final boolean variable;

    Layout(Set<Slot> slots, boolean variable) {
        this.slots = Collections.unmodifiableSet(EnumSet.copyOf(slots));
        Arrays.fill(offsets, -1);
        int at = HEADER;
        for (int width : new int[]{16, 8, 4, 0}) {
            for (Slot s : this.slots) {
                if (s.size == width) {
                    offsets[s.ordinal()] = at;
                    at += width;
                }
            }
        }
        this.fixed = (at + 7) & ~7;
        this.variable = variable;
    }

    /** {@return the slots, for telling layouts apart} */
    Set<Slot> slots() {
        return slots;
    }

    boolean has(Slot s) {
        return offsets[s.ordinal()] >= 0;
    }

    int offset(Slot s) {
        int o = offsets[s.ordinal()];
        if (o < 0) throw new IllegalStateException("slot not in layout: " + s);
        return o;
    }

    /** {@return the largest record: the scratch buffer's size} */
    int maxRecord() {
        return fixed + (variable ? VAR_MAX : 0);
    }
}
