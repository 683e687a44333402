package io.taskiter.bpf;

import io.taskiter.Device;
import io.taskiter.FileType;
import io.taskiter.Name;
import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.Task;
import io.taskiter.TaskState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static io.taskiter.FileField.*;
import static io.taskiter.TaskField.*;

/**
 * Turns the programs' binary records into {@link Task} and {@link OpenFile}, computing what /proc
 * computes from the raw kernel values (the state letter, adjusted cpu times, clock-tick resolution),
 * so that both engines give equal records for equal host state.
 */
final class Decoder {
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** USER_HZ: /proc reports times in 1/100 s, and so does this engine, so the records are equal. */
    static final long NS_PER_TICK = 10_000_000L;
    private static final int PF_KTHREAD = 0x00200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int ENAMETOOLONG = 36;

    private final Layout layout;
    private final long pageSize;
    private final CgroupPaths cgroups;

    /** Which fields the query wants, by field ordinal: asked once per record and field. */
    private final boolean[] wants;

    Decoder(Layout layout, Query<?> q, long pageSize, CgroupPaths cgroups) {
        this.layout = layout;
        this.pageSize = pageSize;
        this.cgroups = cgroups;
        this.wants = new boolean[Math.max(io.taskiter.TaskField.values().length, io.taskiter.FileField.values().length)];
        for (io.taskiter.Field f : q.fields()) wants[((Enum<?>) f).ordinal()] = true;
    }

    private boolean wants(io.taskiter.TaskField f) {
        return wants[f.ordinal()];
    }

    private boolean wants(io.taskiter.FileField f) {
        return wants[f.ordinal()];
    }

    static int length(byte[] b, int at) {
        return Short.toUnsignedInt((short) U16.get(b, at + Layout.OFF_LENGTH));
    }

    static int kind(byte[] b, int at) {
        return Short.toUnsignedInt((short) U16.get(b, at + Layout.OFF_KIND));
    }

    private int u32(byte[] b, int at, Slot s) {
        return (int) I32.get(b, at + layout.offset(s));
    }

    /** {@return the slot's value, or null when the query did not ask for the field or the kernel lacks it} */
    private Integer i32(byte[] b, int at, boolean wanted, Slot s) {
        return wanted && layout.has(s) ? u32(b, at, s) : null;
    }

    private Long i64(byte[] b, int at, boolean wanted, Slot s) {
        return wanted && layout.has(s) ? u64(b, at, s) : null;
    }

    private long u64(byte[] b, int at, Slot s) {
        return (long) I64.get(b, at + layout.offset(s));
    }

    int tid(byte[] b, int at) {
        return u32(b, at, Slot.TID);
    }

    int callerTid(byte[] b, int at) {
        return u32(b, at, Slot.CTID);
    }

    Task task(byte[] b, int at) {
        int tid = u32(b, at, Slot.TID);
        int tgid = u32(b, at, Slot.TGID);
        Integer flags = layout.has(Slot.FLAGS) ? u32(b, at, Slot.FLAGS) : null;
        boolean kthread = flags != null && (flags & PF_KTHREAD) != 0;
        boolean hasMm = layout.has(Slot.HAS_MM) && u32(b, at, Slot.HAS_MM) != 0;
        Long utime = null, stime = null;
        if (layout.has(Slot.SUM_EXEC)) {
            long[] ut = adjustedCputime(u64(b, at, Slot.UTIME), u64(b, at, Slot.STIME), u64(b, at, Slot.SUM_EXEC),
                    u64(b, at, Slot.PREV_UTIME), u64(b, at, Slot.PREV_STIME));
            utime = ticks(ut[0]);
            stime = ticks(ut[1]);
        }
        Long rss = null, vsz = null;
        if (!kthread && layout.has(Slot.HAS_MM)) {
            vsz = hasMm && layout.has(Slot.TOTAL_VM) ? u64(b, at, Slot.TOTAL_VM) * pageSize : 0L;
            rss = hasMm && layout.has(Slot.RSS_FILE) ? (positive(u64(b, at, Slot.RSS_FILE)) + positive(u64(b, at, Slot.RSS_ANON))
                    + positive(u64(b, at, Slot.RSS_SHMEM))) * pageSize : 0L;
        }
        return new Task(tid, tgid,
                i32(b, at, wants(PPID), Slot.PPID),
                wants(COMM) && layout.has(Slot.COMM) ? name(b, at) : null,
                wants(STATE) && layout.has(Slot.STATE) ? state(u32(b, at, Slot.STATE), u32(b, at, Slot.EXIT_STATE)) : null,
                i32(b, at, wants(UID), Slot.UID),
                i32(b, at, wants(GID), Slot.GID),
                i32(b, at, wants(EUID), Slot.EUID),
                i32(b, at, wants(EGID), Slot.EGID),
                wants(KTHREAD) && flags != null ? kthread : null,
                i32(b, at, wants(THREADS), Slot.THREADS),
                wants(START_NS) && layout.has(Slot.START) ? ticks(u64(b, at, Slot.START)) : null,
                wants(UTIME_NS) ? utime : null,
                wants(STIME_NS) ? stime : null,
                wants(RSS_BYTES) && layout.has(Slot.RSS_FILE) ? rss : null,
                wants(VSZ_BYTES) && layout.has(Slot.TOTAL_VM) ? vsz : null,
                wants(PIDNS) && layout.has(Slot.PIDNS) ? Integer.toUnsignedLong(u32(b, at, Slot.PIDNS)) : null,
                i32(b, at, wants(NSTID), Slot.NSTID),
                wants(CGROUP) && layout.has(Slot.CGROUP_ID) ? cgroups.path(u64(b, at, Slot.CGROUP_ID)) : null,
                wants(EXE) && layout.has(Slot.VAR_KIND) && u32(b, at, Slot.VAR_KIND) == TaskNames.EXE
                        ? variablePart(b, at) : null);
    }

