package io.taskiter.proc;

import io.taskiter.Name;
import io.taskiter.Query;
import io.taskiter.Task;
import io.taskiter.TaskField;
import io.taskiter.TaskState;
import io.taskiter.internal.sys.RawFiles;

import java.util.HashMap;
import java.util.Map;

import static io.taskiter.TaskField.*;

/**
 * Reads one task's fields from /proc/TGID/task/TID: {@code stat} and {@code status} once each, and
 * only the files the wanted fields need.
 */
final class TaskReader {
    /** USER_HZ: the unit of /proc's clock ticks, fixed at 100 by the kernel's ABI on every arch. */
    static final long NS_PER_TICK = 1_000_000_000L / 100;
    private static final long PF_KTHREAD = 0x00200000L;

    private final Query<?> q;
    private final PidView view;
    private final RawFiles io;
    private final ProcPath path;
    private final long pageSize;
    private final byte[] buf = new byte[64 * 1024];
    private final byte[] link = new byte[4097];
    private final int[] nums = new int[64];
    private final int[] pos = new int[1];
    private final Map<Integer, Integer> localParent = new HashMap<>();
    private final boolean wantStat;
    private final boolean wantStatus;

    /** Numbers of the last task read, in the view's namespace. */
    int localTid;
    int localTgid;

    TaskReader(Query<?> q, PidView view, RawFiles io, ProcPath path, long pageSize) {
        this.q = q;
        this.view = view;
        this.io = io;
        this.path = path;
        this.pageSize = pageSize;
        wantStat = wantsAny(PPID, COMM, STATE, KTHREAD, THREADS, START_NS, UTIME_NS, STIME_NS, RSS_BYTES,
                VSZ_BYTES);
        wantStatus = !view.isCaller() || wantsAny(UID, GID, EUID, EGID, NSTID);
    }

    private boolean wantsAny(TaskField... fs) {
        for (TaskField f : fs) {
            if (q.wants(f)) return true;
        }
        return false;
    }

    /**
     * Whether the task is seen in the view, setting {@link #localTid} and {@link #localTgid}; reads the
     * task's status only when the view needs it.
     */
    boolean locate(int tgid, int tid) {
        if (view.isCaller()) {
            localTid = tid;
            localTgid = tgid;
            return true;
        }
        int n = io.read(path.task(tgid, tid).str("/status").b, path.len, buf);
        return n >= 0 && locate(tgid, tid, n);
    }

    private boolean locate(int tgid, int tid, int n) {
        int at = Text.afterKey(buf, n, "NSpid:");
        int at2 = Text.afterKey(buf, n, "NStgid:");
        if (at < 0 || at2 < 0) return false;
        int levels = Text.numbersOnLine(buf, at, n, nums);
        if (levels <= view.depth) return false;
        localTid = nums[view.depth];
        Text.numbersOnLine(buf, at2, n, nums);
        localTgid = nums[view.depth];
        int l = io.readlink(path.task(tgid, tid).str("/ns/pid").b, path.len, link);
        if (l < 0) return false;
        return view.contains(Text.nsInode(link, l), levels, tgid, tid, io, path);
    }

