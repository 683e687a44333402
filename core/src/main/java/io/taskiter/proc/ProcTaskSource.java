package io.taskiter.proc;

import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.TaskSource;
import io.taskiter.Walk;
import io.taskiter.internal.sys.Fd;
import io.taskiter.internal.sys.Processes;
import io.taskiter.internal.sys.RawFiles;

import java.io.IOException;

/**
 * The procfs engine: the kernel iterators' semantics rebuilt from /proc. Works for any user (it sees
 * what /proc lets that user see) and on any kernel. Each walk reads only the files the wanted fields
 * need, and decides fd-table sharing with {@code kcmp(KCMP_FILES)}. Holds no kernel objects between
 * walks; {@link #close()} is a no-op kept for the contract.
 */
public final class ProcTaskSource implements TaskSource {
    private static final long PAGE_SIZE = Processes.pageSize();
    private final String procRoot;

    /** An engine reading the caller's /proc. */
    public ProcTaskSource() {
        this("/proc");
    }

    /** An engine reading a /proc mounted elsewhere (e.g. a container's). */
    public ProcTaskSource(String procRoot) {
        this.procRoot = procRoot;
    }

    @Override
    public String name() {
        return "procfs";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Walk<T> open(Query<T> query) throws IOException {
        RawFiles io = new RawFiles();
        Fd pidfd = null;
        try {
            ProcPath path = new ProcPath(procRoot);
            byte[] buf = new byte[4097];
            PidView view = query.namespacePid() == 0 ? PidView.CALLER
                    : PidView.of(query.namespacePid());
            TaskReader reader = new TaskReader(query, view, io, path, PAGE_SIZE);
            int pid = 0;
            if (query.scope() instanceof Scope.Pidfd(ProcessHandle process)) {
                pid = (int) process.pid();
                pidfd = Processes.bindPidfd(process);
            }
            Plan plan = Plan.of(query.scope(), pid, view, reader, io, path, buf);
            Walk<?> w = switch (query.target()) {
                case TASK -> new ProcTaskWalk(io, path, plan, reader, pidfd);
                case TASK_FILE -> new ProcFileWalk(query, io, path, plan, reader, pidfd);
            };
            return (Walk<T>) w;
        } catch (IOException | RuntimeException e) {
            io.close();
            if (pidfd != null) pidfd.close();
            throw e;
        }
    }

    @Override
    public void close() {
    }
}