    OpenFile file(byte[] b, int at) {
        int fd = u32(b, at, Slot.FD);
        Integer flags = null;
        if (layout.has(Slot.FILE_FLAGS)) {
            flags = u32(b, at, Slot.FILE_FLAGS);
            if ((u64(b, at, Slot.CLOEXEC_WORD) & (1L << (fd & 63))) != 0) flags |= O_CLOEXEC;
        }
        Name path = wants(PATH) ? variablePart(b, at) : null;
        return new OpenFile(u32(b, at, Slot.TGID), u32(b, at, Slot.TID), fd,
                layout.has(Slot.MODE) ? FileType.ofMode(u32(b, at, Slot.MODE) & 0xffff) : null,
                path,
                flags,
                i64(b, at, true, Slot.POS),
                i64(b, at, true, Slot.INODE),
                layout.has(Slot.DEV) ? Device.ofKernel(Integer.toUnsignedLong(u32(b, at, Slot.DEV))) : null,
                i64(b, at, true, Slot.SIZE));
    }

    /**
     * The path bpf_d_path wrote; varLen counts its NUL, and is 0 (no file) or minus d_path's errno.
     * ENAMETOOLONG: the path is longer than the buffer (PATH_MAX, as readlink of /proc), and d_path
     * writes none of it: a truncated name, never a silently absent one.
     */
    private Name variablePart(byte[] b, int at) {
        if (!layout.variable) return null;
        int varLen = (int) I32.get(b, at + Layout.OFF_VARLEN);
        if (varLen == -ENAMETOOLONG) return Name.truncated(b, 0, 0);
        return varLen > 0 ? Name.of(b, at + layout.fixed, at + layout.fixed + varLen - 1) : null;
    }

    /** The name /proc shows: comm, or a kernel thread's fuller name (see {@link TaskNames}). */
    private Name name(byte[] b, int at) {
        int c = at + layout.offset(Slot.COMM);
        int end = c;
        while (end < c + 16 && b[end] != 0) end++;
        if (!layout.has(Slot.NAME_LEN) || u32(b, at, Slot.VAR_KIND) != TaskNames.KTHREAD_NAME
                || (int) I32.get(b, at + Layout.OFF_VARLEN) <= 0) {
            return Name.of(b, c, end);
        }
        int nameLen = u32(b, at, Slot.NAME_LEN), suffixLen = u32(b, at, Slot.SUFFIX_LEN);
        int v = at + layout.fixed;
        int baseLen = nameLen > 0 ? nameLen : end - c;
        byte[] joined = new byte[baseLen + suffixLen];
        System.arraycopy(b, nameLen > 0 ? v : c, joined, 0, baseLen);
        System.arraycopy(b, v + nameLen, joined, baseLen, suffixLen);
        return Name.of(joined);
    }

    private static long ticks(long ns) {
        return ns / NS_PER_TICK * NS_PER_TICK;
    }

    private static long positive(long v) {
        return Math.max(v, 0);
    }

    private static final String STATE_LETTERS = "RSDTtXZPI";

    /** fs/proc/array.c task_state_index(): the letter /proc shows for __state and exit_state. */
    static TaskState state(int state, int exitState) {
        final int taskReport = 0x7f, taskIdle = 0x402, rtlockWait = 0x1000, frozen = 0x8000;
        int s = (state | exitState) & taskReport;
        if ((state & taskIdle) == taskIdle) s = taskReport + 1;
        if ((state & rtlockWait) != 0 || (state & frozen) != 0) s = 2;
        int index = 32 - Integer.numberOfLeadingZeros(s);
        return TaskState.ofLetter(STATE_LETTERS.charAt(Math.min(index, STATE_LETTERS.length() - 1)));
    }

    /**
     * kernel/sched/cputime.c cputime_adjust(): scales the tick-sampled utime/stime to the precise
     * runtime, never going below what was last reported (prev_cputime), as /proc does.
     */
    static long[] adjustedCputime(long utime, long stime, long rtime, long prevU, long prevS) {
        if (prevS + prevU >= rtime) return new long[]{prevU, prevS};
        if (stime == 0) {
            utime = rtime;
        } else if (utime == 0) {
            stime = rtime;
        } else {
            stime = mulDiv(stime, rtime, stime + utime);
            if (Long.compareUnsigned(stime, rtime) > 0) stime = rtime;
        }
        if (Long.compareUnsigned(stime, prevS) < 0) stime = prevS;
        utime = rtime - stime;
        if (Long.compareUnsigned(utime, prevU) < 0) {
            utime = prevU;
            stime = rtime - utime;
        }
        return new long[]{utime, stime};
    }

    /**
     * The kernel's mul_u64_u64_div_u64, exact, for values below 2^63 (times in ns): the product
     * overflows 64 bits for any task with seconds of cpu, so it is estimated in floating point and
     * corrected against the 128-bit product, without allocating.
     */
    static long mulDiv(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        if (hi == 0 && lo >= 0) return lo / c;
        long q = (long) ((double) a * (double) b / (double) c);
        while (compare128(Math.multiplyHigh(q, c), q * c, hi, lo) > 0) q--;
        while (compare128(Math.multiplyHigh(q + 1, c), (q + 1) * c, hi, lo) <= 0) q++;
        return q;
    }

    private static int compare128(long ahi, long alo, long bhi, long blo) {
        return ahi != bhi ? Long.compare(ahi, bhi) : Long.compareUnsigned(alo, blo);
    }
}
