/*
 * The TaskIter test workload: creates real processes, threads and open files, then prints a manifest
 * of exactly what it created (every value read back with real syscalls) and blocks until its stdin is
 * closed or it gets SIGTERM / SIGINT / SIGHUP. Then it SIGKILLs and reaps its children, removes its
 * temp dir and exits. Every child has PR_SET_PDEATHSIG(SIGKILL), so nothing outlives the helper. While
 * waiting it reaps any child (but the zombie) that dies, so a test can kill one and see it vanish.
 *
 * Built by io.taskiter.testing.Workload: gcc -O1 -Wall -Werror -pthread -o workload workload.c
 *
 * Options (argv, key=value; defaults in brackets):
 *   threads=0|1   [1] two named threads in P: "fifteen_chars15" and "has space"
 *   unshare=0|1   [1] a thread that unshare(CLONE_FILES)s and opens a file only its table has
 *   files=0|1     [1] the fd set of every type in P
 *   children=0|1  [1] a stopped child, a zombie child, a child running as uid/gid 65534
 *   pidns=0|1     [1] a child in a new pid namespace (its pid 1) with a grandchild (pid 2) of 2 threads
 *   extra=N:M     [0:1] N more plain processes with M threads each (leader included)
 *   nulls=K       [0] K more /dev/null fds in P
 *
 * Manifest (stdout), one record a line, fields separated by one space; "hex" fields are the bytes in
 * lowercase hex ("-" for no bytes); octal fields are written without a leading 0:
 *   taskiter-workload 1
 *   tmpdir HEX
 *   port tcp|udp PORT
 *   proc ROLE PID PPID NSPID NSPPID PIDNS_INO UID GID EUID EGID STATE     (STATE a /proc letter or -)
 *   task ROLE TGID TID NSTID COMM_HEX                                     (per process, creation order)
 *   fd NAME TGID TID FD MODE_OCT PATH_HEX FLAGS_OCT FCNTL_OCT POS INO MAJOR:MINOR SIZE
 *   end
 * PID/TID/PPID are global (the helper's pid namespace), NS* as seen in the task's own pid namespace.
 * fd lines describe every fd of every fd table the helper owns (P's, the unsharing thread's, each
 * child's), not only the ones it opened: FLAGS is fdinfo "flags", FCNTL is F_GETFL plus O_CLOEXEC when
 * FD_CLOEXEC is set, POS is fdinfo "pos", PATH readlink of /proc/thread-self/fd/N.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/timerfd.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REPORT_FD 3 /* in every child: the write end of the pipe its report goes to */
#define MAX_CHILDREN 1100
#define MAX_EXTRA_THREADS 256

/* ---- state of P ---- */
static pid_t main_pid;
static char tmpdir[64];
static pid_t children[MAX_CHILDREN]; /* 0 once reaped */
static int nchildren;
static pid_t zombie_pid; /* never reaped before shutdown */

/* ---- errors ---- */

static void shutdown_main(void);

static void fail(int with_errno, const char *fmt, va_list ap) {
    int e = errno;
    char msg[600];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (with_errno) {
        dprintf(2, "workload[%d]: %s: %s\n", (int) getpid(), msg, strerror(e));
    } else {
        dprintf(2, "workload[%d]: %s\n", (int) getpid(), msg);
    }
    if (getpid() == main_pid) shutdown_main();
    _exit(2);
}

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fail(0, fmt, ap);
    va_end(ap);
}

static void die_errno(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fail(1, fmt, ap);
    va_end(ap);
}

/* ---- growable text buffer ---- */

struct buf {
    char *p;
    size_t n, cap;
};

static void bput(struct buf *b, const void *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->n + n + 1 > cap) cap *= 2;
        b->p = realloc(b->p, cap);
        if (!b->p) die("out of memory");
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void bprintf(struct buf *b, const char *fmt, ...) {
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) die("vsnprintf");
    if ((size_t) n < sizeof small) {
        bput(b, small, (size_t) n);
        return;
    }
    char *big = malloc((size_t) n + 1);
    if (!big) die("out of memory");
    va_start(ap, fmt);
    vsnprintf(big, (size_t) n + 1, fmt, ap);
    va_end(ap);
    bput(b, big, (size_t) n);
    free(big);
}

