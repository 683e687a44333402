package io.taskiter.matrix;

import io.taskiter.OpenFile;
import io.taskiter.Task;

import java.util.List;
import java.util.Objects;

/**
 * Row-by-row, field-by-field equality of two walks, as the engine contract tests expect: every field
 * equal, except the ones that move between two reads of an idle task (cpu times, resident size),
 * which must agree within a tolerance.
 */
final class Same {
    /** 10 clock ticks: an idle workload thread's cpu time hardly moves between the two walks. */
    static final long CPU_NS = 100_000_000L;
    static final long RSS_BYTES = 512 * 1024L;

    private Same() {
    }

    /** {@return null when equal, else what differs first} */
    static String diff(List<?> bpf, List<?> procfs) {
        for (int i = 0; i < Math.min(bpf.size(), procfs.size()); i++) {
            String d = diff(bpf.get(i), procfs.get(i));
            if (d != null) return "row " + i + ": " + d;
        }
        if (bpf.size() != procfs.size()) {
            return "bpf gave " + bpf.size() + " rows, procfs " + procfs.size() + "; first extra: "
                    + (bpf.size() > procfs.size() ? "bpf " + bpf.get(procfs.size()) : "procfs " + procfs.get(bpf.size()));
        }
        return null;
    }

    private static String diff(Object a, Object b) {
        if (a instanceof Task x && b instanceof Task y) {
            if (!Objects.equals(exact(x), exact(y))) return "bpf " + x + " / procfs " + y;
            if (!near(x.utimeNs(), y.utimeNs(), CPU_NS)) return "utime of " + x.tid() + ": " + x.utimeNs() + " / " + y.utimeNs();
            if (!near(x.stimeNs(), y.stimeNs(), CPU_NS)) return "stime of " + x.tid() + ": " + x.stimeNs() + " / " + y.stimeNs();
            if (!near(x.rssBytes(), y.rssBytes(), RSS_BYTES)) return "rss of " + x.tid() + ": " + x.rssBytes() + " / " + y.rssBytes();
            return null;
        }
        if (a instanceof OpenFile x && b instanceof OpenFile y) {
            return x.equals(y) ? null : "bpf " + x + " / procfs " + y;
        }
        return "unexpected rows " + a + " / " + b;
    }

    /** The task without the fields that may move. */
    private static Task exact(Task t) {
        return new Task(t.tid(), t.tgid(), t.ppid(), t.comm(), t.state(), t.uid(), t.gid(), t.euid(), t.egid(),
                t.kthread(), t.threads(), t.startNs(), null, null, null, t.vszBytes(), t.pidns(), t.nstid(),
                t.cgroup(), t.exe());
    }

    private static boolean near(Long a, Long b, long tolerance) {
        if (a == null || b == null) return a == b;
        return Math.abs(a - b) <= tolerance;
    }
}
