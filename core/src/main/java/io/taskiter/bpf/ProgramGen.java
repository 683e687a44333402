package io.taskiter.bpf;

import io.taskiter.Target;
import io.taskiter.asm.Asm;
import io.taskiter.asm.Helper;
import io.taskiter.asm.Label;
import io.taskiter.asm.Program;
import io.taskiter.asm.Size;

import static io.taskiter.asm.Reg.*;

/**
 * Generates the iterator program for a target and a {@link Layout}: for each element it fills the
 * slots of one record (and, with bpf_d_path, the file's path or the task's executable) in a per-CPU scratch buffer and hands it to bpf_seq_write; the stop call (NULL
 * task) writes the end marker. Registers: R6 ctx, R7 task, R8 record, R9 file (task_file).
 *
 * <p>With {@code skipShared} (task_file walks in ALL, TGID and PIDFD scope) a thread sharing its
 * leader's fd table is left out, as SPEC section 4 says, whatever the kernel's own check did.
 *
 * <p>Numbers are read at one pid namespace level, {@code level}, from {@code task->thread_pid->numbers[]}
 * (the program sees global ids in task->pid): the level of the walk's namespace. With {@code viewInum}
 * non-zero, tasks whose namespace at that level is not that one are left out.
 */
final class ProgramGen {
    private static final int STACK_KEY = -8;
    private static final int STACK_PTR = -16;
    private static final int STACK_UPID = -32;
    private static final int STACK_TMP = -40;

    private final Kernel k;
    private final Layout layout;
    private final Asm a = new Asm();
    private final int level;
    private final int callerLevel;
    private final long viewInum;
    private final boolean skipShared;

    private ProgramGen(Kernel k, Layout layout, int level, int callerLevel, long viewInum, boolean skipShared) {
        this.k = k;
        this.layout = layout;
        this.level = level;
        this.callerLevel = callerLevel;
        this.viewInum = viewInum;
        this.skipShared = skipShared;
    }

    static Program generate(Target target, Kernel k, Layout layout, int mapFd, int level, int callerLevel,
                            long viewInum, boolean skipShared) {
        return new ProgramGen(k, layout, level, callerLevel, viewInum, skipShared).emit(target, mapFd);
    }

    private Program emit(Target target, int mapFd) {
        Label out = a.newLabel(), end = a.newLabel(), write = a.newLabel();
        a.mov(R6, R1);
        a.st(Size.W, R10, STACK_KEY, 0);
        a.ldMapFd(R1, mapFd);
        a.mov(R2, R10).add(R2, STACK_KEY);
        a.call(Helper.MAP_LOOKUP_ELEM);
        a.jeq(R0, 0, out);
        a.mov(R8, R0);
        a.ldx(Size.DW, R7, R6, 8);                  // ctx->task
        a.jeq(R7, 0, end);                          // the stop call: the walk is complete
        if (target == Target.TASK_FILE) {
            a.ldx(Size.DW, R9, R6, 24);             // ctx->file
            a.jeq(R9, 0, out);
            if (skipShared) skipSharedTable(out);
        }
        numbers(out);
        if (target == Target.TASK) taskSlots();
        else fileSlots();
        a.st(Size.H, R8, Layout.OFF_KIND, Layout.KIND_ELEMENT);
        if (!layout.variable) {
            a.st(Size.W, R8, Layout.OFF_VARLEN, 0);
            fixedOnly(write);
        } else if (target == Target.TASK_FILE) {
            Label failed = a.newLabel();
            a.mov(R1, R9);
            path(write, failed);
            a.bind(failed);
            fixedOnly(write);
        } else {
            new TaskNames(a, k, layout).emit(this, write);
        }
        a.bind(write);
        a.ldx(Size.DW, R1, R6, 0);                  // ctx->meta
        a.ldx(Size.DW, R1, R1, 0);                  // meta->seq
        a.mov(R2, R8);
        a.call(Helper.SEQ_WRITE);
        a.bind(out);
        a.mov(R0, 0);
        a.exit();
        a.bind(end);
        a.st(Size.H, R8, Layout.OFF_LENGTH, Layout.HEADER);
        a.st(Size.H, R8, Layout.OFF_KIND, Layout.KIND_END);
        a.st(Size.W, R8, Layout.OFF_VARLEN, 0);
        a.ldx(Size.DW, R1, R6, 0);
        a.ldx(Size.DW, R1, R1, 0);
        a.mov(R2, R8);
        a.mov(R3, Layout.HEADER);
        a.call(Helper.SEQ_WRITE);
        a.ja(out);
        return a.build();
    }