static void bhex(struct buf *b, const void *s, size_t n) {
    static const char digits[] = "0123456789abcdef";
    const unsigned char *u = s;
    if (n == 0) {
        bput(b, "-", 1);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char two[2] = {digits[u[i] >> 4], digits[u[i] & 15]};
        bput(b, two, 2);
    }
}

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) die_errno("write to fd %d", fd);
        p += w;
        n -= (size_t) w;
    }
}

static void read_to_eof(int fd, struct buf *b) {
    char chunk[8192];
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) die_errno("read report pipe");
        if (r == 0) break;
        bput(b, chunk, (size_t) r);
    }
    close(fd);
}

/* ---- fd tables: the name of each fd the helper opened ---- */

static int fd_limit; /* RLIMIT_NOFILE (soft raised to hard) */

struct table {
    char **names;
    int cap;
};

static void table_name(struct table *t, int fd, const char *name) {
    if (fd < 0 || fd >= t->cap) die("fd %d out of range", fd);
    free(t->names[fd]);
    t->names[fd] = strdup(name);
}

static void table_init(struct table *t) {
    t->cap = fd_limit;
    t->names = calloc((size_t) t->cap, sizeof(char *));
    if (!t->names) die("out of memory");
    table_name(t, 0, "stdin");
    table_name(t, 1, "stdout");
    table_name(t, 2, "stderr");
}

/* ---- identities ---- */

struct ident {
    int gpid, gtid; /* as /proc (the helper's namespace) sees them */
    int nspid, nstid; /* as the task's own namespace sees them */
};

static void self_ident(struct ident *id) {
    char l[64];
    ssize_t n = readlink("/proc/thread-self", l, sizeof l - 1);
    if (n < 0) die_errno("readlink /proc/thread-self");
    l[n] = 0;
    if (sscanf(l, "%d/task/%d", &id->gpid, &id->gtid) != 2) die("unexpected /proc/thread-self: %s", l);
    id->nspid = getpid();
    id->nstid = gettid();
}

struct trec {
    const char *role;
    struct ident id;
    char comm[16];
};

/* Names the calling thread and records it; call from the thread itself. */
static void trec_self(struct trec *t, const char *role, const char *comm) {
    if (comm && prctl(PR_SET_NAME, comm, 0, 0, 0)) die_errno("prctl(PR_SET_NAME, %s)", comm);
    t->role = role;
    self_ident(&t->id);
    memset(t->comm, 0, sizeof t->comm);
    if (prctl(PR_GET_NAME, t->comm, 0, 0, 0)) die_errno("prctl(PR_GET_NAME)");
}

static unsigned long long pidns_inode(void) {
    struct stat st;
    if (stat("/proc/thread-self/ns/pid", &st)) die_errno("stat /proc/thread-self/ns/pid");
    return (unsigned long long) st.st_ino;
}

/* The proc line and the task lines of the calling process (call from its leader). */
static void report_process(struct buf *b, const char *role, int gppid, char state, struct trec *tasks, int n) {
    struct ident me;
    self_ident(&me);
    bprintf(b, "proc %s %d %d %d %d %llu %u %u %u %u %c\n", role, me.gpid, gppid, me.nspid, (int) getppid(),
            pidns_inode(), getuid(), getgid(), geteuid(), getegid(), state);
    for (int i = 0; i < n; i++) {
        bprintf(b, "task %s %d %d %d ", tasks[i].role, me.gpid, tasks[i].id.gtid, tasks[i].id.nstid);
        bhex(b, tasks[i].comm, strlen(tasks[i].comm));
        bput(b, "\n", 1);
    }
}

/* ---- describing fds (from the thread whose table it is) ---- */

