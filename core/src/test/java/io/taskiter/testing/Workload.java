package io.taskiter.testing;

import io.taskiter.Device;
import io.taskiter.FileType;
import io.taskiter.Name;
import io.taskiter.OpenFile;
import io.taskiter.TaskState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real workload for tests: a process with named threads, a thread with an fd table of its own, open
 * files of every type, a stopped child, a zombie child, a child running as nobody, a process tree in a
 * new pid namespace and optional extra processes, all created by a small C helper
 * ({@code core/src/test/c/workload.c}, compiled with gcc on first use). The helper reads back every
 * value it reports with real syscalls (getpid, gettid, fstat, fcntl, readlink and fdinfo of
 * {@code /proc/thread-self}), so the facts here are exact, not guesses.
 *
 * <pre>{@code
 * try (Workload w = Workload.start()) {
 *     assertThat(walk(Scope.tgid(w.pid()))).extracting(Task::tid).containsExactlyElementsOf(w.tids());
 * }
 * }</pre>
 *
 * <p>Roles of the main process's threads, in creation order: {@code leader} (comm {@code wl-main}),
 * {@code fifteen} ({@code fifteen_chars15}, exactly 15 bytes), {@code space} ({@code has space}),
 * {@code unshared} ({@code wl-unshared}: it called {@code unshare(CLONE_FILES)} and owns a table of its own
 * holding fds 0-2 and {@code unshared}). Other processes: roles {@code stopped}, {@code zombie},
 * {@code nobody}, {@code nsinit}, {@code nschild}, {@code extra}; their threads {@code leader} and
 * {@code thread}.
 *
 * <p>Names of the main process's fds ({@link #file(String)}): {@code stdin stdout stderr} (pipes from
 * this JVM), {@code reg} (O_RDWR, size 4096, pos 1234), {@code append} (O_WRONLY|O_APPEND, size and pos 14),
 * {@code deleted} (unlinked after open, size 100, pos 10), {@code newline} (a name with a newline),
 * {@code dir} (O_RDONLY|O_DIRECTORY), {@code devnull} (O_RDWR), {@code pipe_r pipe_w}, {@code unix_a unix_b}
 * (a socketpair), {@code tcp} (listening on 127.0.0.1, {@link #tcpPort()}), {@code udp} (bound on
 * 127.0.0.1, {@link #udpPort()}), {@code eventfd epoll timerfd signalfd inotify}, {@code memfd}
 * ({@code memfd_create("x")}, size 5000, pos 6), {@code cloexec} (O_CLOEXEC) and {@code null.0 ... null.N-1}
 * ({@link Spec#fds(int)}). Files live in {@link #tmpDir()}, removed on close.
 *
 * <p>{@link #close()} SIGKILLs every process the workload created and waits until each is gone (reaped),
 * so nothing outlives a test; the helper and all its children also die if this JVM does.
 */
public final class Workload implements AutoCloseable {

    /** What the helper keeps for itself of the per-process fd limit when {@link Spec#fds(int)} is asked. */
    public static final int RESERVED_FDS = 64;

    private static final long START_TIMEOUT_MS = 30_000;
    private static final long EXIT_TIMEOUT_MS = 5_000;
    private static final Set<Workload> LIVE = ConcurrentHashMap.newKeySet();
    private static Path binary;
    private static boolean hookInstalled;

    /**
     * What to create. {@link #defaults()} creates everything but the extra processes and fds.
     *
     * @param namedThreads   the main process's threads {@code fifteen} and {@code space}
     * @param unsharedThread the thread {@code unshared} with an fd table of its own
     * @param fileSet        the fds of every type in the main process
     * @param children       the {@code stopped}, {@code zombie} and {@code nobody} children
     * @param pidNamespace   the {@code nsinit} (pid 1 of a new pid namespace) and {@code nschild} (its pid 2,
     *                       2 threads) processes
     * @param extraProcesses that many plain processes ({@code extra}) ...
     * @param threadsEach    ... with that many threads each, the leader included
     * @param fds            that many extra {@code /dev/null} fds in the main process
     */
    public record Spec(boolean namedThreads, boolean unsharedThread, boolean fileSet, boolean children,
                       boolean pidNamespace, int extraProcesses, int threadsEach, int fds) {
        public Spec {
            if (extraProcesses < 0 || extraProcesses > 1000) {
                throw new IllegalArgumentException("extra processes: " + extraProcesses + " is not in [0, 1000]");
            }
            if (threadsEach < 1 || threadsEach > 256) {
                throw new IllegalArgumentException("threads per extra process: " + threadsEach + " is not in [1, 256]");
            }
            if (fds < 0) throw new IllegalArgumentException("fds: " + fds + " is negative");
        }

        /** {@return everything on, no extra processes, no extra fds} */
        public static Spec defaults() {
            return new Spec(true, true, true, true, true, 0, 1, 0);
        }

        /** {@return the main process alone: one thread, fds 0-2 only} */
        public static Spec minimal() {
            return new Spec(false, false, false, false, false, 0, 1, 0);
        }

        public Spec namedThreads(boolean on) {
            return new Spec(on, unsharedThread, fileSet, children, pidNamespace, extraProcesses, threadsEach, fds);
        }

        public Spec unsharedThread(boolean on) {
            return new Spec(namedThreads, on, fileSet, children, pidNamespace, extraProcesses, threadsEach, fds);
        }

        public Spec fileSet(boolean on) {
            return new Spec(namedThreads, unsharedThread, on, children, pidNamespace, extraProcesses, threadsEach, fds);
        }

        public Spec children(boolean on) {
            return new Spec(namedThreads, unsharedThread, fileSet, on, pidNamespace, extraProcesses, threadsEach, fds);
        }

        public Spec pidNamespace(boolean on) {
            return new Spec(namedThreads, unsharedThread, fileSet, children, on, extraProcesses, threadsEach, fds);
        }

        /** {@return this spec with {@code count} extra processes of {@code threadsEach} threads (leader included)} */
        public Spec extraProcesses(int count, int threadsEach) {
            return new Spec(namedThreads, unsharedThread, fileSet, children, pidNamespace, count, threadsEach, fds);
        }

        /**
         * {@return this spec with {@code n} extra {@code /dev/null} fds in the main process} The per-process
         * limit (RLIMIT_NOFILE hard, 20,000 here, not raisable) caps n at that limit minus
         * {@link #RESERVED_FDS}; {@link Workload#start(Spec)} says so clearly when n is too big.
         */
        public Spec fds(int n) {
            return new Spec(namedThreads, unsharedThread, fileSet, children, pidNamespace, extraProcesses, threadsEach, n);
        }

        List<String> arguments() {
            return List.of("threads=" + bit(namedThreads), "unshare=" + bit(unsharedThread), "files=" + bit(fileSet),
                    "children=" + bit(children), "pidns=" + bit(pidNamespace),
                    "extra=" + extraProcesses + ":" + threadsEach, "nulls=" + fds);
        }

        private static int bit(boolean b) {
            return b ? 1 : 0;
        }
    }

    /**
     * One thread of a workload process.
     *
     * @param role  see {@link Workload}
     * @param tgid  its process, as this JVM's pid namespace numbers it
     * @param tid   its tid, in this JVM's pid namespace
     * @param nstid its tid in its own (innermost) pid namespace ({@code gettid()} there; the last
     *              {@code NSpid}); equal to tid outside the workload's new namespace
     * @param comm  its comm as {@code PR_GET_NAME} returned it
     */
    public record TaskInfo(String role, int tgid, int tid, int nstid, Name comm) {
        public boolean isLeader() {
            return tid == tgid;
        }
    }

    /**
     * One fd of one fd table, every value read back by the helper in the table's owner.
     *
     * @param name       see {@link Workload}; {@code inherited} for an fd the helper did not open
     * @param tgid       the table's process
     * @param tid        the table's owner: the leader, or the thread that unshared its table
     * @param fd         the fd number
     * @param mode       {@code st_mode}
     * @param path       {@code readlink /proc/thread-self/fd/N}, byte for byte
     * @param flags      fdinfo {@code flags} (O_CLOEXEC included when set; O_LARGEFILE where the kernel sets it)
     * @param fcntlFlags {@code fcntl(F_GETFL)}, plus O_CLOEXEC when {@code F_GETFD} has FD_CLOEXEC
     * @param pos        fdinfo {@code pos} (checked against {@code lseek(fd, 0, SEEK_CUR)} where it works)
     * @param inode      {@code st_ino}
     * @param dev        {@code st_dev}
     * @param size       {@code st_size}
     */
    public record FileInfo(String name, int tgid, int tid, int fd, int mode, Name path, int flags, int fcntlFlags,
                           long pos, long inode, Device dev, long size) {
        /** {@return the type from the mode, as the engines must report it} */
        public FileType type() {
            return FileType.ofMode(mode);
        }

        /** {@return the record an engine must produce for this fd with every field asked for} */
        public OpenFile toOpenFile() {
            return new OpenFile(tgid, tid, fd, type(), path, flags, pos, inode, dev, size);
        }
    }

    /**
     * One process of the workload.
     *
     * @param role    see {@link Workload}
     * @param pid     in this JVM's pid namespace
     * @param ppid    its parent's pid in this JVM's pid namespace
     * @param nspid   its pid in its own pid namespace ({@code getpid()} there)
     * @param nsppid  {@code getppid()} in its own namespace (0 when the parent is outside it)
     * @param pidns   the inode of its {@code /proc/PID/ns/pid}
     * @param uid     real uid
     * @param gid     real gid
     * @param euid    effective uid
     * @param egid    effective gid
     * @param state   the state it is known to be in ({@code T} stopped, {@code Z} zombie); null when it
     *                just blocks (S, briefly R)
     * @param threads its threads, leader first, then in creation order
     * @param files   every fd of every table it owns: the leader's by fd, then those of a thread with a
     *                table of its own; empty for the zombie
     */
    public record ProcessInfo(String role, int pid, int ppid, int nspid, int nsppid, long pidns, int uid, int gid,
                              int euid, int egid, TaskState state, List<TaskInfo> threads, List<FileInfo> files) {
        public ProcessInfo {
            threads = List.copyOf(threads);
            files = List.copyOf(files);
        }

        public TaskInfo leader() {
            return threads.getFirst();
        }

        public List<Integer> tids() {
            return threads.stream().map(TaskInfo::tid).toList();
        }

        /** {@return the thread of that role} @throws IllegalArgumentException when there is none */
        public TaskInfo thread(String role) {
            return threads.stream().filter(t -> t.role().equals(role)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(this.role + " has no thread " + role));
        }

        /** {@return the first fd of that name} @throws IllegalArgumentException when there is none */
        public FileInfo file(String name) {
            return files.stream().filter(f -> f.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(role + " has no fd named " + name));
        }

        /** {@return the fds of the table owned by {@code tid}, ascending} */
        public List<FileInfo> table(int tid) {
            return files.stream().filter(f -> f.tid() == tid).toList();
        }
    }

    /**
     * The pid namespace the workload created.
     *
     * @param inode its inode ({@code /proc/PID/ns/pid})
     * @param init  its init: pid 1 there, parent outside (the main process)
     * @param child init's child: pid 2 there, two threads (nstid 2 and 3)
     */
    public record PidNamespace(long inode, ProcessInfo init, ProcessInfo child) {
    }

    private final Spec spec;
    private final Process process;
    private final OutputStream stdin;
    private final String manifest;
    private final StringBuffer stderr;
    private final Path tmpDir;
    private final int tcpPort;
    private final int udpPort;
    private final List<ProcessInfo> processes;
    private final Map<Integer, ProcessHandle> handles = new LinkedHashMap<>();
    private final Map<Integer, Long> startTimes = new LinkedHashMap<>();
    private boolean closed;

    private Workload(Spec spec, Process process, String manifest, StringBuffer stderr, WorkloadManifest.Parsed parsed) {
        this.spec = spec;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.manifest = manifest;
        this.stderr = stderr;
        this.tmpDir = parsed.tmpDir();
        this.tcpPort = parsed.tcpPort();
        this.udpPort = parsed.udpPort();
        this.processes = List.copyOf(parsed.processes());
        for (ProcessInfo p : processes) {
            ProcessHandle h = p.pid() == process.pid() ? process.toHandle() : ProcessHandle.of(p.pid()).orElse(null);
            if (h != null) handles.put(p.pid(), h);
            startTimes.put(p.pid(), startTime(p.pid()));
        }
    }

    /** {@return a workload with {@link Spec#defaults()}} */
    public static Workload start() {
        return start(Spec.defaults());
    }

    /**
     * Starts the helper and waits until it has created everything and reported it.
     *
     * @throws AssertionError when gcc is missing, the helper fails or reports nothing in time
     * @throws IllegalArgumentException when {@link Spec#fds(int)} exceeds the per-process fd limit
     */
    public static Workload start(Spec spec) {
        long hard = hardFdLimit();
        if (spec.fds() > hard - RESERVED_FDS) {
            throw new IllegalArgumentException("fds(" + spec.fds() + "): at most " + (hard - RESERVED_FDS)
                    + " extra fds fit: a process may hold " + hard + " fds here (RLIMIT_NOFILE hard limit, which "
                    + "cannot be raised) and the workload keeps " + RESERVED_FDS + " for itself");
        }
        Path exe = binary();
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(spec.arguments());
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start the workload helper " + exe + ": " + e.getMessage(), e);
        }
        StringBuffer err = new StringBuffer();
        Thread drain = Thread.ofPlatform().daemon().name("workload-stderr-" + p.pid())
                .start(() -> drain(p.getErrorStream(), err));
        Thread watchdog = Thread.ofPlatform().daemon().name("workload-watchdog-" + p.pid()).start(() -> {
            try {
                Thread.sleep(START_TIMEOUT_MS);
                p.destroyForcibly();
            } catch (InterruptedException e) {
                // started in time
            }
        });
        String text;
        try {
            text = WorkloadManifest.readManifest(p.getInputStream());
        } catch (IOException e) {
            text = null;
        } finally {
            watchdog.interrupt();
        }
        if (text == null) {
            p.destroyForcibly();
            try {
                p.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                drain.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String exit = p.isAlive() ? "still running" : "exit status " + p.exitValue();
            throw new AssertionError("workload helper " + String.join(" ", cmd) + " failed (" + exit + "): "
                    + err.toString().strip());
        }
        Workload w;
        try {
            w = new Workload(spec, p, text, err, WorkloadManifest.parse(text));
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw new AssertionError("bad workload manifest: " + e.getMessage() + "\n" + text, e);
        }
        LIVE.add(w);
        installHook();
        return w;
    }

    // ---- facts ----

    public Spec spec() {
        return spec;
    }

    /** {@return the main process (role {@code main})} */
    public ProcessInfo main() {
        return processes.getFirst();
    }

    /** {@return the main process's pid} */
    public int pid() {
        return main().pid();
    }

    /** {@return the main process's parent: this JVM} */
    public int ppid() {
        return main().ppid();
    }

    /** {@return the main process as a handle, for {@code Scope.pidfd}} */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** {@return the main process's threads, leader first, then in creation order} */
    public List<TaskInfo> threads() {
        return main().threads();
    }

    /** {@return the main process's tids, leader first, then in creation order} */
    public List<Integer> tids() {
        return main().tids();
    }

    /** {@return the main process's thread of that role} */
    public TaskInfo thread(String role) {
        return main().thread(role);
    }

    /** {@return the thread with an fd table of its own} @throws IllegalStateException when not created */
    public TaskInfo unsharedThread() {
        require(spec.unsharedThread(), "unsharedThread");
        return thread("unshared");
    }

    /** {@return every fd of the main process: the leader's table by fd, then the unshared thread's} */
    public List<FileInfo> files() {
        return main().files();
    }

    /** {@return the main process's fd of that name (in the leader's table; {@code unshared} in its own)} */
    public FileInfo file(String name) {
        return main().file(name);
    }

    /** {@return the fds of the main process's table owned by {@code tid}, ascending} */
    public List<FileInfo> table(int tid) {
        return main().table(tid);
    }

    /** {@return the child stopped by SIGSTOP (state T)} */
    public ProcessInfo stopped() {
        require(spec.children(), "children");
        return process("stopped");
    }

    /** {@return the child that exited and is not reaped (state Z); its parent is the main process} */
    public ProcessInfo zombie() {
        require(spec.children(), "children");
        return process("zombie");
    }

    /** {@return the child running as uid and gid 65534 (real, effective, saved)} */
    public ProcessInfo nobody() {
        require(spec.children(), "children");
        return process("nobody");
    }

    /** {@return the pid namespace and its two processes} */
    public PidNamespace namespace() {
        require(spec.pidNamespace(), "pidNamespace");
        ProcessInfo init = process("nsinit");
        return new PidNamespace(init.pidns(), init, process("nschild"));
    }

    /** {@return the extra processes, in creation order} */
    public List<ProcessInfo> extras() {
        return processes.stream().filter(p -> p.role().equals("extra")).toList();
    }

    /** {@return every process created, the main one first (the zombie and the namespace ones included)} */
    public List<ProcessInfo> processes() {
        return processes;
    }

    /** {@return the pid of every process created, the main one first} */
    public List<Integer> pids() {
        return processes.stream().map(ProcessInfo::pid).toList();
    }

    /** {@return the process of that pid} @throws IllegalArgumentException when the workload did not create it */
    public ProcessInfo process(int pid) {
        return processes.stream().filter(p -> p.pid() == pid).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a workload process: " + pid));
    }

    /** {@return the temp dir the workload's files are in} */
    public Path tmpDir() {
        return tmpDir;
    }

    /** {@return the port of fd {@code tcp} on 127.0.0.1} */
    public int tcpPort() {
        require(spec.fileSet(), "fileSet");
        return tcpPort;
    }

    /** {@return the port of fd {@code udp} on 127.0.0.1} */
    public int udpPort() {
        require(spec.fileSet(), "fileSet");
        return udpPort;
    }

    /** {@return the manifest as the helper printed it} */
    public String manifest() {
        return manifest;
    }

    /** {@return what the helper wrote on stderr so far} */
    public String stderr() {
        return stderr.toString();
    }

    // ---- churn and end ----

    /**
     * SIGKILLs one workload process (not the main one) and waits until it is gone: reaped by its parent
     * (the main process, or the namespace's init). Killing {@code nsinit} also ends {@code nschild}; the
     * zombie cannot be killed (it goes when the workload closes).
     */
    public void kill(int pid) {
        if (pid == pid()) throw new IllegalArgumentException("kill the main process with close()");
        ProcessInfo p = process(pid);
        if (p.role().equals("zombie")) throw new IllegalArgumentException("the zombie goes only with close()");
        List<Integer> gone = new ArrayList<>(List.of(pid));
        if (p.role().equals("nsinit")) gone.add(process("nschild").pid());
        ProcessHandle h = handles.get(pid);
        if (h != null) h.destroyForcibly();
        List<Integer> left = waitGone(gone);
        if (!left.isEmpty()) throw new AssertionError("workload processes still there after SIGKILL: " + left);
    }

    /**
     * SIGKILLs every process of the workload and waits until each is gone. The children first; then the
     * main process's stdin is closed so that it SIGKILLs and reaps its children itself (the zombie too:
     * orphans would wait for this host's init to reap them) and removes its temp dir; then the main
     * process gets SIGKILL too if it is still there.
     *
     * @throws AssertionError when a process is still there after 5 s
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        LIVE.remove(this);
        for (Map.Entry<Integer, ProcessHandle> e : handles.entrySet()) {
            if (e.getKey() != pid()) e.getValue().destroyForcibly();
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // it died already
        }
        boolean interrupted = false;
        try {
            if (!process.waitFor(EXIT_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(EXIT_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        process.destroyForcibly();
        List<Integer> left = waitGone(pids());
        deleteTree(tmpDir);
        try {
            process.getInputStream().close();
        } catch (IOException e) {
            // nothing to release
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (!left.isEmpty()) throw new AssertionError("workload processes still there after close: " + left);
    }

    /** {@return whether the process the workload created as {@code pid} still exists (a zombie does)} */
    public boolean exists(int pid) {
        Long start = startTimes.get(pid);
        if (start == null) throw new IllegalArgumentException("not a workload process: " + pid);
        return start >= 0 && start == startTime(pid);
    }

    private List<Integer> waitGone(List<Integer> pids) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_TIMEOUT_MS);
        List<Integer> left = new ArrayList<>(pids);
        while (true) {
            left.removeIf(pid -> !exists(pid));
            if (left.isEmpty() || System.nanoTime() > deadline) return left;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return left;
            }
        }
    }

    /** {@return the start time (stat field 22) of the process, or -1 when there is none} */
    private static long startTime(int pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            if (!Files.exists(Path.of("/proc/" + pid))) return -1;
            throw new UncheckedIOException(e);
        }
        // fields after the comm, which may hold anything: state is field 3, start time field 22
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[22 - 3]);
    }

    private void require(boolean created, String option) {
        if (!created) throw new IllegalStateException("the workload was started without " + option);
    }

    private ProcessInfo process(String role) {
        return processes.stream().filter(p -> p.role().equals(role)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the workload has no process " + role));
    }

    private static void installHook() {
        synchronized (Workload.class) {
            if (hookInstalled) return;
            hookInstalled = true;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Workload w : List.copyOf(LIVE)) {
                try {
                    w.close();
                } catch (RuntimeException | AssertionError e) {
                    // best effort at exit
                }
            }
        }, "workload-cleanup"));
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the workload's temp dir " + dir, e);
        }
    }

    private static void drain(InputStream in, StringBuffer into) {
        byte[] b = new byte[4096];
        try (in) {
            for (int n; (n = in.read(b)) >= 0; ) {
                if (into.length() < 1 << 16) into.append(new String(b, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static long hardFdLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[1].equals("unlimited") ? Integer.MAX_VALUE : Long.parseLong(f[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no \"Max open files\" in /proc/self/limits");
    }

    /**
     * {@return the helper, compiled once per JVM} It goes to {@code core/target/workload/workload} and is
     * reused while it is newer than {@code core/src/test/c/workload.c}.
     *
     * @throws AssertionError when the source is not found, gcc is missing or fails
     */
    public static Path binary() {
        return CProgram.build("workload");
    }

    @Override
    public String toString() {
        return "Workload[pid " + (processes.isEmpty() ? "?" : pid()) + ", " + processes.size() + " processes]";
    }
}