    /**
     * Leaves out a thread whose fd table is its leader's (the leader lists it). The kernel's own
     * check (skip_if_dup_files) tested the previous thread's table before Linux 6.7, so that 6.1's
     * TGID walk lists a shared table again after a thread with a table of its own: the program
     * decides for itself. A zombie leader has no table: then no thread is left out, as in the kernel.
     */
    private void skipSharedTable(Label skip) {
        Label keep = a.newLabel();
        a.ldx(Size.DW, R1, R7, k.off(Off.TASK_GROUP_LEADER));
        a.jeq(R1, R7, keep);
        a.ldx(Size.DW, R2, R7, k.off(Off.TASK_FILES));
        a.ldx(Size.DW, R3, R1, k.off(Off.TASK_FILES));
        a.jeq(R2, R3, skip);
        a.bind(keep);
    }

    private int numberAt(int lvl) {
        return k.off(Off.PID_NUMBERS) + lvl * k.upidSize() + k.off(Off.UPID_NR);
    }

    private int nsAt(int lvl) {
        return k.off(Off.PID_NUMBERS) + lvl * k.upidSize() + k.off(Off.UPID_NS);
    }

    /** TID, TGID (and CTID, PPID) in the walk's namespace; leaves via {@code skip} for tasks outside it. */
    private void numbers(Label skip) {
        a.ldx(Size.DW, R1, R7, k.off(Off.TASK_THREAD_PID));
        a.jeq(R1, 0, skip);
        if (level > 0) {
            a.ldx(Size.W, R2, R1, k.off(Off.PID_LEVEL));
            a.jlt(R2, level, skip);
        }
        if (viewInum != 0) {
            a.ldx(Size.DW, R3, R1, nsAt(level));
            a.ldx(Size.W, R3, R3, k.off(Off.PIDNS_INUM));
            a.jne32(R3, (int) viewInum, skip);
        }
        a.ldx(Size.W, R2, R1, numberAt(level));
        a.stx(Size.W, R8, layout.offset(Slot.TID), R2);
        if (layout.has(Slot.CTID)) {
            a.ldx(Size.W, R2, R1, numberAt(callerLevel));
            a.stx(Size.W, R8, layout.offset(Slot.CTID), R2);
        }
        a.ldx(Size.DW, R2, R7, k.off(Off.TASK_GROUP_LEADER));
        a.ldx(Size.DW, R2, R2, k.off(Off.TASK_THREAD_PID));
        a.ldx(Size.W, R2, R2, numberAt(level));
        a.stx(Size.W, R8, layout.offset(Slot.TGID), R2);
        if (layout.has(Slot.PPID)) ppid();
    }

    /** The real parent's tgid at the walk's level, 0 when the parent lies outside the namespace. */
    private void ppid() {
        Label done = a.newLabel();
        a.st(Size.W, R8, layout.offset(Slot.PPID), 0);
        a.ldx(Size.DW, R2, R7, k.off(Off.TASK_REAL_PARENT));
        a.ldx(Size.DW, R2, R2, k.off(Off.TASK_GROUP_LEADER));
        a.ldx(Size.DW, R2, R2, k.off(Off.TASK_THREAD_PID));
        a.jeq(R2, 0, done);
        if (level > 0) {
            a.ldx(Size.W, R3, R2, k.off(Off.PID_LEVEL));
            a.jlt(R3, level, done);
            // same namespace at that level as the task itself (R1 still holds the task's pid)
            a.ldx(Size.DW, R3, R2, nsAt(level));
            a.ldx(Size.W, R3, R3, k.off(Off.PIDNS_INUM));
            a.ldx(Size.DW, R4, R1, nsAt(level));
            a.ldx(Size.W, R4, R4, k.off(Off.PIDNS_INUM));
            a.jne(R3, R4, done);
        }
        a.ldx(Size.W, R3, R2, numberAt(level));
        a.stx(Size.W, R8, layout.offset(Slot.PPID), R3);
        a.bind(done);
    }