static void describe_fd(struct buf *b, const char *name, int tgid, int tid, int fd, int fdflags) {
    struct stat st;
    char path[64];
    if (fstat(fd, &st)) die_errno("fstat fd %d", fd);
    snprintf(path, sizeof path, "/proc/thread-self/fd/%d", fd);
    char link[PATH_MAX + 64];
    ssize_t ln = readlink(path, link, sizeof link);
    if (ln < 0) die_errno("readlink %s", path);
    if ((size_t) ln == sizeof link) die("%s: link too long", path);

    snprintf(path, sizeof path, "/proc/thread-self/fdinfo/%d", fd);
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) die_errno("open %s", path);
    char info[4096];
    ssize_t r = read(in, info, sizeof info - 1);
    if (r < 0) die_errno("read %s", path);
    close(in);
    info[r] = 0;
    long long pos = 0;
    unsigned flags = 0;
    int have = 0;
    for (char *line = info; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        if (sscanf(line, "pos: %lld", &pos) == 1) have |= 1;
        else if (sscanf(line, "flags: %o", &flags) == 1) have |= 2;
        line = nl ? nl + 1 : NULL;
    }
    if (have != 3) die("%s: no pos or flags in: %s", path, info);

    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) die_errno("fcntl(%d, F_GETFL)", fd);
    unsigned fcntl_flags = (unsigned) fl | ((fdflags & FD_CLOEXEC) ? O_CLOEXEC : 0);
    off_t cur = lseek(fd, 0, SEEK_CUR);
    if (cur >= 0 && cur != pos) die("fd %d: lseek says %lld, fdinfo pos %lld", fd, (long long) cur, pos);

    bprintf(b, "fd %s %d %d %d %o ", name, tgid, tid, fd, (unsigned) st.st_mode);
    bhex(b, link, (size_t) ln);
    bprintf(b, " %o %o %lld %llu %u:%u %lld\n", flags, fcntl_flags, pos, (unsigned long long) st.st_ino,
            major(st.st_dev), minor(st.st_dev), (long long) st.st_size);
}

static int int_cmp(const void *a, const void *b) {
    int x = *(const int *) a, y = *(const int *) b;
    return (x > y) - (x < y);
}

/* Every fd of the calling thread's table, ascending, except skip. */
static void describe_table(struct buf *b, struct table *t, int tgid, int tid, int skip) {
    int *fds = malloc(sizeof(int) * (size_t) t->cap);
    int n = 0;
    if (!fds) die("out of memory");
    DIR *d = opendir("/proc/thread-self/fd");
    if (!d) die_errno("opendir /proc/thread-self/fd");
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        int fd = atoi(e->d_name);
        if (fd == dirfd(d) || fd == skip) continue;
        if (n == t->cap) die("more fds than RLIMIT_NOFILE");
        fds[n++] = fd;
    }
    closedir(d);
    qsort(fds, (size_t) n, sizeof(int), int_cmp);
    for (int i = 0; i < n; i++) {
        int fdflags = fcntl(fds[i], F_GETFD);
        if (fdflags < 0) die_errno("fcntl(%d, F_GETFD)", fds[i]);
        const char *name = fds[i] < t->cap && t->names[fds[i]] ? t->names[fds[i]] : "inherited";
        describe_fd(b, name, tgid, tid, fds[i], fdflags);
    }
    free(fds);
}

/* ---- children ---- */

static void idle_forever(void) {
    for (;;) pause();
}

/*
 * Forks a child that dies with its parent (PR_SET_PDEATHSIG) and has fds 0 and 1 on /dev/null, 2 the
 * parent's stderr and REPORT_FD the write end of a report pipe: a new one (share_w < 0; the parent gets
 * the read end in *report_r) or share_w itself (already REPORT_FD in the caller).
 */
static pid_t fork_child(int *report_r, int share_w) {
    int p[2] = {-1, -1};
    int w = share_w;
    if (share_w < 0) {
        if (pipe2(p, O_CLOEXEC)) die_errno("pipe2");
        w = p[1];
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) die_errno("fork");
    if (pid == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0)) die_errno("prctl(PR_SET_PDEATHSIG)");
        /* the parent died before prctl: we were reparented (a pid namespace's init sees ppid 0) */
        pid_t pp = getppid();
        if (pp != parent && pp != 0) _exit(1);
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (nul < 0) die_errno("open /dev/null");
        if (dup2(nul, 0) < 0 || dup2(nul, 1) < 0) die_errno("dup2");
        if (w != REPORT_FD && dup2(w, REPORT_FD) < 0) die_errno("dup2");
        if (close_range(REPORT_FD + 1, ~0U, 0)) die_errno("close_range");
        return 0;
    }
    if (share_w < 0) {
        close(p[1]);
        *report_r = p[0];
    }
    return pid;
}

