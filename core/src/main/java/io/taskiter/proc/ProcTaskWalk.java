package io.taskiter.proc;

import io.taskiter.Task;
import io.taskiter.TaskIterException;
import io.taskiter.internal.sys.Fd;
import io.taskiter.internal.sys.RawFiles;

/** The task walk: every task of the plan, one record each, the vanished ones skipped. */
final class ProcTaskWalk extends ProcWalk<Task> {
    ProcTaskWalk(RawFiles io, ProcPath path, Plan plan, TaskReader reader, Fd pidfd) {
        super(io, path, plan, reader, pidfd);
    }

    @Override
    Task advance() throws TaskIterException {
        while (next < plan.size()) {
            int i = next++;
            Task t = reader.read(plan.tgid(i), plan.tid(i));
            if (!bound()) return null;
            if (t != null) return t;
        }
        return null;
    }
}
