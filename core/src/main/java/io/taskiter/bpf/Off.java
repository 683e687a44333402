package io.taskiter.bpf;

/**
 * The kernel struct members the programs read, each with the names it has had across kernels (the
 * first that resolves in the running kernel's BTF wins). A member no name resolves is absent, and the
 * record fields that need it are absent too: never a guessed offset.
 */
enum Off {
    TASK_PID("task_struct", "pid"),
    TASK_TGID("task_struct", "tgid"),
    TASK_COMM("task_struct", "comm"),
    TASK_STATE("task_struct", "__state", "state"),
    TASK_EXIT_STATE("task_struct", "exit_state"),
    TASK_FLAGS("task_struct", "flags"),
    TASK_REAL_CRED("task_struct", "real_cred"),
    TASK_REAL_PARENT("task_struct", "real_parent"),
    TASK_GROUP_LEADER("task_struct", "group_leader"),
    TASK_THREAD_PID("task_struct", "thread_pid"),
    TASK_SIGNAL("task_struct", "signal"),
    TASK_MM("task_struct", "mm"),
    TASK_FILES("task_struct", "files"),
    TASK_START_BOOTTIME("task_struct", "start_boottime", "real_start_time"),
    TASK_UTIME("task_struct", "utime"),
    TASK_STIME("task_struct", "stime"),
    TASK_SUM_EXEC("task_struct", "se.sum_exec_runtime"),
    TASK_PREV_UTIME("task_struct", "prev_cputime.utime"),
    TASK_PREV_STIME("task_struct", "prev_cputime.stime"),
    TASK_CGROUPS("task_struct", "cgroups"),
    TASK_WORKER_PRIVATE("task_struct", "worker_private"),
    KTHREAD_FULL_NAME("kthread", "full_name"),
    KTHREAD_DATA("kthread", "data"),
    WORKER_DESC("worker", "desc"),
    WORKER_CURRENT_WORK("worker", "current_work"),
    WORKER_POOL("worker", "pool"),
    CRED_UID("cred", "uid.val"),
    CRED_GID("cred", "gid.val"),
    CRED_EUID("cred", "euid.val"),
    CRED_EGID("cred", "egid.val"),
    SIGNAL_NR_THREADS("signal_struct", "nr_threads"),
    MM_TOTAL_VM("mm_struct", "total_vm"),
    MM_RSS_STAT("mm_struct", "rss_stat"),
    MM_EXE_FILE("mm_struct", "exe_file"),
    PID_LEVEL("pid", "level"),
    PID_NUMBERS("pid", "numbers"),
    UPID_NR("upid", "nr"),
    UPID_NS("upid", "ns"),
    PIDNS_INUM("pid_namespace", "ns.inum"),
    CSSET_DFL_CGRP("css_set", "dfl_cgrp"),
    CGROUP_KN("cgroup", "kn"),
    KN_ID("kernfs_node", "id"),
    FILES_FDT("files_struct", "fdt"),
    FDT_CLOSE_ON_EXEC("fdtable", "close_on_exec"),
    FILE_FLAGS("file", "f_flags"),
    FILE_POS("file", "f_pos"),
    FILE_INODE("file", "f_inode"),
    FILE_PATH("file", "f_path"),
    INODE_MODE("inode", "i_mode"),
    INODE_INO("inode", "i_ino"),
    INODE_SIZE("inode", "i_size"),
    INODE_SB("inode", "i_sb"),
    SB_DEV("super_block", "s_dev");

    final String struct;
    final String[][] paths;

    Off(String struct, String... names) {
        this.struct = struct;
        this.paths = new String[names.length][];
        for (int i = 0; i < names.length; i++) paths[i] = names[i].split("\\.");
    }
}
