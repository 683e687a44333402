/*
 * Processes for the hardening tests (io.taskiter.testing.Helper): a storm of short-lived processes,
 * threads and fds; processes with many threads and fds; names built to break presenters; forced pid
 * reuse. Every process it creates dies with its parent (PR_SET_PDEATHSIG), so nothing outlives the JVM.
 *
 * Built by Helper: gcc -O1 -Wall -Werror -pthread -o hardening hardening.c
 *
 * Modes (argv[1]); each prints its facts on stdout, then "ready", then blocks until stdin is closed
 * (or it is killed):
 *   storm                 forks two processes: a forker (forks children that start a thread, open
 *                         fds and exit, reaped at once) and a threader (threads that open and close
 *                         fds and exit, joined at once); prints "storm FORKER THREADER"
 *   proc T F              a process of T threads (leader included) holding F extra /dev/null fds
 *                         (soft RLIMIT_NOFILE raised to the hard limit); prints "proc PID" and
 *                         "tid TID" for each thread, leader first
 *   hostile DIR           in DIR: files with hostile names, a path of exactly 4095 bytes and one of
 *                         more than 4096 (nested directories, reached with openat), all kept open;
 *                         threads with hostile comms; prints "proc PID", "fd FD HEX" (the path the
 *                         kernel will report, hex), "toolong FD" and "comm TID HEX"
 *   reuse T               forks a victim of T threads (comm "victim"); prints "victim PID"; on the
 *                         line "reuse" on stdin: kills and reaps it, then forks until a child (comm
 *                         "reuser", T threads, an fd on "/dev/zero") gets the victim's pid,
 *                         writing /proc/sys/kernel/ns_last_pid before each fork; prints
 *                         "reuser PID ATTEMPTS" or "failed ATTEMPTS", then "ready" again
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "hardening[%d]: %s: %s\n", (int) getpid(), what, strerror(errno));
    exit(2);
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

static void hex(char *dst, const unsigned char *s, size_t n) {
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        dst[2 * i] = d[s[i] >> 4];
        dst[2 * i + 1] = d[s[i] & 15];
    }
    dst[2 * n] = 0;
}

/* Blocks until stdin reaches EOF: the JVM closed it, or died. */
static void wait_stdin_eof(void) {
    char b[64];
    while (read(0, b, sizeof b) > 0) {
    }
}

static void die_with_parent(void) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL)) die("prctl(PR_SET_PDEATHSIG)");
}

static void *sleeper(void *a) {
    (void) a;
    for (;;) pause();
    return NULL;
}

static pid_t gettid_(void) {
    return (pid_t) syscall(SYS_gettid);
}

/* ---- storm ---- */

static void *flash(void *a) {
    (void) a;
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) close(fd);
    return NULL;
}

static void forker(void) {
    die_with_parent();
    prctl(PR_SET_NAME, "storm-forker");
    /* paced: bursts with a pause, a few thousand a second, so that walks still get the CPU */
    for (unsigned long i = 0;; i++) {
        if (i % 16 == 0) usleep(1000);
        pid_t c = fork();
        if (c == 0) {
            pthread_t t;
            int fd = open("/dev/null", O_RDONLY);
            if (pthread_create(&t, NULL, flash, NULL) == 0) pthread_join(t, NULL);
            if (fd >= 0) close(fd);
            _exit(0);
        }
        while (waitpid(-1, NULL, WNOHANG) > 0) {
        }
        if (c < 0) usleep(1000);
    }
}

static void *fd_churn(void *a) {
    (void) a;
    int fds[64];
    for (;;) {
        for (int i = 0; i < 64; i++) fds[i] = open("/dev/null", O_RDONLY);
        for (int i = 0; i < 64; i++) if (fds[i] >= 0) close(fds[i]);
        usleep(1000);
    }
    return NULL;
}

static void threader(void) {
    die_with_parent();
    prctl(PR_SET_NAME, "storm-threader");
    pthread_t c;
    if (pthread_create(&c, NULL, fd_churn, NULL)) die("pthread_create");
    for (;;) {
        pthread_t t[8];
        int n = 0;
        for (int i = 0; i < 8; i++) if (pthread_create(&t[n], NULL, flash, NULL) == 0) n++;
        for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
        usleep(500);
    }
}

static int storm(void) {
    pid_t f = fork();
    if (f == 0) forker();
    pid_t t = fork();
    if (t == 0) threader();
    if (f < 0 || t < 0) die("fork");
    out("storm %d %d\nready\n", (int) f, (int) t);
    wait_stdin_eof();
    kill(f, SIGKILL);
    kill(t, SIGKILL);
    waitpid(f, NULL, 0);
    waitpid(t, NULL, 0);
    return 0;
}

