package io.taskiter.bpf;

/**
 * One value an iterator program stores in its binary record. The program's stores and the decoder's
 * reads both take their offsets from one {@link Layout}, so the two cannot disagree.
 */
enum Slot {
    // task identity in the walk's pid namespace; CTID is the caller's number (to resolve --pidns scopes)
    TID(4), TGID(4), CTID(4), PPID(4),
    COMM(16),
    STATE(4), EXIT_STATE(4),
    UID(4), GID(4), EUID(4), EGID(4),
    FLAGS(4), THREADS(4),
    START(8), UTIME(8), STIME(8), SUM_EXEC(8), PREV_UTIME(8), PREV_STIME(8),
    HAS_MM(4), TOTAL_VM(8), RSS_FILE(8), RSS_ANON(8), RSS_SHMEM(8),
    PIDNS(4), NSTID(4), CGROUP_ID(8),
    // what the variable part of a task record holds (TaskNames); EXE_WANTED is a marker, never stored
    VAR_KIND(4), NAME_LEN(4), SUFFIX_LEN(4), EXE_WANTED(0),
    // task_file
    FD(4), FILE_FLAGS(4), CLOEXEC_WORD(8), POS(8), MODE(4), INODE(8), DEV(4), SIZE(8);

    final int size;

    Slot(int size) {
        this.size = size;
    }
}
