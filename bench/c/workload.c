/*
 * Benchmark workload: N processes x T threads x F open fds of mixed types, held until torn down.
 *
 *   workload up PROCS THREADS FDS DIR   the holder: starts the processes, writes DIR/pids and then
 *                                       DIR/ready, reaps them as they die and exits when none is
 *                                       left; on failure kills what it started and exits 1
 *   workload down DIR                   SIGKILL every process listed, wait until none remains
 *
 * The caller runs `up` in the background (so that it, not init, reaps the holder) and waits for
 * DIR/ready. DIR/pids lists "PID STARTTIME" of every child, so that teardown kills exactly those and
 * never a process that later reused a number. Every child dies with the holder (PR_SET_PDEATHSIG).
 *
 * Each process holds exactly FDS fds (0, 1, 2 on /dev/null included), cycling through the mix
 * below; threads share the table and block in pause() on 16 KiB stacks, so 20,000 threads cost
 * about 0.7 GB (mostly kernel stacks). TCP sockets get SO_LINGER 0: killed, they reset instead of
 * leaving TIME_WAIT entries that would exhaust ephemeral ports over repeated runs.
 *
 * Built by bench/run: gcc -O2 -Wall -pthread -o workload workload.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DATA_FILES 4

static void die(const char *what) {
    perror(what);
    _exit(1);
}

/* one fd of a mix entry; pairs count two */
enum kind { REG, PIPE, SOCKPAIR, TCP, UDP, EVENT, DEVNULL };
/* 11 fds per cycle: 3 regular, 2 pipe, 2 socketpair, 2 TCP, 1 UDP, 1 eventfd (+ /dev/null fill) */
static const enum kind MIX[] = {REG, PIPE, SOCKPAIR, REG, TCP, UDP, EVENT, REG, DEVNULL};

static const char *dir;
static int listener = -1;   /* per process: TCP pairs connect to it, and it counts as an fd */

static void no_linger(int s) {
    struct linger l = {1, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

static int open_reg(int i) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/data%d", dir, i % DATA_FILES);
    int fd = open(path, i % 2 ? O_RDONLY : O_RDWR);
    if (fd < 0) die("open data file");
    /* offsets differ per fd so pos is a real value, not 0 everywhere */
    lseek(fd, (off_t)(i % 256) * 4096, SEEK_SET);
    return 1;
}

static int tcp_pair(void) {
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    if (getsockname(listener, (struct sockaddr *)&a, &len) < 0) die("getsockname");
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0) die("socket tcp");
    no_linger(c);
    if (connect(c, (struct sockaddr *)&a, sizeof a) < 0) die("connect");
    int s = accept(listener, NULL, NULL);
    if (s < 0) die("accept");
    no_linger(s);
    return 2;
}

/* opens one mix entry; returns the fds it opened; `room` is how many may still be opened */
static int open_one(enum kind k, int i, int room) {
    int p[2];
    if (room < 2 && (k == PIPE || k == SOCKPAIR || k == TCP)) k = DEVNULL;
    switch (k) {
    case REG: return open_reg(i);
    case PIPE: if (pipe(p) < 0) die("pipe"); return 2;
    case SOCKPAIR: if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) < 0) die("socketpair"); return 2;
    case TCP: return tcp_pair();
    case UDP: {
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0) die("udp");
        return 1;
    }
    case EVENT: if (eventfd(0, EFD_CLOEXEC) < 0) die("eventfd"); return 1;
    case DEVNULL: if (open("/dev/null", O_WRONLY) < 0) die("/dev/null"); return 1;
    }
    return 0;
}

static void *blocked(void *unused) {
    (void)unused;
    prctl(PR_SET_NAME, "tiwl-thread");
    for (;;) pause();
    return NULL;
}

