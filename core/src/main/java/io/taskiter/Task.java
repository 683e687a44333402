package io.taskiter;

/**
 * One task (a thread; the leader of a thread group is the process), with the fields as {@code /proc}
 * shows them. {@code tid} and {@code tgid} are always present. Every other field is null when it was
 * not asked for ({@link TaskField}) or when the engine cannot obtain it for this task: a kernel thread
 * has no memory sizes and no exe, an unprivileged caller cannot read another user's exe. Absent is never
 * replaced by a made-up value.
 *
 * @param tid       thread id, in the walk's pid namespace
 * @param tgid      thread-group (process) id, in the walk's pid namespace
 * @param ppid      the real parent's tgid; 0 when the parent lies outside the namespace
 * @param comm      {@code /proc/PID/task/TID/comm}, at most 15 raw bytes
 * @param state     {@code stat} field 3
 * @param uid       real user id ({@code status} Uid, first value)
 * @param gid       real group id
 * @param euid      effective user id
 * @param egid      effective group id
 * @param kthread   whether the task is a kernel thread (PF_KTHREAD)
 * @param threads   number of threads of the whole group ({@code status} Threads)
 * @param startNs   start time since boot, ns
 * @param utimeNs   user cpu time, ns
 * @param stimeNs   system cpu time, ns
 * @param rssBytes  resident set size, bytes ({@code statm} resident x page size)
 * @param vszBytes  virtual size, bytes ({@code statm} size x page size)
 * @param pidns     inode number of the task's pid namespace ({@code /proc/PID/ns/pid})
 * @param nstid     the tid inside the task's own (innermost) pid namespace ({@code NSpid} last value)
 * @param cgroup    cgroup v2 path ({@code /proc/PID/cgroup} line {@code 0::})
 * @param exe       {@code readlink /proc/PID/exe}
 */
public record Task(
        int tid, int tgid, Integer ppid, Name comm, TaskState state,
        Integer uid, Integer gid, Integer euid, Integer egid,
        Boolean kthread, Integer threads,
        Long startNs, Long utimeNs, Long stimeNs, Long rssBytes, Long vszBytes,
        Long pidns, Integer nstid, String cgroup, Name exe) {

    /** {@return whether this task leads its thread group} */
    public boolean isLeader() {
        return tid == tgid;
    }
}