    /** Copies {@code size} bytes at {@code src + off} (a BTF pointer) into a slot. */
    private void copy(Slot slot, int off, int size) {
        Size s = switch (size) {
            case 8 -> Size.DW;
            case 4 -> Size.W;
            case 2 -> Size.H;
            case 1 -> Size.B;
            default -> throw new IllegalArgumentException("member of " + size + " bytes");
        };
        a.ldx(s, R2, R1, off);
        a.stx(slot.size == 8 ? Size.DW : Size.W, R8, layout.offset(slot), R2);
    }

    private void fromTask(Slot slot, Off o) {
        if (!layout.has(slot)) return;
        a.mov(R1, R7);
        copy(slot, k.off(o), Math.min(k.size(o), slot.size));
    }

    private void taskSlots() {
        if (layout.has(Slot.COMM)) {
            int comm = k.off(Off.TASK_COMM);
            a.ldx(Size.DW, R2, R7, comm).stx(Size.DW, R8, layout.offset(Slot.COMM), R2);
            a.ldx(Size.DW, R2, R7, comm + 8).stx(Size.DW, R8, layout.offset(Slot.COMM) + 8, R2);
        }
        fromTask(Slot.STATE, Off.TASK_STATE);
        fromTask(Slot.EXIT_STATE, Off.TASK_EXIT_STATE);
        fromTask(Slot.FLAGS, Off.TASK_FLAGS);
        fromTask(Slot.START, Off.TASK_START_BOOTTIME);
        fromTask(Slot.UTIME, Off.TASK_UTIME);
        fromTask(Slot.STIME, Off.TASK_STIME);
        fromTask(Slot.SUM_EXEC, Off.TASK_SUM_EXEC);
        fromTask(Slot.PREV_UTIME, Off.TASK_PREV_UTIME);
        fromTask(Slot.PREV_STIME, Off.TASK_PREV_STIME);
        if (layout.has(Slot.UID)) {
            a.ldx(Size.DW, R1, R7, k.off(Off.TASK_REAL_CRED));
            copy(Slot.UID, k.off(Off.CRED_UID), 4);
            copy(Slot.GID, k.off(Off.CRED_GID), 4);
            copy(Slot.EUID, k.off(Off.CRED_EUID), 4);
            copy(Slot.EGID, k.off(Off.CRED_EGID), 4);
        }
        if (layout.has(Slot.THREADS)) {
            a.ldx(Size.DW, R1, R7, k.off(Off.TASK_SIGNAL));
            copy(Slot.THREADS, k.off(Off.SIGNAL_NR_THREADS), 4);
        }
        if (layout.has(Slot.HAS_MM)) mm();
        if (layout.has(Slot.CGROUP_ID)) {
            a.ldx(Size.DW, R1, R7, k.off(Off.TASK_CGROUPS));
            a.ldx(Size.DW, R1, R1, k.off(Off.CSSET_DFL_CGRP));
            a.ldx(Size.DW, R1, R1, k.off(Off.CGROUP_KN));
            copy(Slot.CGROUP_ID, k.off(Off.KN_ID), 8);
        }
        if (layout.has(Slot.PIDNS) || layout.has(Slot.NSTID)) ownNamespace();
    }

