package io.taskiter.proc;

import io.taskiter.NoSuchTaskException;
import io.taskiter.Scope;
import io.taskiter.internal.sys.RawFiles;
import io.taskiter.internal.sys.RawFiles.IntList;

import java.util.Arrays;

/**
 * The tasks a walk visits, in the kernel's order (SPEC section 2), as (tgid, tid) pairs in /proc's
 * numbers. ALL sorts by the tid seen in the walk's namespace; TGID keeps the thread list order.
 * The numbers are taken when the walk starts; a task gone by its turn is skipped.
 */
final class Plan {
    private final IntList tgids = new IntList();
    private final IntList tids = new IntList();
    /** Whether the file walk skips threads sharing the leader's table (ALL and TGID, not TID). */
    final boolean skipSharedTables;

    private Plan(boolean skipSharedTables) {
        this.skipSharedTables = skipSharedTables;
    }

    int size() {
        return tids.size();
    }

    int tgid(int i) {
        return tgids.get(i);
    }

    int tid(int i) {
        return tids.get(i);
    }

    private void add(int tgid, int tid) {
        tgids.add(tgid);
        tids.add(tid);
    }

    /** @param pid for {@link Scope.Pidfd}, the process's pid in the caller's namespace */
    static Plan of(Scope scope, int pid, PidView view, TaskReader reader, RawFiles io, ProcPath path,
                   byte[] buf) throws NoSuchTaskException {
        return switch (scope) {
            case Scope.All a -> all(view, reader, io, path);
            case Scope.Tid t -> {
                int[] g = view.isCaller() ? byCallerTid(t.tid(), io, path, buf) : byLocalTid(t.tid(), false, view, reader, io, path);
                if (g == null) throw new NoSuchTaskException("no such task: tid " + t.tid() + where(view));
                Plan p = new Plan(false);
                p.add(g[0], g[1]);
                yield p;
            }
            case Scope.Tgid t -> group(leader(t.pid(), view, reader, io, path, buf), io, path, "pid " + t.pid());
            case Scope.Pidfd f -> group(leader(pid, PidView.CALLER, reader, io, path, buf), io, path, "pid " + pid);
        };
    }

    private static String where(PidView view) {
        return view.isCaller() ? "" : " in the pid namespace of process " + view.namedBy;
    }

    private static Plan all(PidView view, TaskReader reader, RawFiles io, ProcPath path) {
        IntList procs = new IntList();
        IntList threads = new IntList();
        IntList tg = new IntList();
        IntList td = new IntList();
        io.listNumbers(path.root().b, path.len, procs);
        long[] keyed = new long[Math.max(16, procs.size() * 2)];
        int k = 0;
        for (int i = 0; i < procs.size(); i++) {
            int tgid = procs.get(i);
            if (io.listNumbers(path.pid(tgid).str("/task").b, path.len, threads) < 0) continue;
            for (int j = 0; j < threads.size(); j++) {
                int tid = threads.get(j);
                int sortKey = tid;
                if (!view.isCaller()) {
                    if (!reader.locate(tgid, tid)) continue;
                    sortKey = reader.localTid;
                }
                if (k == keyed.length) keyed = Arrays.copyOf(keyed, k * 2);
                // sort key and pair index packed in one long, so one primitive sort orders the pairs
                keyed[k] = ((long) sortKey << 32) | k;
                tg.add(tgid);
                td.add(tid);
                k++;
            }
        }
        Arrays.sort(keyed, 0, k);
        Plan p = new Plan(true);
        for (int i = 0; i < k; i++) {
            int idx = (int) keyed[i];
            p.add(tg.get(idx), td.get(idx));
        }
        return p;
    }

    /** {@return {tgid, tid} of a thread named by its number in the caller's namespace, or null} */
    private static int[] byCallerTid(int tid, RawFiles io, ProcPath path, byte[] buf) {
        int n = io.read(path.pid(tid).str("/status").b, path.len, buf);
        if (n < 0) return null;
        int at = Text.afterKey(buf, n, "Tgid:");
        if (at < 0) return null;
        int[] pos = {at};
        return new int[]{(int) Text.decimal(buf, pos, n), tid};
    }

    /** Finds a task by its number in a namespace other than the caller's: the kernel's find_pid_ns. */
    private static int[] byLocalTid(int local, boolean leaderOnly, PidView view, TaskReader reader, RawFiles io,
                                    ProcPath path) {
        Plan every = all(view, reader, io, path);
        for (int i = 0; i < every.size(); i++) {
            if (reader.locate(every.tgid(i), every.tid(i)) && reader.localTid == local
                    && (!leaderOnly || reader.localTgid == local)) {
                return new int[]{every.tgid(i), every.tid(i)};
            }
        }
        return null;
    }

    /** {@return the caller-namespace pid of the leader of process {@code pid} (read in the view)} */
    private static int leader(int pid, PidView view, TaskReader reader, RawFiles io, ProcPath path, byte[] buf)
            throws NoSuchTaskException {
        if (!view.isCaller()) {
            int[] g = byLocalTid(pid, true, view, reader, io, path);
            if (g == null) throw new NoSuchTaskException("no such process: pid " + pid + where(view));
            return g[0];
        }
        int[] g = byCallerTid(pid, io, path, buf);
        if (g == null) throw new NoSuchTaskException("no such process: pid " + pid);
        if (g[0] != pid) {
            throw new NoSuchTaskException("no such process: pid " + pid + " (it is a thread of process " + g[0] + ")");
        }
        return pid;
    }

    private static Plan group(int tgid, RawFiles io, ProcPath path, String what) throws NoSuchTaskException {
        IntList threads = new IntList();
        if (io.listNumbers(path.pid(tgid).str("/task").b, path.len, threads) < 0) {
            throw new NoSuchTaskException("no such process: " + what);
        }
        Plan p = new Plan(true);
        p.add(tgid, tgid);
        for (int i = 0; i < threads.size(); i++) {
            if (threads.get(i) != tgid) p.add(tgid, threads.get(i));
        }
        return p;
    }
}
