/*
 * C/libbpf reader of the kernel's task and task_file iterators: what TaskIter's bpf engine would cost
 * without the JVM. Two uses:
 *
 *   reader warm tasks|files WARMUP RUNS   load once, then time RUNS walks after WARMUP untimed ones;
 *                                         prints "records N" and the median/mean/min ms of one walk
 *   reader print tasks|files              a whole-process run: load, one walk, one text line per
 *                                         record on stdout (as a CLI would)
 *   reader serve tasks|files              load once, then one timed walk per "w" read on stdin,
 *                                         its ms written back as a line (io.taskiter.bench.Paired
 *                                         alternates these with the engine's walks)
 *
 * A walk is timed exactly as the JMH benchmarks time the engine's: create the iterator from the
 * link, read() it to EOF into a buffer as large as the engine's, decode every record into a struct
 * (the values /proc shows, as the engine's Decoder computes them), close.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "reader.h"
#include "reader.skel.h"

#define CHUNK (8 * 65536)          /* the engine's IterReader.CHUNK */
#define NS_PER_TICK 10000000ULL    /* /proc's USER_HZ resolution, as the engine reports times */
#define PF_KTHREAD 0x00200000
#define O_CLOEXEC_FLAG 02000000

struct task {
    int tid, tgid, ppid, uid, gid, euid, egid, threads, nstid, kthread;
    char comm[16], state;
    unsigned long long start_ns, utime_ns, stime_ns, rss_bytes, vsz_bytes, pidns, cgroup_id;
    const char *exe;   /* into the read buffer: the engine copies it, a C caller need not */
};

struct file {
    int tid, tgid, fd, flags;
    unsigned mode, major, minor;
    unsigned long long pos, inode, size;
    const char *path;
};

static char buf[CHUNK];
static long page_size;
static int print;

/* fs/proc/array.c task_state_index(), as the engine's Decoder.state */
static char state_letter(unsigned state, unsigned exit_state) {
    static const char letters[] = "RSDTtXZPI";
    unsigned s = (state | exit_state) & 0x7f;
    if ((state & 0x402) == 0x402) s = 0x80;
    if (state & (0x1000 | 0x8000)) s = 2;
    int index = s ? 32 - __builtin_clz(s) : 0;
    return letters[index < 8 ? index : 8];
}

/* kernel/sched/cputime.c cputime_adjust(), as the engine's Decoder.adjustedCputime */
static void cputime(const struct task_rec *r, unsigned long long *ut, unsigned long long *st) {
    unsigned long long u = r->utime, s = r->stime, rt = r->sum_exec;
    if (r->prev_stime + r->prev_utime >= rt) { *ut = r->prev_utime; *st = r->prev_stime; return; }
    if (s == 0) u = rt;
    else if (u == 0) s = rt;
    else {
        s = (unsigned long long)((unsigned __int128)s * rt / (s + u));
        if (s > rt) s = rt;
    }
    if (s < r->prev_stime) s = r->prev_stime;
    u = rt - s;
    if (u < r->prev_utime) { u = r->prev_utime; s = rt - u; }
    *ut = u; *st = s;
}

static long long positive(long long v) { return v > 0 ? v : 0; }

static void decode_task(const struct task_rec *r, struct task *t) {
    t->tid = r->tid; t->tgid = r->tgid; t->ppid = r->ppid;
    memcpy(t->comm, r->comm, 16);
    t->comm[15] = 0;
    t->state = state_letter(r->state, r->exit_state);
    t->uid = r->uid; t->gid = r->gid; t->euid = r->euid; t->egid = r->egid;
    t->kthread = (r->flags & PF_KTHREAD) != 0;
    t->threads = r->threads;
    t->start_ns = r->start / NS_PER_TICK * NS_PER_TICK;
    unsigned long long u, s;
    cputime(r, &u, &s);
    t->utime_ns = u / NS_PER_TICK * NS_PER_TICK;
    t->stime_ns = s / NS_PER_TICK * NS_PER_TICK;
    t->vsz_bytes = r->has_mm ? r->total_vm * page_size : 0;
    t->rss_bytes = r->has_mm ? (positive(r->rss_file) + positive(r->rss_anon) + positive(r->rss_shmem)) * page_size : 0;
    t->pidns = r->pidns; t->nstid = r->nstid; t->cgroup_id = r->cgroup_id;
    t->exe = !t->kthread && r->h.varlen > 0 ? r->exe : NULL;
    if (print)
        printf("%d\t%d\t%d\t%c\t%d\t%d\t%llu\t%llu\t%llu\t%llu\t%s\t%s\n", t->tid, t->tgid, t->ppid, t->state,
               t->uid, t->threads, t->start_ns, t->utime_ns + t->stime_ns, t->rss_bytes, t->vsz_bytes, t->comm,
               t->exe ? t->exe : "-");
}

