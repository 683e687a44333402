package io.taskiter;

/** A system call failed: which call, and the errno it returned. */
public final class SyscallException extends TaskIterException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final Errno errno;

    public SyscallException(String call, Errno errno) {
        this(call, errno, "");
    }

    public SyscallException(String call, Errno errno, String hint) {
        super(call + ": " + errno.name() + " (" + errno.description() + ")" + (hint.isEmpty() ? "" : ": " + hint));
        this.call = call;
        this.errno = errno;
    }

    /** {@return the call that failed, e.g. "bpf(LINK_CREATE)"} */
    public String call() {
        return call;
    }

    public Errno errno() {
        return errno;
    }
}
