package io.taskiter.cli;

import io.taskiter.Name;

/**
 * Walks a name's bytes as UTF-8, strictly (no overlong forms, no surrogates, nothing above U+10FFFF),
 * handing each character or each byte that is not part of valid UTF-8 to a visitor. An invalid byte is
 * reported alone and decoding resumes at the next byte, which gives the same result as Python's
 * "surrogateescape": every byte of a broken sequence is escaped, nothing valid is swallowed.
 */
final class Utf8 {

    interface Visitor {
        void character(int codePoint);

        void invalidByte(int b);
    }

    private Utf8() {
    }

    static void scan(Name name, Visitor v) {
        byte[] b = name.bytes();
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                v.character(c);
                i++;
                continue;
            }
            int n = sequenceLength(b, i);
            if (n == 0) {
                v.invalidByte(c);
                i++;
                continue;
            }
            int cp = c & (0xff >> (n + 1));
            for (int k = 1; k < n; k++) cp = cp << 6 | (b[i + k] & 0x3f);
            v.character(cp);
            i += n;
        }
    }

    /** {@return the length of the valid sequence starting at {@code i}, or 0 when there is none} */
    private static int sequenceLength(byte[] b, int i) {
        int c = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        // The ranges of the second byte are what rule out overlong forms, surrogates and > U+10FFFF
        // (Unicode 15, table 3-7).
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            if (c == 0xe0) lo = 0xa0;
            if (c == 0xed) hi = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            if (c == 0xf0) lo = 0x90;
            if (c == 0xf4) hi = 0x8f;
        } else {
            return 0;
        }
        if (i + n > b.length) return 0;
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) return 0;
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) return 0;
        }
        return n;
    }

    /**
     * {@return whether a character could act on a terminal or hide what follows}: C0 and C1 controls,
     * DEL, the line and paragraph separators, and the bidirectional overrides that can make a listing read
     * differently from its bytes.
     */
    static boolean isUnsafe(int cp) {
        return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029
                || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    }
}