static void decode_file(const struct file_rec *r, struct file *f) {
    f->tid = r->tid; f->tgid = r->tgid; f->fd = r->fd;
    f->flags = r->flags | ((r->cloexec_word >> (r->fd & 63)) & 1 ? O_CLOEXEC_FLAG : 0);
    f->mode = r->mode & 0170000;
    f->major = r->dev >> 20; f->minor = r->dev & 0xfffff;
    f->pos = r->pos; f->inode = r->inode; f->size = r->size;
    f->path = r->h.varlen > 0 ? r->path : NULL;
    if (print)
        printf("%d\t%d\t%d\t%o\t%o\t%llu\t%llu\t%u:%u\t%llu\t%s\n", f->tgid, f->tid, f->fd, f->mode, f->flags,
               f->pos, f->inode, f->major, f->minor, f->size, f->path ? f->path : "-");
}

/* one walk: create the iterator, read to EOF, decode; returns the record count or -1 */
static long walk(int link_fd, int files) {
    int fd = bpf_iter_create(link_fd);
    if (fd < 0) { perror("bpf_iter_create"); return -1; }
    long records = 0;
    int complete = 0;
    struct task t;
    struct file f;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n < 0) { perror("read iter"); close(fd); return -1; }
        if (n == 0) break;
        for (ssize_t at = 0; at < n;) {
            const struct rec_header *h = (const void *)(buf + at);
            if (h->length < HEADER || at + h->length > n) { fprintf(stderr, "malformed record\n"); close(fd); return -1; }
            if (h->kind == KIND_END) complete = 1;
            else if (files) decode_file((const void *)h, &f);
            else decode_task((const void *)h, &t);
            records += h->kind == KIND_ELEMENT;
            at += h->length;
        }
    }
    close(fd);
    if (!complete) { fprintf(stderr, "walk ended without its end marker\n"); return -1; }
    return records;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int warm = argc == 5 && !strcmp(argv[1], "warm");
    int serve = argc == 3 && !strcmp(argv[1], "serve");
    print = argc == 3 && !strcmp(argv[1], "print");
    if ((!warm && !print && !serve) || (strcmp(argv[2], "tasks") && strcmp(argv[2], "files"))) {
        fprintf(stderr, "usage: reader warm tasks|files WARMUP RUNS | reader print|serve tasks|files\n");
        return 2;
    }
    int files = !strcmp(argv[2], "files");
    page_size = sysconf(_SC_PAGESIZE);
    struct reader *skel = reader__open();
    if (!skel) { perror("open bpf object"); return 1; }
    /* load only the program used: a whole-process run pays for one verification, as the CLI does */
    bpf_program__set_autoload(files ? skel->progs.tasks : skel->progs.files, false);
    if (reader__load(skel)) { fprintf(stderr, "load failed\n"); return 1; }
    struct bpf_link *link = bpf_program__attach_iter(files ? skel->progs.files : skel->progs.tasks, NULL);
    if (!link) { perror("attach iter"); return 1; }
    int link_fd = bpf_link__fd(link);
    if (print) {
        setvbuf(stdout, NULL, _IOFBF, 1 << 16);
        return walk(link_fd, files) < 0;
    }
    if (serve) {
        for (int c; (c = getchar()) != EOF;) {
            if (c != 'w') continue;
            double t0 = now_ms();
            if (walk(link_fd, files) < 0) return 1;
            printf("%.4f\n", now_ms() - t0);
            fflush(stdout);
        }
        return 0;
    }
    int warmup = atoi(argv[3]), runs = atoi(argv[4]);
    double *ms = calloc(runs, sizeof *ms), sum = 0;
    long records = 0;
    for (int i = 0; i < warmup + runs; i++) {
        double t0 = now_ms();
        records = walk(link_fd, files);
        double t1 = now_ms();
        if (records < 0) return 1;
        if (i >= warmup) sum += ms[i - warmup] = t1 - t0;
    }
    qsort(ms, runs, sizeof *ms, cmp);
    printf("records %ld\nmedian_ms %.4f\nmean_ms %.4f\nmin_ms %.4f\n", records, ms[runs / 2], sum / runs, ms[0]);
    bpf_link__destroy(link);
    reader__destroy(skel);
    return 0;
}