    private void mm() {
        Label done = a.newLabel();
        a.st(Size.W, R8, layout.offset(Slot.HAS_MM), 0);
        a.ldx(Size.DW, R1, R7, k.off(Off.TASK_MM));
        a.jeq(R1, 0, done);
        a.st(Size.W, R8, layout.offset(Slot.HAS_MM), 1);
        if (layout.has(Slot.TOTAL_VM)) copy(Slot.TOTAL_VM, k.off(Off.MM_TOTAL_VM), 8);
        if (layout.has(Slot.RSS_FILE)) {
            // Before 6.2 the counters are atomic_long_t elements of mm->rss_stat.count[], and Linux
            // 6.1's verifier cannot follow a load into such an element ("Type 'atomic_long_t' is not a
            // struct"): read them as plain memory on every kernel, one code path for all.
            int[] rss = k.rssCounters();
            Slot[] slots = {Slot.RSS_FILE, Slot.RSS_ANON, Slot.RSS_SHMEM};
            for (int i = 0; i < slots.length; i++) {
                a.ldx(Size.DW, R1, R7, k.off(Off.TASK_MM));   // the helper call clobbered R1
                probeRead(STACK_TMP, 8, R1, rss[i]);
                a.ldx(Size.DW, R2, R10, STACK_TMP);
                a.stx(Size.DW, R8, layout.offset(slots[i]), R2);
            }
        }
        a.bind(done);
    }

    /**
     * The task's own (innermost) namespace and its number there: numbers[pid->level]. The index is
     * not a constant, and the verifier forbids variable offsets on BTF pointers, so the addresses go
     * through bpf_probe_read_kernel as plain numbers.
     */
    private void ownNamespace() {
        Label done = a.newLabel();
        a.st(Size.W, R8, layout.has(Slot.PIDNS) ? layout.offset(Slot.PIDNS) : layout.offset(Slot.NSTID), 0);
        if (layout.has(Slot.PIDNS) && layout.has(Slot.NSTID)) a.st(Size.W, R8, layout.offset(Slot.NSTID), 0);
        probeRead(STACK_PTR, 8, R7, k.off(Off.TASK_THREAD_PID));      // the pid pointer, as a number
        a.ldx(Size.DW, R1, R7, k.off(Off.TASK_THREAD_PID));
        a.ldx(Size.W, R4, R1, k.off(Off.PID_LEVEL));
        a.jgt(R4, 63, done);
        a.mul(R4, k.upidSize());
        a.ldx(Size.DW, R3, R10, STACK_PTR);
        a.jeq(R3, 0, done);
        a.add(R3, R4);
        a.add(R3, k.off(Off.PID_NUMBERS));
        a.mov(R1, R10).add(R1, STACK_UPID);
        a.mov(R2, k.upidSize());
        a.call(Helper.PROBE_READ_KERNEL);
        if (layout.has(Slot.NSTID)) {
            a.ldx(Size.W, R2, R10, STACK_UPID + k.off(Off.UPID_NR));
            a.stx(Size.W, R8, layout.offset(Slot.NSTID), R2);
        }
        if (layout.has(Slot.PIDNS)) {
            a.ldx(Size.DW, R3, R10, STACK_UPID + k.off(Off.UPID_NS));
            a.jeq(R3, 0, done);
            a.add(R3, k.off(Off.PIDNS_INUM));
            a.mov(R1, R10).add(R1, STACK_TMP);
            a.mov(R2, 4);
            a.call(Helper.PROBE_READ_KERNEL);
            a.ldx(Size.W, R2, R10, STACK_TMP);
            a.stx(Size.W, R8, layout.offset(Slot.PIDNS), R2);
        }
        a.bind(done);
    }

    /** bpf_probe_read_kernel(fp + stackOff, size, base + off) */
    void probeRead(int stackOff, int size, io.taskiter.asm.Reg base, int off) {
        a.mov(R3, base).add(R3, off);
        a.mov(R1, R10).add(R1, stackOff);
        a.mov(R2, size);
        a.call(Helper.PROBE_READ_KERNEL);
    }

