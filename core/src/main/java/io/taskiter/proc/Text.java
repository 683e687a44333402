package io.taskiter.proc;

/** Parsers for the byte text of /proc files; no regex, no Strings on the hot path. */
final class Text {
    private Text() {
    }

    /** {@return the index just after the line starting with {@code key} (e.g. "Uid:"), or -1} */
    static int afterKey(byte[] b, int len, String key) {
        int i = 0;
        while (i < len) {
            if (startsWith(b, i, len, key)) return i + key.length();
            while (i < len && b[i] != '\n') i++;
            i++;
        }
        return -1;
    }

    static boolean startsWith(byte[] b, int at, int len, String key) {
        if (at + key.length() > len) return false;
        for (int k = 0; k < key.length(); k++) {
            if (b[at + k] != (byte) key.charAt(k)) return false;
        }
        return true;
    }

    /** {@return index of the first byte after blanks (space, tab) from {@code i}} */
    static int skipBlanks(byte[] b, int i, int len) {
        while (i < len && (b[i] == ' ' || b[i] == '\t')) i++;
        return i;
    }

    /** Parses a decimal (optionally negative) long at {@code pos[0]}, advancing it. */
    static long decimal(byte[] b, int[] pos, int len) {
        int i = skipBlanks(b, pos[0], len);
        boolean neg = i < len && b[i] == '-';
        if (neg) i++;
        long v = 0;
        int start = i;
        while (i < len && b[i] >= '0' && b[i] <= '9') v = v * 10 + (b[i++] - '0');
        if (i == start) throw new IllegalArgumentException("no number at " + start);
        pos[0] = i;
        return neg ? -v : v;
    }

    /** Parses an octal number at {@code pos[0]}, advancing it. */
    static long octal(byte[] b, int[] pos, int len) {
        int i = skipBlanks(b, pos[0], len);
        long v = 0;
        int start = i;
        while (i < len && b[i] >= '0' && b[i] <= '7') v = v * 8 + (b[i++] - '0');
        if (i == start) throw new IllegalArgumentException("no octal number at " + start);
        pos[0] = i;
        return v;
    }

    /** {@return the last decimal of the line starting at {@code i}} (NSpid: the innermost number) */
    static int lastOnLine(byte[] b, int i, int len) {
        int[] pos = {i};
        long last = -1;
        while (true) {
            int j = skipBlanks(b, pos[0], len);
            if (j >= len || b[j] == '\n') return (int) last;
            pos[0] = j;
            last = decimal(b, pos, len);
        }
    }

    /** {@return the numbers of the line starting at {@code i}} (NSpid, NStgid: outermost first) */
    static int numbersOnLine(byte[] b, int i, int len, int[] out) {
        int[] pos = {i};
        int n = 0;
        while (n < out.length) {
            int j = skipBlanks(b, pos[0], len);
            if (j >= len || b[j] == '\n') break;
            pos[0] = j;
            out[n++] = (int) decimal(b, pos, len);
        }
        return n;
    }

    /** {@return the inode in a namespace link target such as "pid:[4026531836]", or -1} */
    static long nsInode(byte[] b, int len) {
        int i = 0;
        while (i < len && b[i] != '[') i++;
        if (i == len) return -1;
        int[] pos = {i + 1};
        return decimal(b, pos, len);
    }
}