/* Writes the calling (leader) process's report and its fd table to REPORT_FD, then closes it. */
static void send_report(const char *role, int gppid, char state, struct trec *tasks, int n) {
    struct buf b = {0};
    struct table t;
    table_init(&t);
    report_process(&b, role, gppid, state, tasks, n);
    describe_table(&b, &t, tasks[0].id.gpid, tasks[0].id.gtid, REPORT_FD);
    write_all(REPORT_FD, b.p, b.n);
    close(REPORT_FD);
    free(b.p);
}

static void child_stopped(int gppid) {
    struct trec t;
    trec_self(&t, "leader", "wl-stopped");
    send_report("stopped", gppid, 'T', &t, 1);
    raise(SIGSTOP);
    idle_forever();
}

static void child_nobody(int gppid) {
    struct trec t;
    if (prctl(PR_SET_NAME, "wl-nobody", 0, 0, 0)) die_errno("prctl(PR_SET_NAME)");
    if (setgroups(0, NULL)) die_errno("setgroups");
    if (setresgid(65534, 65534, 65534)) die_errno("setresgid(65534)");
    if (setresuid(65534, 65534, 65534)) die_errno("setresuid(65534)");
    /* a credential change clears the parent-death signal and dumpable (which would make
     * /proc/self/fdinfo root's and unreadable to us) */
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)) die_errno("prctl(PR_SET_DUMPABLE)");
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0)) die_errno("prctl(PR_SET_PDEATHSIG)");
    if (getppid() != gppid) _exit(1);
    trec_self(&t, "leader", NULL);
    send_report("nobody", gppid, '-', &t, 1);
    idle_forever();
}

/* Threads that name themselves, record themselves and idle. */
struct idle_arg {
    struct trec *rec;
    const char *role;
    char comm[32];
    sem_t *ready;
};

static void *idle_thread(void *a) {
    struct idle_arg *arg = a;
    trec_self(arg->rec, arg->role, arg->comm);
    sem_post(arg->ready);
    idle_forever();
    return NULL;
}

static void start_idle_thread(struct idle_arg *arg) {
    pthread_t th;
    int e = pthread_create(&th, NULL, idle_thread, arg);
    if (e) {
        errno = e;
        die_errno("pthread_create");
    }
    while (sem_wait(arg->ready) && errno == EINTR) {
    }
}

static void child_nschild(int gppid) {
    static struct trec t[2];
    static sem_t ready;
    sem_init(&ready, 0, 0);
    trec_self(&t[0], "leader", "wl-nschild");
    struct idle_arg a = {&t[1], "thread", "wl-nsthread", &ready};
    start_idle_thread(&a);
    send_report("nschild", gppid, '-', t, 2);
    idle_forever();
}

static void child_nsinit(int gppid) {
    struct trec t;
    trec_self(&t, "leader", "wl-nsinit");
    pid_t g = fork_child(NULL, REPORT_FD);
    if (g == 0) child_nschild(t.id.gpid);
    send_report("nsinit", gppid, '-', &t, 1);
    for (;;) {
        if (wait(NULL) < 0 && errno == ECHILD) pause();
    }
}

static void child_extra(int index, int threads, int gppid) {
    static struct trec t[MAX_EXTRA_THREADS];
    static struct idle_arg a[MAX_EXTRA_THREADS];
    static sem_t ready;
    char comm[32];
    sem_init(&ready, 0, 0);
    snprintf(comm, sizeof comm, "wl-extra%d", index);
    trec_self(&t[0], "leader", comm);
    for (int j = 1; j < threads; j++) {
        a[j].rec = &t[j];
        a[j].role = "thread";
        snprintf(a[j].comm, sizeof a[j].comm, "wl-x%d.%d", index, j);
        a[j].ready = &ready;
        start_idle_thread(&a[j]);
    }
    send_report("extra", gppid, '-', t, threads);
    idle_forever();
}