    private void fileSlots() {
        if (layout.has(Slot.FD)) {
            a.ldx(Size.W, R2, R6, 16);              // ctx->fd
            a.stx(Size.W, R8, layout.offset(Slot.FD), R2);
        }
        if (layout.has(Slot.FILE_FLAGS)) {
            a.mov(R1, R9);
            copy(Slot.FILE_FLAGS, k.off(Off.FILE_FLAGS), 4);
            cloexecWord();
        }
        if (layout.has(Slot.POS)) {
            a.mov(R1, R9);
            copy(Slot.POS, k.off(Off.FILE_POS), 8);
        }
        if (layout.has(Slot.MODE) || layout.has(Slot.INODE) || layout.has(Slot.SIZE) || layout.has(Slot.DEV)) {
            a.ldx(Size.DW, R1, R9, k.off(Off.FILE_INODE));
            if (layout.has(Slot.MODE)) copy(Slot.MODE, k.off(Off.INODE_MODE), 2);
            if (layout.has(Slot.INODE)) copy(Slot.INODE, k.off(Off.INODE_INO), 8);
            if (layout.has(Slot.SIZE)) copy(Slot.SIZE, k.off(Off.INODE_SIZE), 8);
            if (layout.has(Slot.DEV)) {
                a.ldx(Size.DW, R1, R1, k.off(Off.INODE_SB));
                copy(Slot.DEV, k.off(Off.SB_DEV), 4);
            }
        }
    }

    /**
     * The word of the fd table's close-on-exec bitmap holding this fd's bit: fdinfo's flags include
     * O_CLOEXEC, which lives there and not in the file.
     */
    private void cloexecWord() {
        a.st(Size.DW, R8, layout.offset(Slot.CLOEXEC_WORD), 0);
        a.ldx(Size.DW, R3, R7, k.off(Off.TASK_FILES));
        a.ldx(Size.DW, R3, R3, k.off(Off.FILES_FDT));
        a.ldx(Size.DW, R3, R3, k.off(Off.FDT_CLOSE_ON_EXEC));   // unsigned long *: a plain number here
        a.ldx(Size.W, R2, R6, 16);
        a.rsh(R2, 6);
        a.lsh(R2, 3);
        a.add(R3, R2);
        a.mov(R1, R10).add(R1, STACK_TMP);
        a.mov(R2, 8);
        a.call(Helper.PROBE_READ_KERNEL);
        a.ldx(Size.DW, R2, R10, STACK_TMP);
        a.stx(Size.DW, R8, layout.offset(Slot.CLOEXEC_WORD), R2);
    }

    /**
     * bpf_d_path of the {@code struct file} in R1 into the variable part; leaves the record length in R3
     * and jumps to {@code write}, or to {@code failed} (varLen holds d_path's errno) when no path came.
     * Older verifiers accept the length only when bounded by one unsigned compare on R3 itself.
     */
    void path(Label write, Label failed) {
        a.add(R1, k.off(Off.FILE_PATH));
        a.mov(R2, R8).add(R2, layout.fixed);
        a.mov(R3, Layout.VAR_MAX);
        a.call(Helper.D_PATH);
        a.stx(Size.W, R8, Layout.OFF_VARLEN, R0);
        variableLength(write, failed);
    }

    /** With R0 the variable part's length (a helper's result), sets R3 to the record's and jumps to write. */
    void variableLength(Label write, Label failed) {
        a.jsle(R0, 0, failed);
        a.mov(R3, R0);
        a.add(R3, layout.fixed);
        a.jgt(R3, layout.fixed + Layout.VAR_MAX, failed);
        a.stx(Size.H, R8, Layout.OFF_LENGTH, R3);
        a.ja(write);
    }

    /** A record without its variable part: R3 = the fixed length, then write. */
    void fixedOnly(Label write) {
        a.st(Size.H, R8, Layout.OFF_LENGTH, layout.fixed);
        a.mov(R3, layout.fixed);
        a.ja(write);
    }
}
