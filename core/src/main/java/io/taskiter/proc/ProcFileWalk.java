package io.taskiter.proc;

import io.taskiter.Device;
import io.taskiter.FileType;
import io.taskiter.Name;
import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.TaskIterException;
import io.taskiter.internal.sys.Fd;
import io.taskiter.internal.sys.Processes;
import io.taskiter.internal.sys.RawFiles;
import io.taskiter.internal.sys.RawFiles.IntList;

import static io.taskiter.FileField.*;

/**
 * The file walk: for each task of the plan that owns its fd table (SPEC section 4), its fds in
 * ascending order. A file closed before its turn is skipped.
 */
final class ProcFileWalk extends ProcWalk<OpenFile> {
    private static final int EACCES = 13;
    private static final int ENAMETOOLONG = 36;

    private final Query<?> q;
    private final IntList fds = new IntList();
    private final byte[] buf = new byte[8192];
    private final byte[] link = new byte[4097];
    private final long[] st = new long[5];
    private final int[] pos = new int[1];
    private int fdAt;
    private int tgid, tid, localTgid, localTid;
    private final boolean wantLink, wantInfo, wantStat;

    ProcFileWalk(Query<?> q, RawFiles io, ProcPath path, Plan plan, TaskReader reader, Fd pidfd) {
        super(io, path, plan, reader, pidfd);
        this.q = q;
        wantLink = q.wants(PATH);
        wantInfo = q.wants(FLAGS) || q.wants(POS);
        wantStat = q.wants(TYPE) || q.wants(INODE) || q.wants(DEV) || q.wants(SIZE);
    }

    @Override
    OpenFile advance() throws TaskIterException {
        while (true) {
            while (fdAt < fds.size()) {
                OpenFile f = read(fds.get(fdAt++));
                if (!bound()) return null;
                if (f != null) return f;
            }
            if (!nextTask()) return null;
        }
    }

    /** Moves to the next task that owns a table, and lists its fds. */
    private boolean nextTask() {
        while (next < plan.size()) {
            int i = next++;
            tgid = plan.tgid(i);
            tid = plan.tid(i);
            // a thread whose table is its leader's is walked under the leader only; a zombie leader
            // has no table, so kcmp finds them different and each thread shows it, as the kernel does
            if (plan.skipSharedTables && tid != tgid) {
                // negative: the thread is gone (ESRCH), or the caller may not compare (EPERM), in
                // which case it may not list that table either
                if (Processes.compareFiles(tgid, tid) <= 0) continue;
            }
            if (!reader.locate(tgid, tid)) continue;
            localTgid = reader.localTgid;
            localTid = reader.localTid;
            int n = io.listNumbers(path.task(tgid, tid).str("/fd").b, path.len, fds);
            if (n < 0) {
                if (n == -EACCES) denied++;
                continue;
            }
            fds.sort();
            fdAt = 0;
            return true;
        }
        return false;
    }

    private OpenFile read(int fd) {
        Name name = null;
        if (wantLink) {
            int mark = path.task(tgid, tid).str("/fd/").num(fd).len;
            int l = io.readlink(path.b, mark, link);
            if (l == -ENAMETOOLONG) {
                // longer than PATH_MAX: the file is there, its path cannot be had whole
                name = Name.truncated(link, 0, 0);
            } else if (l < 0) {
                if (l != -EACCES) return null;
            } else {
                name = Name.of(link, 0, l);
            }
        }
        Integer flags = null;
        Long filePos = null;
        if (wantInfo) {
            int n = io.read(path.task(tgid, tid).str("/fdinfo/").num(fd).b, path.len, buf);
            if (n < 0) {
                if (n != -EACCES) return null;
            } else {
                int at = Text.afterKey(buf, n, "pos:");
                if (at >= 0) {
                    pos[0] = at;
                    filePos = Text.decimal(buf, pos, n);
                }
                at = Text.afterKey(buf, n, "flags:");
                if (at >= 0) {
                    pos[0] = at;
                    flags = (int) Text.octal(buf, pos, n);
                }
            }
        }
        FileType type = null;
        Long inode = null, size = null;
        Device dev = null;
        if (wantStat) {
            int r = io.stat(path.task(tgid, tid).str("/fd/").num(fd).b, path.len, st);
            if (r < 0) {
                if (r != -EACCES) return null;
            } else {
                type = FileType.ofMode((int) st[0]);
                inode = st[1];
                size = st[2];
                dev = new Device((int) st[3], (int) st[4]);
            }
        }
        return new OpenFile(localTgid, localTid, fd, q.wants(TYPE) ? type : null, name,
                q.wants(FLAGS) ? flags : null, q.wants(POS) ? filePos : null,
                q.wants(INODE) ? inode : null, q.wants(DEV) ? dev : null, q.wants(SIZE) ? size : null);
    }
}