/* ---- P ---- */

static struct table ptable, utable;
static struct trec ptasks[4];
static int nptasks;
static sem_t tu_ready, tu_go, tu_done;
static struct buf tu_buf;

static void path_in_tmp(char *out, size_t n, const char *name) {
    snprintf(out, n, "%s/%s", tmpdir, name);
}

static void *unshared_thread(void *a) {
    struct trec *rec = a;
    char path[128];
    trec_self(rec, "unshared", "wl-unshared");
    if (unshare(CLONE_FILES)) die_errno("unshare(CLONE_FILES)");
    /* the copy of P's table holds only 0, 1 and 2 at this point; make sure of it */
    if (close_range(3, ~0U, 0)) die_errno("close_range");
    table_init(&utable);
    path_in_tmp(path, sizeof path, "unshared.txt");
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) die_errno("open %s", path);
    static const char text[] = "only in the unshared table\n";
    write_all(fd, text, sizeof text - 1);
    table_name(&utable, fd, "unshared");
    sem_post(&tu_ready);
    while (sem_wait(&tu_go) && errno == EINTR) {
    }
    describe_table(&tu_buf, &utable, rec->id.gpid, rec->id.gtid, -1);
    sem_post(&tu_done);
    idle_forever();
    return NULL;
}

static const char *const tmp_files[] = {"reg.bin", "append.log", "new\nline.txt", "cloexec.txt", "unshared.txt",
                                        "deleted.txt"};

static void cleanup_files(void) {
    char path[128];
    if (!tmpdir[0]) return;
    for (size_t i = 0; i < sizeof tmp_files / sizeof tmp_files[0]; i++) {
        path_in_tmp(path, sizeof path, tmp_files[i]);
        unlink(path);
    }
    path_in_tmp(path, sizeof path, "sub");
    rmdir(path);
    rmdir(tmpdir);
    tmpdir[0] = 0;
}

/* SIGKILLs and reaps every child (the zombie included), removes the temp dir. */
static void shutdown_main(void) {
    for (int i = 0; i < nchildren; i++) {
        if (children[i] > 0) kill(children[i], SIGKILL);
    }
    for (int i = 0; i < nchildren; i++) {
        while (children[i] > 0 && waitpid(children[i], NULL, 0) < 0 && errno == EINTR) {
        }
    }
    nchildren = 0;
    cleanup_files();
}

static void add_child(pid_t pid) {
    if (nchildren == MAX_CHILDREN) die("too many children");
    children[nchildren++] = pid;
}

static int open_named(const char *name, const char *file, int flags) {
    char path[128];
    path_in_tmp(path, sizeof path, file);
    int fd = open(path, flags, 0644);
    if (fd < 0) die_errno("open %s", path);
    table_name(&ptable, fd, name);
    return fd;
}

static void check(int r, const char *what) {
    if (r < 0) die_errno("%s", what);
}

static int bound_socket(int type, int *port) {
    int fd = socket(AF_INET, type, 0);
    check(fd, "socket");
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    check(bind(fd, (struct sockaddr *) &sa, sizeof sa), "bind 127.0.0.1:0");
    if (type == SOCK_STREAM) check(listen(fd, 4), "listen");
    socklen_t len = sizeof sa;
    check(getsockname(fd, (struct sockaddr *) &sa, &len), "getsockname");
    *port = ntohs(sa.sin_port);
    return fd;
}