/* ---- proc ---- */

static void raise_fd_limit(void) {
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r)) die("getrlimit");
    r.rlim_cur = r.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &r)) die("setrlimit");
}

struct started {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int n;
    pid_t tids[8192];
};

static struct started started = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, {0}};

static void *counted_sleeper(void *a) {
    pthread_mutex_lock(&started.lock);
    started.tids[started.n++] = gettid_();
    pthread_cond_broadcast(&started.cond);
    pthread_mutex_unlock(&started.lock);
    return sleeper(a);
}

/* Starts n-1 threads with small stacks and waits until each has told its tid. */
static void start_threads(int n) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (int i = 1; i < n; i++) {
        pthread_t t;
        int e = pthread_create(&t, &attr, counted_sleeper, NULL);
        if (e) {
            errno = e;
            die("pthread_create");
        }
    }
    pthread_mutex_lock(&started.lock);
    while (started.n < n - 1) pthread_cond_wait(&started.cond, &started.lock);
    pthread_mutex_unlock(&started.lock);
}

static int proc(int threads, int fds) {
    if (threads < 1 || threads > 8192) {
        fprintf(stderr, "threads must be in [1, 8192]\n");
        return 2;
    }
    raise_fd_limit();
    int null = open("/dev/null", O_RDONLY);
    if (null < 0) die("open /dev/null");
    for (int i = 1; i < fds; i++) {
        if (dup(null) < 0) die("dup");
    }
    start_threads(threads);
    out("proc %d\ntid %d\n", (int) getpid(), (int) getpid());
    for (int i = 0; i < started.n; i++) out("tid %d\n", (int) started.tids[i]);
    out("ready\n");
    wait_stdin_eof();
    return 0;
}

/* ---- hostile ---- */

static int hostile_count;

static void report_fd(int fd) {
    char link[64], target[8192], h[16385];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target);
    if (n < 0) die("readlink");
    hex(h, (unsigned char *) target, (size_t) n);
    out("fd %d %s\n", fd, h);
    hostile_count++;
}

static const char *const hostile_names[] = {
    "new\nline", "tab\there", "quote\"d", "single'q", "back\\slash", "\x1b[31mred\x1b[0m", "bad\xff\xfeutf8",
    "c1\xc2\x9b" "2J", "cr\rhere", "bell\a", "del\x7f", "comma,semi;", "uni\xe2\x80\xae" "rtl", "sp ace",
};

static const char *const hostile_comms[] = {
    "nl\nx", "tab\tx", "q\"b\\s", "\x1b[2Jclear", "bad\xff\xfe", "c1\xc2\x9bx", "cr\rx",
};

struct comm_arg {
    const char *comm;
    pthread_mutex_t *lock;
    pthread_cond_t *cond;
    int *done;
};

static void *named(void *a) {
    struct comm_arg *c = a;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int) gettid_());
    int fd = open(path, O_WRONLY);
    if (fd < 0 || write(fd, c->comm, strlen(c->comm)) < 0) die("write comm");
    close(fd);
    char got[32], h[65];
    fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, got, sizeof got);
    if (n <= 0) die("read comm");
    close(fd);
    if (got[n - 1] == '\n') n--;
    hex(h, (unsigned char *) got, (size_t) n);
    pthread_mutex_lock(c->lock);
    out("comm %d %s\n", (int) gettid_(), h);
    (*c->done)++;
    pthread_cond_broadcast(c->cond);
    pthread_mutex_unlock(c->lock);
    return sleeper(NULL);
}

