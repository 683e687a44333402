package io.taskiter.bpf;

import io.taskiter.EngineUnavailableException;
import io.taskiter.NoSuchTaskException;
import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.Target;
import io.taskiter.TaskField;
import io.taskiter.TaskSource;
import io.taskiter.Walk;
import io.taskiter.internal.sys.Fd;
import io.taskiter.internal.sys.Processes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * The bpf engine: the kernel's own task iterators. Programs are generated for the fields asked for,
 * loaded once and kept (with their ALL-scope links) for the life of the source; every walk is a new
 * iterator session. Needs Linux >= 6.1 with BTF, and CAP_BPF + CAP_PERFMON (or root).
 *
 * <p>Pid namespaces: the kernel walks the namespace of whoever creates the iterator, and programs
 * read numbers at that namespace's level of {@code task->thread_pid}. A walk seen from another
 * namespace ({@link Query#inNamespaceOf}) runs in the caller's namespace with the program keeping only
 * the tasks of that namespace and reading their numbers at its level.
 */
public final class BpfTaskSource implements TaskSource {
    /** The test-only switch that points the engine at another BTF file (missing, corrupted...). */
    static final String BTF_PROPERTY = "taskiter.btf";
    /**
     * The test-only switch that makes the engine act as on a kernel whose own TGID file walk leaves
     * out the wrong threads (before Linux 6.7): such walks go thread by thread, here too.
     */
    static final String THREAD_BY_THREAD_PROPERTY = "taskiter.test.threadByThread";
    /**
     * The test-only switch that makes the engine act as on a kernel without iterator scopes (before
     * Linux 6.1, where the kernel ignores a tid and walks everything): only ALL walks are made.
     */
    static final String NO_SCOPES_PROPERTY = "taskiter.test.noScopes";
    private static final String VMLINUX = "/sys/kernel/btf/vmlinux";

    private final KernelTypes kernel;
    private final Programs programs;
    private final int callerLevel;
    private final boolean scopes;
    private Boolean tidOfThreadWorks;
    private Boolean tgidFilesWork;

    private BpfTaskSource(KernelTypes kernel, Programs programs, int callerLevel) {
        this.kernel = kernel;
        this.programs = programs;
        this.callerLevel = callerLevel;
        this.scopes = kernel.scopes && !Boolean.getBoolean(NO_SCOPES_PROPERTY);
    }

    /**
     * Opens the engine: reads the kernel's BTF and checks the caller may load programs.
     *
     * @throws EngineUnavailableException naming why not: no BTF, no permission, kernel too old
     */
    public static BpfTaskSource open() throws EngineUnavailableException {
        Path btfPath = Path.of(System.getProperty(BTF_PROPERTY, VMLINUX));
        KernelTypes kernel;
        try {
            kernel = BtfCache.load(btfPath);
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (IOException e) {
            throw BtfCache.unavailable(btfPath, e);
        }
        Programs programs = new Programs(kernel);
        try {
            programs.checkPermission();
        } catch (EngineUnavailableException e) {
            programs.close();
            throw e;
        }
        return new BpfTaskSource(kernel, programs, Levels.callerLevel());
    }

    @Override
    public String name() {
        return "bpf";
    }

    @Override
    public <T> Walk<T> open(Query<T> query) throws IOException {
        View view = view(query);
        Scope scope = query.scope();
        // never widened to ALL: a kernel without scopes would silently ignore a tid
        if (!(scope instanceof Scope.All) && !scopes) {
            throw new EngineUnavailableException("this kernel cannot walk one task or process (iterator scopes need Linux >= 6.1)");
        }
        int tid = 0, pid = 0;
        Fd pidfd = null;
        try {
            switch (scope) {
                case Scope.All a -> {
                }
                case Scope.Tid t -> {
                    tid = view.foreign() ? resolve(t.tid(), false, view) : t.tid();
                    int tgid = Processes.tgidOf(tid);
                    if (tgid < 0) throw new NoSuchTaskException("no such task: tid " + t.tid() + view.where());
                    if (tgid != tid && !tidOfThreadWorks()) {
                        throw new EngineUnavailableException("this kernel cannot walk one thread that does not lead its process (fixed in Linux 6.12)");
                    }
                }
                case Scope.Tgid g -> {
                    pid = view.foreign() ? resolve(g.pid(), true, view) : g.pid();
                    int tgid = Processes.tgidOf(pid);
                    if (tgid < 0) throw new NoSuchTaskException("no such process: pid " + g.pid() + view.where());
                    if (tgid != pid) {
                        throw new NoSuchTaskException("no such process: pid " + g.pid() + " (it is a thread of process " + tgid + ")");
                    }
                }
                case Scope.Pidfd f -> pidfd = Processes.bindPidfd(f.process());
            }
            if (query.target() == Target.TASK_FILE && (pid != 0 || pidfd != null) && !tgidFilesWork()) {
                if (!tidOfThreadWorks()) {
                    throw new EngineUnavailableException("this kernel cannot walk the files of one process: its own walk"
                            + " leaves out the wrong threads (fixed in Linux 6.7) and it cannot walk one thread"
                            + " that does not lead its process (fixed in Linux 6.12)");
                }
                int leader = pid != 0 ? pid : (int) ((Scope.Pidfd) scope).process().pid();
                @SuppressWarnings("unchecked")
                Walk<T> w = (Walk<T>) ThreadFiles.open(programs, (Query<OpenFile>) query, view, leader, pidfd);
                return w;
            }
            return programs.walk(query, view, tid, pid, pidfd);
        } catch (IOException | RuntimeException e) {
            if (pidfd != null) pidfd.close();
            throw e;
        }
    }

    private View view(Query<?> query) throws NoSuchTaskException {
        if (query.namespacePid() == 0) return new View(callerLevel, callerLevel, 0, 0);
        int p = query.namespacePid();
        long inum = Processes.pidNamespace(p);
        int depth = Processes.nsDepth(p);
        if (inum < 0 || depth < 0) throw new NoSuchTaskException("no such process for the pid namespace: " + p);
        return new View(callerLevel + depth, callerLevel, inum, p);
    }

    /** Finds the caller's number of a task named by its number inside a foreign namespace. */
    private int resolve(int local, boolean leader, View view) throws IOException {
        Query<io.taskiter.Task> all = Query.tasks().withFields(EnumSet.of(TaskField.TID, TaskField.TGID));
        try (BpfWalk<io.taskiter.Task> w = programs.session(all, view, 0, 0, null, false)) {
            for (var t = w.next(); t != null; t = w.next()) {
                if (t.tid() == local && (!leader || t.tgid() == local)) return w.lastCallerTid();
            }
        }
        throw new NoSuchTaskException((leader ? "no such process: pid " : "no such task: tid ") + local + view.where());
    }

    /**
     * Whether the kernel walks a non-leader thread given by tid (before Linux 6.12's fix it walks
     * nothing): probed once, on a thread of this JVM.
     */
    private boolean tidOfThreadWorks() throws IOException {
        if (tidOfThreadWorks == null) {
            int me = (int) ProcessHandle.current().pid();
            int thread = Levels.someThreadOf(me);
            Query<io.taskiter.Task> q = Query.tasks().withFields(EnumSet.of(TaskField.TID));
            try (Walk<io.taskiter.Task> w = programs.walk(q, new View(callerLevel, callerLevel, 0, 0), thread, 0, null)) {
                tidOfThreadWorks = w.next() != null;
            }
        }
        return tidOfThreadWorks;
    }

    /**
     * Whether the kernel's own TGID file walk gives SPEC section 4's threads (before Linux 6.7 it can
     * drop a thread with a table of its own): probed once. Where it does not, such walks go thread by
     * thread ({@link ThreadFiles}).
     */
    private boolean tgidFilesWork() throws IOException {
        if (tgidFilesWork == null) {
            tgidFilesWork = !Boolean.getBoolean(THREAD_BY_THREAD_PROPERTY)
                    && TableProbe.tgidWalkListsOwnTables(programs, callerView());
        }
        return tgidFilesWork;
    }

    /** For tests: the program cache. */
    Programs programs() {
        return programs;
    }

    /** For tests: the view of the caller's own namespace. */
    View callerView() {
        return new View(callerLevel, callerLevel, 0, 0);
    }

    @Override
    public void close() {
        programs.close();
    }

    /** Which namespace level a walk reads numbers at, and which namespace it keeps (0: all). */
    record View(int level, int callerLevel, long inum, int namedBy) {
        boolean foreign() {
            return inum != 0;
        }

        String where() {
            return foreign() ? " in the pid namespace of process " + namedBy : "";
        }
    }
}
