package io.taskiter.proc;

import java.nio.charset.StandardCharsets;

/** Builds /proc paths as bytes without making Strings: a walk builds several per task. */
final class ProcPath {
    private final byte[] root;
    final byte[] b = new byte[4096];
    int len;

    ProcPath(String procRoot) {
        this.root = procRoot.getBytes(StandardCharsets.UTF_8);
    }

    ProcPath root() {
        System.arraycopy(root, 0, b, 0, root.length);
        len = root.length;
        return this;
    }

    /** /proc/TGID/task/TID */
    ProcPath task(int tgid, int tid) {
        return root().slash().num(tgid).str("/task/").num(tid);
    }

    /** /proc/N */
    ProcPath pid(int n) {
        return root().slash().num(n);
    }

    ProcPath slash() {
        b[len++] = '/';
        return this;
    }

    ProcPath str(String s) {
        for (int i = 0; i < s.length(); i++) b[len++] = (byte) s.charAt(i);
        return this;
    }

    ProcPath num(int v) {
        if (v < 0) throw new IllegalArgumentException("negative: " + v);
        int start = len;
        do {
            b[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        return this;
    }

    /** {@return a mark to truncate back to} */
    int mark() {
        return len;
    }

    ProcPath reset(int mark) {
        len = mark;
        return this;
    }

    @Override
    public String toString() {
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }
}