static void open_file_set(struct buf *m) {
    char block[4096];
    int fd, p[2];
    for (size_t i = 0; i < sizeof block; i++) block[i] = (char) ('a' + i % 26);

    fd = open_named("reg", "reg.bin", O_RDWR | O_CREAT | O_TRUNC);
    write_all(fd, block, sizeof block); /* size 4096 */
    check((int) lseek(fd, 1234, SEEK_SET), "lseek");

    fd = open_named("append", "append.log", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND);
    write_all(fd, "appended line\n", 14); /* size 14, pos 14 */

    fd = open_named("deleted", "deleted.txt", O_RDWR | O_CREAT | O_TRUNC);
    write_all(fd, block, 100); /* size 100 */
    check((int) lseek(fd, 10, SEEK_SET), "lseek");
    char path[128];
    path_in_tmp(path, sizeof path, "deleted.txt");
    check(unlink(path), "unlink deleted.txt");

    open_named("newline", "new\nline.txt", O_RDONLY | O_CREAT);

    path_in_tmp(path, sizeof path, "sub");
    check(mkdir(path, 0755), "mkdir sub");
    open_named("dir", "sub", O_RDONLY | O_DIRECTORY);

    fd = open("/dev/null", O_RDWR);
    check(fd, "open /dev/null");
    table_name(&ptable, fd, "devnull");

    check(pipe(p), "pipe");
    write_all(p[1], "abc", 3);
    table_name(&ptable, p[0], "pipe_r");
    table_name(&ptable, p[1], "pipe_w");

    check(socketpair(AF_UNIX, SOCK_STREAM, 0, p), "socketpair");
    table_name(&ptable, p[0], "unix_a");
    table_name(&ptable, p[1], "unix_b");

    int port;
    fd = bound_socket(SOCK_STREAM, &port);
    table_name(&ptable, fd, "tcp");
    bprintf(m, "port tcp %d\n", port);
    fd = bound_socket(SOCK_DGRAM, &port);
    table_name(&ptable, fd, "udp");
    bprintf(m, "port udp %d\n", port);

    int efd = eventfd(5, 0);
    check(efd, "eventfd");
    table_name(&ptable, efd, "eventfd");

    fd = epoll_create1(0);
    check(fd, "epoll_create1");
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = efd};
    check(epoll_ctl(fd, EPOLL_CTL_ADD, efd, &ev), "epoll_ctl");
    table_name(&ptable, fd, "epoll");

    fd = timerfd_create(CLOCK_MONOTONIC, 0);
    check(fd, "timerfd_create");
    struct itimerspec its = {.it_interval = {3600, 0}, .it_value = {3600, 0}};
    check(timerfd_settime(fd, 0, &its, NULL), "timerfd_settime");
    table_name(&ptable, fd, "timerfd");

    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    fd = signalfd(-1, &usr1, 0);
    check(fd, "signalfd");
    table_name(&ptable, fd, "signalfd");

    fd = inotify_init1(0);
    check(fd, "inotify_init1");
    check(inotify_add_watch(fd, tmpdir, IN_CREATE | IN_DELETE), "inotify_add_watch");
    table_name(&ptable, fd, "inotify");

    fd = memfd_create("x", 0);
    check(fd, "memfd_create");
    write_all(fd, "memfd\n", 6);
    check(ftruncate(fd, 5000), "ftruncate"); /* size 5000, pos 6 */
    table_name(&ptable, fd, "memfd");

    open_named("cloexec", "cloexec.txt", O_RDONLY | O_CREAT | O_CLOEXEC);
}

static volatile sig_atomic_t terminated, child_died;

static void on_term(int sig) {
    (void) sig;
    terminated = 1;
}

static void on_child(int sig) {
    (void) sig;
    child_died = 1;
}

/* Reaps the children that died (killed by a test), except the zombie, which must stay one. */
static void reap_dead_children(void) {
    child_died = 0;
    for (int i = 0; i < nchildren; i++) {
        if (children[i] <= 0 || children[i] == zombie_pid) continue;
        int r;
        while ((r = waitpid(children[i], NULL, WNOHANG)) < 0 && errno == EINTR) {
        }
        if (r == children[i]) children[i] = 0;
    }
}

static int option(int argc, char **argv, const char *key, int dflt, int *second) {
    size_t kl = strlen(key);
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], key, kl) == 0 && argv[i][kl] == '=') {
            char *end;
            long v = strtol(argv[i] + kl + 1, &end, 10);
            if (second && *end == ':') *second = (int) strtol(end + 1, &end, 10);
            if (*end || end == argv[i] + kl + 1) die("bad option %s", argv[i]);
            return (int) v;
        }
    }
    return dflt;
}

