package io.taskiter.bpf;

import io.taskiter.Query;
import io.taskiter.Target;

import java.util.EnumSet;
import java.util.Set;

import static io.taskiter.FileField.*;
import static io.taskiter.TaskField.*;

/** The record layout a query needs: only the slots its fields need (projection pushdown). */
final class Layouts {
    private Layouts() {
    }

    static Layout of(Query<?> q, Kernel k, boolean foreignView) {
        Set<Slot> s = EnumSet.of(Slot.TID, Slot.TGID);
        boolean variable = false;
        if (q.target() == Target.TASK) {
            if (foreignView) s.add(Slot.CTID);
            if (q.wants(PPID) && k.has(Off.TASK_REAL_PARENT)) s.add(Slot.PPID);
            if (q.wants(COMM) && k.has(Off.TASK_COMM)) s.add(Slot.COMM);
            if (q.wants(STATE) && k.has(Off.TASK_STATE) && k.has(Off.TASK_EXIT_STATE)) {
                s.add(Slot.STATE);
                s.add(Slot.EXIT_STATE);
            }
            if ((q.wants(UID) || q.wants(GID) || q.wants(EUID) || q.wants(EGID)) && k.has(Off.TASK_REAL_CRED)
                    && k.has(Off.CRED_UID) && k.has(Off.CRED_GID) && k.has(Off.CRED_EUID) && k.has(Off.CRED_EGID)) {
                s.addAll(EnumSet.of(Slot.UID, Slot.GID, Slot.EUID, Slot.EGID));
            }
            if ((q.wants(KTHREAD) || q.wants(RSS_BYTES) || q.wants(VSZ_BYTES) || q.wants(EXE)) && k.has(Off.TASK_FLAGS)) {
                s.add(Slot.FLAGS);
            }
            if (q.wants(THREADS) && k.has(Off.TASK_SIGNAL) && k.has(Off.SIGNAL_NR_THREADS)) s.add(Slot.THREADS);
            if (q.wants(START_NS) && k.has(Off.TASK_START_BOOTTIME)) s.add(Slot.START);
            if ((q.wants(UTIME_NS) || q.wants(STIME_NS)) && k.has(Off.TASK_UTIME) && k.has(Off.TASK_STIME)
                    && k.has(Off.TASK_SUM_EXEC) && k.has(Off.TASK_PREV_UTIME) && k.has(Off.TASK_PREV_STIME)) {
                s.addAll(EnumSet.of(Slot.UTIME, Slot.STIME, Slot.SUM_EXEC, Slot.PREV_UTIME, Slot.PREV_STIME));
            }
            if ((q.wants(RSS_BYTES) || q.wants(VSZ_BYTES)) && k.has(Off.TASK_MM) && s.contains(Slot.FLAGS)) {
                s.add(Slot.HAS_MM);
                if (q.wants(VSZ_BYTES) && k.has(Off.MM_TOTAL_VM)) s.add(Slot.TOTAL_VM);
                if (q.wants(RSS_BYTES) && k.rssCounters() != null) {
                    s.addAll(EnumSet.of(Slot.RSS_FILE, Slot.RSS_ANON, Slot.RSS_SHMEM));
                }
            }
            boolean exe = q.wants(EXE) && k.has(Off.TASK_MM) && k.has(Off.MM_EXE_FILE) && k.has(Off.FILE_PATH)
                    && k.has(Off.TASK_FLAGS);
            boolean kthreadNames = s.contains(Slot.COMM) && TaskNames.supported(k);
            if (exe) s.add(Slot.EXE_WANTED);
            variable = exe || kthreadNames;
            if (variable) s.add(Slot.VAR_KIND);
            if (kthreadNames) s.addAll(EnumSet.of(Slot.NAME_LEN, Slot.SUFFIX_LEN));
            if (q.wants(PIDNS)) s.add(Slot.PIDNS);
            if (q.wants(NSTID)) s.add(Slot.NSTID);
            if (q.wants(CGROUP) && k.has(Off.TASK_CGROUPS) && k.has(Off.CSSET_DFL_CGRP) && k.has(Off.CGROUP_KN)
                    && k.has(Off.KN_ID)) {
                s.add(Slot.CGROUP_ID);
            }
        } else {
            s.add(Slot.FD);
            if (q.wants(FLAGS) && k.has(Off.FILE_FLAGS) && k.has(Off.TASK_FILES) && k.has(Off.FILES_FDT)
                    && k.has(Off.FDT_CLOSE_ON_EXEC)) {
                s.add(Slot.FILE_FLAGS);
                s.add(Slot.CLOEXEC_WORD);
            }
            if (q.wants(POS) && k.has(Off.FILE_POS)) s.add(Slot.POS);
            boolean inode = k.has(Off.FILE_INODE);
            if (q.wants(TYPE) && inode && k.has(Off.INODE_MODE)) s.add(Slot.MODE);
            if (q.wants(INODE) && inode && k.has(Off.INODE_INO)) s.add(Slot.INODE);
            if (q.wants(SIZE) && inode && k.has(Off.INODE_SIZE)) s.add(Slot.SIZE);
            if (q.wants(DEV) && inode && k.has(Off.INODE_SB) && k.has(Off.SB_DEV)) s.add(Slot.DEV);
            variable = q.wants(PATH) && k.has(Off.FILE_PATH);
        }
        return new Layout(s, variable);
    }
}
