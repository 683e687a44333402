package io.taskiter.cli;

import io.taskiter.Name;
import io.taskiter.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Names a kernel will happily hold and a careless tool would print raw. */
final class Hostile {
    static final Name NEWLINE = Name.of("a\nb");
    static final Name TAB = Name.of("tab\there");
    static final Name QUOTE = Name.of("say \"hi\"");
    static final Name COMMA = Name.of("a,b");
    static final Name BACKSLASH = Name.of("back\\slash");
    static final Name ESCAPE = Name.of("\u001b[31mred");
    static final Name INVALID = Name.of(new byte[] {'x', (byte) 0xff, 'y', (byte) 0xc3});
    static final Name UNICODE = Name.of("h\u00e9llo \u2713\ud83d\ude00");
    static final Name CARRIAGE = Name.of("cr\rhere");
    static final Name C1 = Name.of("csi\u009b2J");
    static final Name EMPTY = Name.of(new byte[0]);
    static final Name LONG_PATH = longPath();

    static final List<Name> ALL = List.of(NEWLINE, TAB, QUOTE, COMMA, BACKSLASH, ESCAPE, INVALID, UNICODE,
            CARRIAGE, C1, EMPTY, LONG_PATH);

    private Hostile() {
    }

    /** 4096 bytes, the size of PATH_MAX, with a newline and a broken byte deep inside. */
    private static Name longPath() {
        byte[] b = new byte[4096];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i % 64 == 0 ? '/' : 'a' + i % 26);
        b[2000] = '\n';
        b[3000] = (byte) 0xfe;
        return Name.of(b);
    }

    /** {@return tasks whose comm is each hostile name, tid 1, 2, ...} */
    static List<Task> tasks() {
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < ALL.size(); i++) out.add(FakeSource.task(i + 1, i + 1, ALL.get(i)));
        return out;
    }

    /** {@return seeded random names of any bytes but NUL}, to shake the escapers */
    static List<Name> random(int count) {
        Random r = new Random(42);
        List<Name> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[1 + r.nextInt(24)];
            for (int k = 0; k < b.length; k++) {
                int v = r.nextInt(4) == 0 ? 0x80 + r.nextInt(0x80) : 1 + r.nextInt(0x7f);
                b[k] = (byte) v;
            }
            out.add(Name.of(b));
        }
        // Sequences at the edges of validity: overlong, surrogate, above U+10FFFF, truncated, valid 4-byte.
        for (int[] seq : new int[][] {{0xc0, 0xaf}, {0xe0, 0x80, 0xaf}, {0xed, 0xa0, 0x80}, {0xf4, 0x90, 0x80, 0x80},
                {0xf0, 0x9f, 0x98}, {0xf0, 0x9f, 0x98, 0x80}, {0xef, 0xbf, 0xbf}, {0xc2, 0x80}}) {
            byte[] b = new byte[seq.length];
            for (int k = 0; k < seq.length; k++) b[k] = (byte) seq[k];
            out.add(Name.of(b));
        }
        return out;
    }
}