/* Creates nested directories under dirfd until the next component would make the path reach len. */
static int deep_dir(int dirfd, size_t base, size_t want, size_t *at) {
    char comp[256];
    int d = dup(dirfd);
    *at = base;
    while (*at + 1 + 200 + 1 + 10 < want) {
        memset(comp, 'd', 200);
        comp[200] = 0;
        if (mkdirat(d, comp, 0755) && errno != EEXIST) die("mkdirat");
        int next = openat(d, comp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (next < 0) die("openat dir");
        close(d);
        d = next;
        *at += 1 + 200;
    }
    return d;
}

static int hostile(const char *dir) {
    int n = 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) die("open dir");
    out("proc %d\n", (int) getpid());
    for (size_t i = 0; i < sizeof hostile_names / sizeof *hostile_names; i++) {
        int fd = openat(dfd, hostile_names[i], O_RDWR | O_CREAT, 0644);
        if (fd < 0) die("openat hostile");
        report_fd(fd);
        n++;
    }
    /* exactly 4095 bytes: the longest path d_path can write into PATH_MAX with its NUL */
    size_t base = strlen(dir), at;
    int deep = deep_dir(dfd, base, 4095, &at);
    size_t rest = 4095 - at - 1;
    char name[256];
    if (rest > 255 || rest < 1) {
        fprintf(stderr, "bad rest %zu\n", rest);
        return 2;
    }
    memset(name, 'f', rest);
    name[rest] = 0;
    int fd = openat(deep, name, O_RDWR | O_CREAT, 0644);
    if (fd < 0) die("openat 4095");
    report_fd(fd);
    /* longer than PATH_MAX: the kernel cannot write the whole path anywhere, so it is reported too long */
    int deeper = deep_dir(deep, at, at + 600, &at);
    fd = openat(deeper, "too-long-to-name", O_RDWR | O_CREAT, 0644);
    if (fd < 0) die("openat too long");
    out("toolong %d\n", fd);
    close(deeper);
    close(deep);

    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
    static int done;
    size_t comms = sizeof hostile_comms / sizeof *hostile_comms;
    static struct comm_arg args[16];
    for (size_t i = 0; i < comms; i++) {
        args[i] = (struct comm_arg) {hostile_comms[i], &lock, &cond, &done};
        pthread_t t;
        if (pthread_create(&t, NULL, named, &args[i])) die("pthread_create");
    }
    pthread_mutex_lock(&lock);
    while ((size_t) done < comms) pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    out("ready\n");
    wait_stdin_eof();
    return 0;
}

/* ---- reuse ---- */

/* The child's part of spawn: names itself, starts its threads, reports on the pipe, sleeps. */
static void become(const char *comm, int threads, int pipe_w) {
    die_with_parent();
    prctl(PR_SET_NAME, comm);
    if (strcmp(comm, "reuser") == 0 && open("/dev/zero", O_RDONLY) < 0) die("open /dev/zero");
    start_threads(threads);
    char line[64];
    int n = snprintf(line, sizeof line, "%d\n", started.n);
    if (write(pipe_w, line, (size_t) n) < 0) die("write");
    for (;;) pause();
}

static pid_t spawn(const char *comm, int threads, int pipe_w) {
    pid_t p = fork();
    if (p == 0) become(comm, threads, pipe_w);
    return p;
}

static void await_child(int pipe_r) {
    char b[64];
    if (read(pipe_r, b, sizeof b) <= 0) die("child report");
}

static int reuse(int threads) {
    int p[2];
    if (pipe(p)) die("pipe");
    pid_t victim = spawn("victim", threads, p[1]);
    if (victim < 0) die("fork");
    await_child(p[0]);
    out("victim %d\n", (int) victim);
    out("ready\n");
    char line[64];
    FILE *in = fdopen(0, "r");
    pid_t reuser = 0;
    while (fgets(line, sizeof line, in)) {
        if (strncmp(line, "reuse", 5) != 0) continue;
        kill(victim, SIGKILL);
        if (waitpid(victim, NULL, 0) != victim) die("waitpid victim");
        int attempts = 0;
        for (; attempts < 20000; attempts++) {
            int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
            if (fd < 0) die("open ns_last_pid");
            char num[32];
            int n = snprintf(num, sizeof num, "%d", (int) victim - 1);
            if (write(fd, num, (size_t) n) < 0) die("write ns_last_pid");
            close(fd);
            pid_t c = fork();
            if (c == 0) {
                if (getpid() != victim) _exit(0);
                close(p[0]);
                become("reuser", threads, p[1]);
            }
            if (c < 0) die("fork");
            if (c == victim) {
                reuser = c;
                break;
            }
            waitpid(c, NULL, 0);
        }
        if (reuser) {
            await_child(p[0]);
            out("reuser %d %d\n", (int) reuser, attempts + 1);
        } else {
            out("failed %d\n", attempts);
        }
        out("ready\n");
    }
    if (reuser) kill(reuser, SIGKILL);
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc >= 2 && strcmp(argv[1], "storm") == 0) return storm();
    if (argc >= 4 && strcmp(argv[1], "proc") == 0) return proc(atoi(argv[2]), atoi(argv[3]));
    if (argc >= 3 && strcmp(argv[1], "hostile") == 0) return hostile(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "reuse") == 0) return reuse(atoi(argv[2]));
    fprintf(stderr, "usage: hardening storm | proc T F | hostile DIR | reuse T\n");
    return 2;
}
