package io.taskiter.proc;

import io.taskiter.NoSuchTaskException;
import io.taskiter.internal.sys.Processes;
import io.taskiter.internal.sys.RawFiles;

import java.util.HashMap;
import java.util.Map;

/**
 * The pid namespace a walk is seen from. /proc shows numbers of the namespace it was mounted for (the
 * caller's); {@code NSpid} lists a task's number at every level from there inward, so the number seen
 * from a namespace {@code depth} levels below is {@code NSpid[depth]}, provided the task lives in that
 * namespace or one below it.
 */
final class PidView {
    /** The caller's own view: no filtering, no translation. */
    static final PidView CALLER = new PidView(0, -1, -1);

    final int depth;
    final long inode;
    final int namedBy;
    private final Map<Long, Boolean> inside = new HashMap<>();

    private PidView(int depth, long inode, int namedBy) {
        this.depth = depth;
        this.inode = inode;
        this.namedBy = namedBy;
    }

    boolean isCaller() {
        return inode < 0;
    }

    /** The view from the pid namespace of process {@code pid} (a pid in the caller's namespace). */
    static PidView of(int pid) throws NoSuchTaskException {
        long inode = Processes.pidNamespace(pid);
        int depth = Processes.nsDepth(pid);
        if (inode < 0 || depth < 0) throw new NoSuchTaskException("no such process for the pid namespace: " + pid);
        PidView v = new PidView(depth, inode, pid);
        v.inside.put(inode, true);
        return v;
    }

    /**
     * {@return whether a task whose own pid namespace is {@code taskNs} and whose NSpid line has
     * {@code levels} numbers is seen in this view}
     */
    boolean contains(long taskNs, int levels, int tgid, int tid, RawFiles io, ProcPath path) {
        if (isCaller()) return true;
        if (levels <= depth) return false;
        Boolean known = inside.get(taskNs);
        if (known != null) return known;
        // a namespace below ours: inside iff ours is among its ancestors
        long[] chain = new long[64];
        int n = io.pidNamespaceChain(path.task(tgid, tid).str("/ns/pid").b, path.len, chain);
        if (n < 0) return false;
        boolean in = false;
        for (int i = 0; i < n; i++) {
            if (chain[i] == inode) {
                in = true;
                break;
            }
        }
        inside.put(taskNs, in);
        return in;
    }
}
