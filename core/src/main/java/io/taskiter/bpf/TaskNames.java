package io.taskiter.bpf;

import io.taskiter.asm.Asm;
import io.taskiter.asm.Helper;
import io.taskiter.asm.Label;
import io.taskiter.asm.Size;

import static io.taskiter.asm.Reg.*;

/**
 * The variable part of a task record: the executable's path for a user task, and for a kernel thread
 * the name /proc shows, which is not always task->comm (fs/proc/array.c proc_task_name): a workqueue
 * kernel thread shows the full name it was created with (kthread->full_name), which may exceed comm's 15
 * bytes, and a workqueue worker adds "+desc" (working) or "-desc" (idle). The program writes the pieces
 * and their lengths ({@link Slot#NAME_LEN}, {@link Slot#SUFFIX_LEN}); the decoder composes the name.
 */
final class TaskNames {
    static final int NONE = 0, EXE = 1, KTHREAD_NAME = 2;
    private static final int PF_WQ_WORKER = 0x20;
    private static final int PF_KTHREAD = 0x00200000;
    private static final int NAME_MAX = 64;
    private static final int DESC_MAX = 32;
    private static final int STACK_WORKER = -48;
    private static final int STACK_PTR = -56;
    private static final int STACK_KTHREAD = -64;

    private final Asm a;
    private final Kernel k;
    private final Layout layout;

    TaskNames(Asm a, Kernel k, Layout layout) {
        this.a = a;
        this.k = k;
        this.layout = layout;
    }

    /** Which kernel members the kernel-thread names need; without them comm stays task->comm. */
    static boolean supported(Kernel k) {
        return k.has(Off.TASK_WORKER_PRIVATE) && k.has(Off.KTHREAD_FULL_NAME) && k.has(Off.KTHREAD_DATA)
                && k.has(Off.WORKER_DESC) && k.has(Off.WORKER_CURRENT_WORK) && k.has(Off.WORKER_POOL)
                && k.has(Off.TASK_FLAGS);
    }

    void emit(ProgramGen g, Label write) {
        Label kthread = a.newLabel(), none = a.newLabel();
        a.st(Size.W, R8, layout.offset(Slot.VAR_KIND), NONE);
        a.st(Size.W, R8, Layout.OFF_VARLEN, 0);
        a.ldx(Size.W, R2, R7, k.off(Off.TASK_FLAGS));
        a.jset(R2, PF_KTHREAD, kthread);
        if (layout.has(Slot.EXE_WANTED)) {
            a.ldx(Size.DW, R1, R7, k.off(Off.TASK_MM));
            a.jeq(R1, 0, none);
            a.ldx(Size.DW, R1, R1, k.off(Off.MM_EXE_FILE));
            a.jeq(R1, 0, none);
            a.st(Size.W, R8, layout.offset(Slot.VAR_KIND), EXE);
            g.path(write, none);
        } else {
            a.ja(none);
        }
        a.bind(kthread);
        if (layout.has(Slot.COMM) && supported(k)) kernelThreadName(g, write, none);
        a.bind(none);
        g.fixedOnly(write);
    }

    /**
     * Name part: kthread->full_name (none when the name fit in comm); for a workqueue worker, then
     * "+desc" or "-desc" when its desc is set and it belongs to a pool. NAME_LEN and SUFFIX_LEN say
     * where the parts are; varLen is their sum plus one.
     */
    private void kernelThreadName(ProgramGen g, Label write, Label none) {
        Label named = a.newLabel(), worker = a.newLabel(), idle = a.newLabel(), signed = a.newLabel();
        Label done = a.newLabel();
        a.st(Size.W, R8, layout.offset(Slot.NAME_LEN), 0);
        a.st(Size.W, R8, layout.offset(Slot.SUFFIX_LEN), 0);
        a.st(Size.W, R8, layout.offset(Slot.VAR_KIND), KTHREAD_NAME);
        a.ldx(Size.DW, R4, R7, k.off(Off.TASK_WORKER_PRIVATE));   // struct kthread (to_kthread())
        a.jeq(R4, 0, none);
        a.stx(Size.DW, R10, STACK_KTHREAD, R4);
        g.probeRead(STACK_PTR, 8, R4, k.off(Off.KTHREAD_FULL_NAME));
        a.ldx(Size.DW, R3, R10, STACK_PTR);
        a.jeq(R3, 0, named);
        a.mov(R1, R8).add(R1, layout.fixed);
        a.mov(R2, NAME_MAX);
        a.call(Helper.PROBE_READ_KERNEL_STR);
        a.jsle(R0, 1, named);
        a.jgt(R0, NAME_MAX, named);
        a.sub(R0, 1);                                              // without its NUL
        a.stx(Size.W, R8, layout.offset(Slot.NAME_LEN), R0);
        a.bind(named);
        a.ldx(Size.W, R2, R7, k.off(Off.TASK_FLAGS));
        a.jset(R2, PF_WQ_WORKER, worker);
        a.ja(done);

        a.bind(worker);                                            // struct worker is kthread->data
        a.ldx(Size.DW, R4, R10, STACK_KTHREAD);
        g.probeRead(STACK_WORKER, 8, R4, k.off(Off.KTHREAD_DATA));
        a.ldx(Size.DW, R4, R10, STACK_WORKER);
        a.jeq(R4, 0, done);
        g.probeRead(STACK_PTR, 8, R4, k.off(Off.WORKER_POOL));
        a.ldx(Size.DW, R3, R10, STACK_PTR);
        a.jeq(R3, 0, done);
        a.ldx(Size.DW, R4, R10, STACK_WORKER);                     // helpers clobber R1-R5
        g.probeRead(STACK_PTR, 8, R4, k.off(Off.WORKER_CURRENT_WORK));
        a.ldx(Size.W, R1, R8, layout.offset(Slot.NAME_LEN));
        a.jgt(R1, NAME_MAX, done);
        a.mov(R2, R8).add(R2, layout.fixed);
        a.add(R2, R1);                                             // just after the name part
        a.ldx(Size.DW, R3, R10, STACK_PTR);
        a.jeq(R3, 0, idle);
        a.st(Size.B, R2, 0, '+');                                  // working on an item
        a.ja(signed);
        a.bind(idle);
        a.st(Size.B, R2, 0, '-');
        a.bind(signed);
        a.mov(R1, R2).add(R1, 1);
        a.ldx(Size.DW, R3, R10, STACK_WORKER);
        a.add(R3, k.off(Off.WORKER_DESC));
        a.mov(R2, DESC_MAX);
        a.call(Helper.PROBE_READ_KERNEL_STR);
        a.jsle(R0, 1, done);                                       // an empty desc adds nothing
        a.jgt(R0, DESC_MAX, done);
        a.stx(Size.W, R8, layout.offset(Slot.SUFFIX_LEN), R0);     // the sign and the desc, no NUL

        a.bind(done);
        a.ldx(Size.W, R0, R8, layout.offset(Slot.NAME_LEN));
        a.ldx(Size.W, R1, R8, layout.offset(Slot.SUFFIX_LEN));
        a.add(R0, R1);
        a.add(R0, 1);
        a.stx(Size.W, R8, Layout.OFF_VARLEN, R0);
        g.variableLength(write, none);
    }
}