    /** {@return the task, or null when it is gone or not seen in the view} */
    Task read(int tgid, int tid) {
        Integer uid = null, gid = null, euid = null, egid = null, nstid = null;
        if (wantStatus) {
            int n = io.read(path.task(tgid, tid).str("/status").b, path.len, buf);
            if (n < 0) return null;
            if (view.isCaller()) {
                localTid = tid;
                localTgid = tgid;
            } else if (!locate(tgid, tid, n)) {
                return null;
            }
            int at = Text.afterKey(buf, n, "Uid:");
            if (at >= 0) {
                Text.numbersOnLine(buf, at, n, nums);
                uid = nums[0];
                euid = nums[1];
            }
            at = Text.afterKey(buf, n, "Gid:");
            if (at >= 0) {
                Text.numbersOnLine(buf, at, n, nums);
                gid = nums[0];
                egid = nums[1];
            }
            at = Text.afterKey(buf, n, "NSpid:");
            if (at >= 0) nstid = Text.lastOnLine(buf, at, n);
        } else {
            localTid = tid;
            localTgid = tgid;
        }
        int tidOut = localTid, tgidOut = localTgid;

        Integer ppid = null, threads = null;
        Name comm = null;
        TaskState state = null;
        Boolean kthread = null;
        Long start = null, utime = null, stime = null, rss = null, vsz = null;
        if (wantStat) {
            int n = io.read(path.task(tgid, tid).str("/stat").b, path.len, buf);
            if (n < 0) return null;
            int open = indexOf(buf, 0, n, (byte) '(');
            int close = lastIndexOf(buf, n, (byte) ')');
            if (open < 0 || close < open) return null;
            comm = Name.of(buf, open + 1, close);
            state = TaskState.ofLetter((char) buf[close + 2]);
            pos[0] = close + 3;
            long[] f = new long[25];
            for (int k = 4; k <= 24; k++) f[k] = Text.decimal(buf, pos, n);
            int globalPpid = (int) f[4];
            ppid = view.isCaller() ? globalPpid : localParent(globalPpid);
            kthread = (f[9] & PF_KTHREAD) != 0;
            utime = f[14] * NS_PER_TICK;
            stime = f[15] * NS_PER_TICK;
            threads = (int) f[20];
            start = f[22] * NS_PER_TICK;
            if (!kthread) {
                vsz = f[23];
                rss = f[24] * pageSize;
            }
        }
        // a task may vanish between two of its files: a read that fails with "gone" after the first
        // ones succeeded means the record would be half-read, unless the task is still there
        boolean maybeGone = false;
        Long pidns = null;
        if (q.wants(PIDNS)) {
            int l = io.readlink(path.task(tgid, tid).str("/ns/pid").b, path.len, link);
            if (l >= 0) pidns = Text.nsInode(link, l);
            maybeGone |= gone(l);
        }
        String cgroup = null;
        if (q.wants(CGROUP)) {
            int n = io.read(path.task(tgid, tid).str("/cgroup").b, path.len, buf);
            maybeGone |= gone(n);
            int at = n < 0 ? -1 : Text.afterKey(buf, n, "0::");
            if (at >= 0) {
                int end = indexOf(buf, at, n, (byte) '\n');
                cgroup = new String(buf, at, (end < 0 ? n : end) - at, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        Name exe = null;
        if (q.wants(EXE)) {
            int l = io.readlink(path.task(tgid, tid).str("/exe").b, path.len, link);
            if (l >= 0) exe = Name.of(link, 0, l);
            else if (l == -36 /* ENAMETOOLONG: longer than PATH_MAX */) exe = Name.truncated(link, 0, 0);
            // ENOENT is also the answer for a task without memory (a kernel thread, a zombie)
            else maybeGone |= gone(l) && !Boolean.TRUE.equals(kthread);
        }
        if (maybeGone && io.read(path.task(tgid, tid).str("/stat").b, path.len, buf) < 0) return null;
        return new Task(tidOut, tgidOut, q.wants(PPID) ? ppid : null, q.wants(COMM) ? comm : null,
                q.wants(STATE) ? state : null, q.wants(UID) ? uid : null, q.wants(GID) ? gid : null,
                q.wants(EUID) ? euid : null, q.wants(EGID) ? egid : null,
                q.wants(KTHREAD) ? kthread : null, q.wants(THREADS) ? threads : null,
                q.wants(START_NS) ? start : null, q.wants(UTIME_NS) ? utime : null,
                q.wants(STIME_NS) ? stime : null, q.wants(RSS_BYTES) ? rss : null,
                q.wants(VSZ_BYTES) ? vsz : null, pidns, q.wants(NSTID) ? nstid : null, cgroup, exe);
    }

    /** {@return whether a read's result says the task is gone} (ENOENT, ESRCH) */
    private static boolean gone(int result) {
        return result == -2 || result == -3;
    }

    /** The parent's number in the view, 0 when it lies outside (as inside a container). */
    private int localParent(int globalPpid) {
        if (globalPpid == 0) return 0;
        Integer known = localParent.get(globalPpid);
        if (known != null) return known;
        int saveTid = localTid, saveTgid = localTgid;
        int local = 0;
        int n = io.read(path.pid(globalPpid).str("/status").b, path.len, link);
        if (n >= 0) {
            int at = Text.afterKey(link, n, "NSpid:");
            int at2 = Text.afterKey(link, n, "NStgid:");
            if (at >= 0 && at2 >= 0) {
                int levels = Text.numbersOnLine(link, at, n, nums);
                if (levels > view.depth) {
                    Text.numbersOnLine(link, at2, n, nums);
                    int candidate = nums[view.depth];
                    int l = io.readlink(path.pid(globalPpid).str("/ns/pid").b, path.len, link);
                    if (l >= 0 && view.contains(Text.nsInode(link, l), levels, globalPpid, globalPpid, io, path)) {
                        local = candidate;
                    }
                }
            }
        }
        localTid = saveTid;
        localTgid = saveTgid;
        localParent.put(globalPpid, local);
        return local;
    }

    static int indexOf(byte[] b, int from, int len, byte c) {
        for (int i = from; i < len; i++) {
            if (b[i] == c) return i;
        }
        return -1;
    }

    static int lastIndexOf(byte[] b, int len, byte c) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == c) return i;
        }
        return -1;
    }
}
