package io.taskiter.bpf;

import io.taskiter.SyscallException;
import io.taskiter.Target;
import io.taskiter.TaskIterException;
import io.taskiter.Walk;
import io.taskiter.internal.sys.Fd;
import io.taskiter.internal.sys.IterReader;
import io.taskiter.internal.sys.Processes;

import java.io.IOException;

/**
 * One kernel iterator session: read() into a reused buffer, records decoded one at a time. The walk
 * completed exactly when the stop call's end marker arrives; EOF without it is an error, not a short
 * walk.
 */
final class BpfWalk<T> implements Walk<T> {
    private final Target target;
    private final Fd iter;
    private final Fd link;          // owned only when not cached (scoped walks)
    private final Fd pidfd;         // PIDFD walks: the process the walk is bound to
    private final Decoder decoder;
    private final IterReader reader;
    private final java.util.function.Consumer<IterReader> giveBack;
    private final byte[] buf;
    private int at, end, last;
    private long bytes;
    private int reads;
    private boolean completed, closed;

    /** @param giveBack takes the reader (and its buffers) back for the next walk when this one closes */
    BpfWalk(Target target, Fd iter, Fd link, Fd pidfd, Decoder decoder, IterReader reader,
            java.util.function.Consumer<IterReader> giveBack) {
        this.target = target;
        this.iter = iter;
        this.link = link;
        this.pidfd = pidfd;
        this.decoder = decoder;
        this.reader = reader;
        this.giveBack = giveBack;
        this.buf = reader.buffer();
    }

    /** {@return the bytes the kernel wrote so far}: what projection saves shows here */
    long bytesRead() {
        return bytes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() throws IOException {
        if (closed) throw new IllegalStateException("walk closed");
        if (completed) return null;
        while (true) {
            if (at == end && !fill()) return null;
            int len = Decoder.length(buf, at);
            int kind = Decoder.kind(buf, at);
            if (len < Layout.HEADER || at + len > end) {
                throw new TaskIterException("bpf walk: malformed record of " + len + " bytes at " + at);
            }
            int rec = at;
            last = rec;
            at += len;
            if (kind == Layout.KIND_END) {
                completed = true;
                return null;
            }
            if (kind != Layout.KIND_ELEMENT) throw new TaskIterException("bpf walk: unknown record kind " + kind);
            return (T) (target == Target.TASK ? (Object) decoder.task(buf, rec) : (Object) decoder.file(buf, rec));
        }
    }

    /** Reads the next chunk; false when the walk ended (bound process gone). */
    private boolean fill() throws IOException {
        int n;
        try {
            n = reader.read(iter);
        } catch (SyscallException e) {
            throw new TaskIterException("bpf walk: " + e.getMessage(), e);
        }
        if (n == 0) throw new TaskIterException("bpf walk: the iterator ended without its end marker");
        // a PIDFD walk reads by number; once the process is gone the number may name another one
        if (pidfd != null && !Processes.isAlive(pidfd)) {
            completed = true;
            return false;
        }
        bytes += n;
        reads++;
        at = 0;
        end = n;
        return true;
    }

    /** For tests: {@return how many read() calls returned records so far} */
    int reads() {
        return reads;
    }

    /** For tests: {@return whether every record read so far was handed out}: the next one needs a read() */
    boolean drained() {
        return at == end;
    }

    /** {@return the caller-namespace tid of the last element} (walks seen from a foreign namespace) */
    int lastCallerTid() {
        return decoder.callerTid(buf, last);
    }

    @Override
    public boolean completed() {
        return completed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        iter.close();
        if (link != null) link.close();
        if (pidfd != null) pidfd.close();
        giveBack.accept(reader);
    }
}
