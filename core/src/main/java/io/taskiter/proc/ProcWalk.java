package io.taskiter.proc;

import io.taskiter.TaskIterException;
import io.taskiter.Walk;
import io.taskiter.internal.sys.Fd;
import io.taskiter.internal.sys.Processes;
import io.taskiter.internal.sys.RawFiles;

import java.io.IOException;

/** What the task and the file walks share: the plan, the cursor, the pidfd guard and the lifetime. */
abstract sealed class ProcWalk<T> implements Walk<T> permits ProcTaskWalk, ProcFileWalk {
    final RawFiles io;
    final ProcPath path;
    final Plan plan;
    final TaskReader reader;
    /** For a PIDFD walk: the process it is bound to; the walk ends when that process is gone. */
    private final Fd pidfd;
    int next;
    long denied;
    private boolean completed;
    private boolean closed;

    ProcWalk(RawFiles io, ProcPath path, Plan plan, TaskReader reader, Fd pidfd) {
        this.io = io;
        this.path = path;
        this.plan = plan;
        this.reader = reader;
        this.pidfd = pidfd;
    }

    @Override
    public final T next() throws IOException {
        if (closed) throw new IllegalStateException("walk closed");
        if (completed) return null;
        T e = advance();
        if (e == null) completed = true;
        return e;
    }

    /** {@return the next element, or null at the end} */
    abstract T advance() throws IOException;

    /**
     * {@return whether a PIDFD walk's process still exists}: checked after reading an element, so a
     * number reused by another process is never reported (the number cannot be reused while the
     * process, even as a zombie, exists).
     */
    final boolean bound() throws TaskIterException {
        return pidfd == null || Processes.isAlive(pidfd);
    }

    @Override
    public final boolean completed() {
        return completed;
    }

    @Override
    public final long denied() {
        return denied;
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        io.close();
        if (pidfd != null) pidfd.close();
    }
}
