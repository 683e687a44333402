package io.taskiter.internal.sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned file descriptor: closed exactly once (close is idempotent), or handed over with
 * {@link #release()}. Opened-fd counts in tests prove none leaks.
 */
public final class Fd implements AutoCloseable {
    private static final int CLOSED = -1;
    private final AtomicInteger fd;
    private final String what;

    private Fd(int fd, String what) {
        this.fd = new AtomicInteger(fd);
        this.what = what;
    }

    /** Takes ownership of a descriptor a syscall returned. */
    public static Fd adopt(long fd, String what) {
        if (fd < 0 || fd > Integer.MAX_VALUE) throw new IllegalArgumentException("not a descriptor: " + fd);
        return new Fd((int) fd, what);
    }

    /** {@return the number, for passing to the kernel}; the fd stays owned by this object */
    public int number() {
        int n = fd.get();
        if (n == CLOSED) throw new IllegalStateException(what + " fd already closed");
        return n;
    }

    /** {@return the number, ownership moved to the caller} */
    public int release() {
        int n = fd.getAndSet(CLOSED);
        if (n == CLOSED) throw new IllegalStateException(what + " fd already closed");
        return n;
    }

    public boolean isOpen() {
        return fd.get() != CLOSED;
    }

    @Override
    public void close() {
        int n = fd.getAndSet(CLOSED);
        if (n == CLOSED) return;
        // close(2) releases the descriptor even when it reports an error: nothing to retry
        Sys.raw(Sys.Nr.CLOSE, n, 0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return what + " fd " + fd.get();
    }
}