/* a child: open `fds` fds in total, start threads-1 threads, report ready on `ready`, wait forever */
static void child(int nthreads, int fds, int ready) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_NAME, "tiwl-proc");
    int null = open("/dev/null", O_RDWR);
    if (null < 0) die("/dev/null");
    for (int i = 0; i < 3; i++) dup2(null, i);
    if (null > 2) close(null);
    /* keep only stdio and the ready pipe: the holder's fds are not part of the workload */
    if (ready > 3) close_range(3, ready - 1, 0);
    close_range(ready + 1, ~0U, 0);
    int open_fds = 4; /* 0, 1, 2 and the ready pipe, which a /dev/null replaces at the end */
    listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof a) < 0 || listen(listener, 16) < 0)
        die("listen");
    open_fds++;
    for (int i = 0; open_fds < fds; i++)
        open_fds += open_one(MIX[i % (sizeof MIX / sizeof MIX[0])], i, fds - open_fds);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
    for (int t = 1; t < nthreads; t++) {
        pthread_t th;
        if (pthread_create(&th, &attr, blocked, NULL) != 0) die("pthread_create");
    }
    if (write(ready, "r", 1) != 1) die("ready");
    close(ready);
    if (fds > 3 && open("/dev/null", O_RDONLY) < 0) die("/dev/null");
    for (;;) pause();
}

static long long starttime(pid_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* comm may hold spaces: count fields after it */
    if (!p) return -1;
    long long v = -1;
    /* after ")": field 3 is state; starttime is field 22 */
    for (int field = 2; p && field < 22; field++) p = strchr(p + 1, ' ');
    if (p) v = atoll(p + 1);
    return v;
}

static int up(int procs, int nthreads, int fds, const char *d) {
    dir = d;
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if ((rlim_t)fds > rl.rlim_max) {
        fprintf(stderr, "workload: %d fds per process exceed the hard limit %llu\n", fds,
                (unsigned long long)rl.rlim_max);
        return 1;
    }
    for (int i = 0; i < DATA_FILES; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/data%d", dir, i);
        int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
        if (fd < 0 || ftruncate(fd, 1 << 20) < 0) die("data file");
        close(fd);
    }
    int ready[2];
    if (pipe(ready) < 0) die("pipe");
    pid_t *pids = calloc(procs, sizeof *pids);
    int n = 0, ok = 1;
    for (; n < procs; n++) {
        pid_t p = fork();
        if (p < 0) { perror("fork"); ok = 0; break; }
        if (p == 0) { close(ready[0]); child(nthreads, fds, ready[1]); }
        pids[n] = p;
    }
    close(ready[1]);
    for (int i = 0; ok && i < n; i++) {
        char c;
        if (read(ready[0], &c, 1) != 1) { fprintf(stderr, "workload: a child failed\n"); ok = 0; }
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/pids", dir);
    FILE *f = fopen(path, "w");
    if (!f) die("pids file");
    for (int i = 0; i < n; i++) fprintf(f, "%d %lld\n", pids[i], starttime(pids[i]));
    fclose(f);
    if (!ok) {
        for (int i = 0; i < n; i++) kill(pids[i], SIGKILL);
        while (wait(NULL) > 0) {}
        return 1;
    }
    snprintf(path, sizeof path, "%s/ready", dir);
    if (close(open(path, O_CREAT | O_WRONLY, 0644)) < 0) die("ready file");
    /* reap children as they are killed; leave once none is left */
    while (wait(NULL) > 0 || errno == EINTR) {}
    return 0;
}

static int down(const char *d) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/pids", d);
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return 1; }
    int cap = 1024, n = 0;
    pid_t *pid = malloc(cap * sizeof *pid);
    long long *start = malloc(cap * sizeof *start);
    while (fscanf(f, "%d %lld", &pid[n], &start[n]) == 2) {
        if (++n == cap) {
            cap *= 2;
            pid = realloc(pid, cap * sizeof *pid);
            start = realloc(start, cap * sizeof *start);
        }
    }
    fclose(f);
    for (int i = 0; i < n; i++)
        if (starttime(pid[i]) == start[i]) kill(pid[i], SIGKILL);
    int left = 0;
    for (int tries = 0; tries < 600; tries++) {
        left = 0;
        for (int i = 0; i < n; i++)
            if (starttime(pid[i]) == start[i]) left++;
        if (!left) break;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (left) {
        fprintf(stderr, "workload: %d of %d processes still there after 30 s\n", left, n);
        return 1;
    }
    printf("workload: %d processes killed, none remains\n", n);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 6 && !strcmp(argv[1], "up")) return up(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), argv[5]);
    if (argc == 3 && !strcmp(argv[1], "down")) return down(argv[2]);
    fprintf(stderr, "usage: workload up PROCS THREADS FDS DIR | workload down DIR\n");
    return 2;
}
