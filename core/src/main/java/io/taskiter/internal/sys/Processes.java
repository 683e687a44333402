package io.taskiter.internal.sys;

import io.taskiter.Errno;
import io.taskiter.SyscallException;

/** Process-identity calls the engines need: pidfds and fd-table comparison. */
public final class Processes {
    private Processes() {
    }

    private static final int KCMP_FILES = 2;

    /** {@return a pidfd for process {@code pid}}; ESRCH when it does not exist */
    public static Fd pidfdOpen(int pid) throws SyscallException {
        return Fd.adopt(Sys.call("pidfd_open", Sys.Nr.PIDFD_OPEN, pid, 0, 0, 0, 0), "pidfd");
    }

    /** {@return whether the process behind the pidfd has not exited} (signal 0 probes without sending) */
    public static boolean isAlive(Fd pidfd) throws SyscallException {
        Errno e = Sys.errnoOf(Sys.Nr.PIDFD_SEND_SIGNAL, pidfd.number(), 0, 0, 0, 0);
        if (e == null || e == Errno.EPERM) return true;
        if (e == Errno.ESRCH) return false;
        throw new SyscallException("pidfd_send_signal", e);
    }

    /**
     * Compares the fd tables of two tasks with {@code kcmp(KCMP_FILES)}.
     *
     * @return 0 when shared, a positive ordering value when not, or minus the errno (ESRCH: a task is
     * gone; EPERM: the caller lacks ptrace access to one of them)
     */
    public static int compareFiles(int tid1, int tid2) {
        return (int) Sys.raw(Sys.Nr.KCMP, tid1, tid2, KCMP_FILES, 0, 0);
    }

    /** {@return the calling thread's tid} */
    public static int gettid() {
        try {
            return (int) Sys.call("gettid", Sys.Nr.GETTID, 0, 0, 0, 0, 0);
        } catch (SyscallException e) {
            throw new IllegalStateException(e);
        }
    }
}
