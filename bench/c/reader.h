/*
 * The records of the C reader, laid out exactly as TaskIter's Layout lays out a query of every
 * field: an 8-byte header, 16-byte slots, then 8-byte slots, then 4-byte slots (each group in the
 * engine's Slot order), the fixed part rounded to 8, then the path from bpf_d_path.
 */
#ifndef READER_H
#define READER_H

#define HEADER 8
#define KIND_ELEMENT 0x7431
#define KIND_END 0x7e4e
#define VAR_MAX 4096
#define TASK_FIXED 168
#define FILE_FIXED 64

struct rec_header {
    __u16 length;   /* whole record */
    __u16 kind;
    __s32 varlen;   /* path bytes including the NUL, or minus d_path's errno */
};

struct task_rec {
    struct rec_header h;
    char comm[16];
    __u64 start, utime, stime, sum_exec, prev_utime, prev_stime;
    __u64 total_vm, rss_file, rss_anon, rss_shmem, cgroup_id;
    __u32 tid, tgid, ppid, state, exit_state, uid, gid, euid, egid, flags, threads, has_mm, pidns, nstid;
    char exe[VAR_MAX];
};

struct file_rec {
    struct rec_header h;
    __u64 cloexec_word, pos, inode, size;
    __u32 tid, tgid, fd, flags, mode, dev;
    char path[VAR_MAX];
};

_Static_assert(__builtin_offsetof(struct task_rec, exe) == TASK_FIXED, "task layout");
_Static_assert(__builtin_offsetof(struct file_rec, path) == FILE_FIXED, "file layout");

#endif
