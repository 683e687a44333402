package io.taskiter.bpf;

import java.util.EnumMap;
import java.util.Map;
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

    private final Map<Slot, Integer> offsets = new EnumMap<>(Slot.class);
    final int fixed;
    final boolean variable;

    Layout(Set<Slot> slots, boolean variable) {
        int at = HEADER;
        for (int width : new int[]{16, 8, 4, 0}) {
            for (Slot s : slots) {
                if (s.size == width) {
                    offsets.put(s, at);
                    at += width;
                }
            }
        }
        this.fixed = (at + 7) & ~7;
        this.variable = variable;
    }

    /** {@return the slots, for telling layouts apart} */
    java.util.Set<Slot> slots() {
        return java.util.Collections.unmodifiableSet(offsets.keySet());
    }

    boolean has(Slot s) {
        return offsets.containsKey(s);
    }

    int offset(Slot s) {
        Integer o = offsets.get(s);
        if (o == null) throw new IllegalStateException("slot not in layout: " + s);
        return o;
    }

    /** {@return the largest record: the scratch buffer's size} */
    int maxRecord() {
        return fixed + (variable ? VAR_MAX : 0);
    }
}
