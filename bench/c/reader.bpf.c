// SPDX-License-Identifier: GPL-2.0
/*
 * The physical-limit reference: the same two kernel iterators TaskIter's bpf engine drives, reading
 * the same kernel fields into the same record layout as the engine's programs for a query of every
 * field (core/.../bpf/ProgramGen.java, Layout.java, Layouts.java), written with bpf_seq_write from
 * a per-CPU scratch record. reader.h holds the layout.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "reader.h"

char LICENSE[] SEC("license") = "GPL";

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct task_rec);   /* the larger record; file records use its first bytes */
} scratch SEC(".maps");

static __always_inline int end_marker(struct seq_file *seq, struct rec_header *h) {
    h->length = HEADER;
    h->kind = KIND_END;
    h->varlen = 0;
    bpf_seq_write(seq, h, HEADER);
    return 0;
}

/* tid and tgid at pid namespace level 0 (the engine reads thread_pid->numbers[level] too) */
static __always_inline int numbers(struct task_struct *t, __u32 *tid, __u32 *tgid) {
    struct pid *p = t->thread_pid;
    if (!p) return -1;
    *tid = p->numbers[0].nr;
    *tgid = t->group_leader->thread_pid->numbers[0].nr;
    return 0;
}

/* d_path into the variable part; returns the record length */
static __always_inline __u32 with_path(const struct path *path, char *out, __s32 *varlen, __u32 fixed) {
    long n = bpf_d_path((struct path *)path, out, VAR_MAX);
    *varlen = n;
    if (n > 0 && n <= VAR_MAX) return fixed + (__u32)n;
    return fixed;
}

SEC("iter/task")
int tasks(struct bpf_iter__task *ctx) {
    struct seq_file *seq = ctx->meta->seq;
    struct task_struct *t = ctx->task;
    __u32 key = 0;
    struct task_rec *r = bpf_map_lookup_elem(&scratch, &key);
    if (!r) return 0;
    if (!t) return end_marker(seq, &r->h);
    if (numbers(t, &r->tid, &r->tgid)) return 0;

    r->ppid = 0;
    struct pid *pp = t->real_parent->group_leader->thread_pid;
    if (pp) r->ppid = pp->numbers[0].nr;
    __builtin_memcpy(r->comm, t->comm, 16);
    r->state = t->__state;
    r->exit_state = t->exit_state;
    r->flags = t->flags;
    r->start = t->start_boottime;
    r->utime = t->utime;
    r->stime = t->stime;
    r->sum_exec = t->se.sum_exec_runtime;
    r->prev_utime = t->prev_cputime.utime;
    r->prev_stime = t->prev_cputime.stime;
    const struct cred *c = t->real_cred;
    r->uid = c->uid.val;
    r->gid = c->gid.val;
    r->euid = c->euid.val;
    r->egid = c->egid.val;
    r->threads = t->signal->nr_threads;
    struct mm_struct *mm = t->mm;
    r->has_mm = 0;
    if (mm) {
        r->has_mm = 1;
        r->total_vm = mm->total_vm;
        r->rss_file = mm->rss_stat[0].count;   /* MM_FILEPAGES */
        r->rss_anon = mm->rss_stat[1].count;   /* MM_ANONPAGES */
        r->rss_shmem = mm->rss_stat[3].count;  /* MM_SHMEMPAGES */
    }
    r->cgroup_id = t->cgroups->dfl_cgrp->kn->id;

    /* the task's own namespace: numbers[level], a variable index, so read as plain memory */
    r->pidns = 0;
    r->nstid = 0;
    unsigned long pid_addr = 0;
    bpf_probe_read_kernel(&pid_addr, sizeof pid_addr, &t->thread_pid);
    unsigned int level = t->thread_pid->level;
    if (pid_addr && level <= 63) {
        struct upid u = {};
        bpf_probe_read_kernel(&u, sizeof u, (void *)(pid_addr + bpf_core_field_offset(struct pid, numbers)
                                                     + level * bpf_core_type_size(struct upid)));
        r->nstid = u.nr;
        if (u.ns) bpf_probe_read_kernel(&r->pidns, 4, &u.ns->ns.inum);
    }

    r->h.kind = KIND_ELEMENT;
    __u32 len = TASK_FIXED;
    r->h.varlen = 0;
    if (mm && mm->exe_file) len = with_path(&mm->exe_file->f_path, r->exe, &r->h.varlen, TASK_FIXED);
    r->h.length = len;
    bpf_seq_write(seq, r, len);
    return 0;
}

SEC("iter/task_file")
int files(struct bpf_iter__task_file *ctx) {
    struct seq_file *seq = ctx->meta->seq;
    struct task_struct *t = ctx->task;
    struct file *f = ctx->file;
    __u32 key = 0;
    struct file_rec *r = bpf_map_lookup_elem(&scratch, &key);
    if (!r) return 0;
    if (!t) return end_marker(seq, &r->h);
    if (!f) return 0;
    if (numbers(t, &r->tid, &r->tgid)) return 0;

    __u32 fd = ctx->fd;
    r->fd = fd;
    r->flags = f->f_flags;
    /* O_CLOEXEC lives in the fd table's bitmap, not in the file: ship the word holding its bit */
    r->cloexec_word = 0;
    unsigned long *coe = t->files->fdt->close_on_exec;
    bpf_probe_read_kernel(&r->cloexec_word, 8, coe + fd / 64);
    r->pos = f->f_pos;
    struct inode *i = f->f_inode;
    r->mode = i->i_mode;
    r->inode = i->i_ino;
    r->size = i->i_size;
    r->dev = i->i_sb->s_dev;

    r->h.kind = KIND_ELEMENT;
    __u32 len = with_path(&f->f_path, r->path, &r->h.varlen, FILE_FIXED);
    r->h.length = len;
    bpf_seq_write(seq, r, len);
    return 0;
}
