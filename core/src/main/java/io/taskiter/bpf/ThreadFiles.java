package io.taskiter.bpf;

import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.Task;
import io.taskiter.TaskField;
import io.taskiter.Walk;
import io.taskiter.internal.sys.Fd;
import io.taskiter.internal.sys.Processes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A TGID or PIDFD file walk done thread by thread, for kernels whose own TGID file walk leaves out
 * the wrong threads (before Linux 6.7; see {@link TableProbe}): the process's threads come from the
 * task walk, which skips nothing (leader first, then creation order), then each thread's table from a
 * TID walk whose program leaves the thread out when it shares its leader's table. The rows and their
 * order are those SPEC section 4 asks for.
 */
final class ThreadFiles implements Walk<OpenFile> {
    private final Programs programs;
    private final Query<OpenFile> q;
    private final BpfTaskSource.View view;
    private final List<Integer> tids;   // numbers in the caller's namespace, in walk order
    private final int tgid;             // the process as the view numbers it
    private final Fd pidfd;             // PIDFD walks: the process the walk is bound to
    private BpfWalk<OpenFile> current;
    private int next;
    private boolean completed, closed;

    private ThreadFiles(Programs programs, Query<OpenFile> q, BpfTaskSource.View view, List<Integer> tids, int tgid,
                        Fd pidfd) {
        this.programs = programs;
        this.q = q;
        this.view = view;
        this.tids = tids;
        this.tgid = tgid;
        this.pidfd = pidfd;
    }

    /** Lists the threads of process {@code pid} (caller's number); owns {@code pidfd} (may be null) from then on. */
    static ThreadFiles open(Programs programs, Query<OpenFile> q, BpfTaskSource.View view, int pid, Fd pidfd)
            throws IOException {
        List<Integer> tids = new ArrayList<>();
        int tgid = 0;
        Query<Task> threads = Query.tasks().withFields(EnumSet.of(TaskField.TID));
        try (BpfWalk<Task> w = programs.session(threads, view, 0, pid, null, false)) {
            for (Task t = w.next(); t != null; t = w.next()) {
                tids.add(view.foreign() ? w.lastCallerTid() : t.tid());
                tgid = t.tgid();
            }
        }
        return new ThreadFiles(programs, q, view, tids, tgid, pidfd);
    }

    @Override
    public OpenFile next() throws IOException {
        if (closed) throw new IllegalStateException("walk closed");
        while (!completed) {
            if (current == null) {
                // a PIDFD walk goes by numbers: once the process is gone they may name another one
                if (next == tids.size() || (pidfd != null && !Processes.isAlive(pidfd))) {
                    completed = true;
                    break;
                }
                current = programs.session(q, view, tids.get(next++), 0, null, true);
            }
            OpenFile f = current.next();
            if (f == null) {
                current.close();
                current = null;
            } else if (f.tgid() == tgid) {
                return f;   // any other is a thread number reused by another process since the listing
            }
        }
        return null;
    }

    @Override
    public boolean completed() {
        return completed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (current != null) current.close();
        if (pidfd != null) pidfd.close();
    }
}