static void start_thread(void *(*fn)(void *), void *arg) {
    pthread_t th;
    int e = pthread_create(&th, NULL, fn, arg);
    if (e) {
        errno = e;
        die_errno("pthread_create");
    }
}

int main(int argc, char **argv) {
    main_pid = getpid();
    for (int i = 1; i < argc; i++) {
        static const char *const known[] = {"threads=", "unshare=", "files=", "children=", "pidns=", "extra=",
                                            "nulls="};
        int ok = 0;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) ok |= strncmp(argv[i], known[k], strlen(known[k])) == 0;
        if (!ok) die("unknown option %s", argv[i]);
    }
    int opt_threads = option(argc, argv, "threads", 1, NULL);
    int opt_unshare = option(argc, argv, "unshare", 1, NULL);
    int opt_files = option(argc, argv, "files", 1, NULL);
    int opt_children = option(argc, argv, "children", 1, NULL);
    int opt_pidns = option(argc, argv, "pidns", 1, NULL);
    int extra_threads = 1;
    int opt_extra = option(argc, argv, "extra", 0, &extra_threads);
    int opt_nulls = option(argc, argv, "nulls", 0, NULL);
    if (opt_extra < 0 || opt_extra > 1000) die("extra processes: %d not in [0, 1000]", opt_extra);
    if (extra_threads < 1 || extra_threads > MAX_EXTRA_THREADS)
        die("threads per extra process: %d not in [1, %d]", extra_threads, MAX_EXTRA_THREADS);
    if (opt_nulls < 0) die("nulls: %d is negative", opt_nulls);

    struct rlimit rl;
    check(getrlimit(RLIMIT_NOFILE, &rl), "getrlimit");
    if (rl.rlim_max > (1 << 20)) rl.rlim_max = 1 << 20;
    rl.rlim_cur = rl.rlim_max;
    check(setrlimit(RLIMIT_NOFILE, &rl), "setrlimit");
    fd_limit = (int) rl.rlim_cur;

    /* SIGCHLD has a handler (no auto-reaping: the zombie must stay); the signals that end the wait and
     * SIGCHLD are blocked everywhere but in main's ppoll */
    signal(SIGPIPE, SIG_IGN);
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGHUP);
    sigaddset(&blocked, SIGUSR1);
    sigaddset(&blocked, SIGCHLD);
    sigprocmask(SIG_BLOCK, &blocked, NULL);
    struct sigaction sa = {.sa_handler = on_term};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    struct sigaction sc = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP};
    sigaction(SIGCHLD, &sc, NULL);

    strcpy(tmpdir, "/tmp/taskiter-wl-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        tmpdir[0] = 0;
        die_errno("mkdtemp");
    }

    /* 1. children, while P is single-threaded and holds only fds 0-2 */
    struct buf reports = {0};
    if (opt_children) {
        int r;
        pid_t pid = fork_child(&r, -1);
        if (pid == 0) child_stopped(main_pid);
        add_child(pid);
        read_to_eof(r, &reports);
        int status;
        while (waitpid(pid, &status, WUNTRACED) < 0) {
            if (errno != EINTR) die_errno("waitpid stopped child");
        }
        if (!WIFSTOPPED(status)) die("the stopped child did not stop (status %#x)", status);

        pid = fork();
        if (pid < 0) die_errno("fork");
        if (pid == 0) {
            prctl(PR_SET_NAME, "wl-zombie", 0, 0, 0);
            _exit(0);
        }
        add_child(pid);
        zombie_pid = pid;
        siginfo_t si;
        memset(&si, 0, sizeof si);
        while (waitid(P_PID, (id_t) pid, &si, WEXITED | WNOWAIT) < 0) {
            if (errno != EINTR) die_errno("waitid zombie");
        }
        bprintf(&reports, "proc zombie %d %d %d %d %llu %u %u %u %u Z\n", pid, main_pid, pid, main_pid, pidns_inode(),
                getuid(), getgid(), geteuid(), getegid());
        bprintf(&reports, "task leader %d %d %d ", pid, pid, pid);
        bhex(&reports, "wl-zombie", 9);
        bput(&reports, "\n", 1);

        pid = fork_child(&r, -1);
        if (pid == 0) child_nobody(main_pid);
        add_child(pid);
        read_to_eof(r, &reports);
    }
    if (opt_pidns) {
        int nsfd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
        check(nsfd, "open /proc/self/ns/pid");
        check(unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID)");
        int r;
        pid_t pid = fork_child(&r, -1);
        if (pid == 0) child_nsinit(main_pid);
        /* back to our own namespace for later children and, above all, threads (a process whose
         * children go to another pid namespace cannot create threads) */
        check(setns(nsfd, CLONE_NEWPID), "setns(own pid namespace)");
        close(nsfd);
        add_child(pid);
        read_to_eof(r, &reports);
    }
    for (int i = 0; i < opt_extra; i++) {
        int r;
        pid_t pid = fork_child(&r, -1);
        if (pid == 0) child_extra(i, extra_threads, main_pid);
        add_child(pid);
        read_to_eof(r, &reports);
    }

    /* 2. P's threads, in creation order; the unsharing one before P opens anything */
    table_init(&ptable);
    sem_t ready;
    sem_init(&ready, 0, 0);
    sem_init(&tu_ready, 0, 0);
    sem_init(&tu_go, 0, 0);
    sem_init(&tu_done, 0, 0);
    trec_self(&ptasks[nptasks++], "leader", "wl-main");
    static struct idle_arg fifteen = {.role = "fifteen", .comm = "fifteen_chars15"};
    static struct idle_arg space = {.role = "space", .comm = "has space"};
    if (opt_threads) {
        fifteen.rec = &ptasks[nptasks++];
        fifteen.ready = &ready;
        start_idle_thread(&fifteen);
        space.rec = &ptasks[nptasks++];
        space.ready = &ready;
        start_idle_thread(&space);
    }
    struct trec *tu = NULL;
    if (opt_unshare) {
        tu = &ptasks[nptasks++];
        start_thread(unshared_thread, tu);
        while (sem_wait(&tu_ready) && errno == EINTR) {
        }
    }

    /* 3. P's fds */
    struct buf m = {0};
    bprintf(&m, "taskiter-workload 1\ntmpdir ");
    bhex(&m, tmpdir, strlen(tmpdir));
    bput(&m, "\n", 1);
    if (opt_files) open_file_set(&m);
    for (int i = 0; i < opt_nulls; i++) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0 && (errno == EMFILE || errno == ENFILE))
            die("fds(%d): extra /dev/null fd #%d failed: %s; a process may hold at most %d fds here "
                "(RLIMIT_NOFILE hard limit; P needs a few dozen itself)",
                opt_nulls, i, strerror(errno), fd_limit);
        check(fd, "open /dev/null");
        char name[32];
        snprintf(name, sizeof name, "null.%d", i);
        table_name(&ptable, fd, name);
    }

    /* 4. the manifest */
    report_process(&m, "main", (int) getppid(), '-', ptasks, nptasks);
    describe_table(&m, &ptable, main_pid, main_pid, -1);
    if (tu) {
        sem_post(&tu_go);
        while (sem_wait(&tu_done) && errno == EINTR) {
        }
        bput(&m, tu_buf.p, tu_buf.n);
    }
    if (reports.n) bput(&m, reports.p, reports.n);
    bprintf(&m, "end\n");
    write_all(1, m.p, m.n);
    free(m.p);

    /* 5. wait for stdin EOF or a termination signal; reap children a test kills */
    sigset_t none;
    sigemptyset(&none);
    while (!terminated) {
        struct pollfd pfd = {.fd = 0, .events = POLLIN};
        reap_dead_children();
        int r = ppoll(&pfd, 1, NULL, &none);
        if (r < 0) {
            if (errno == EINTR) continue;
            die_errno("ppoll");
        }
        char b[256];
        ssize_t n = read(0, b, sizeof b);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) break;
    }
    shutdown_main();
    return 0;
}
