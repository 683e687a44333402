package io.taskiter;

/** The Linux errno values TaskIter meets, by their C names (x86_64 and aarch64 share these numbers). */
public enum Errno {
    EPERM(1, "operation not permitted"), ENOENT(2, "no such file or directory"), ESRCH(3, "no such process"),
    EINTR(4, "interrupted system call"), EIO(5, "input/output error"), ENXIO(6, "no such device or address"),
    E2BIG(7, "argument list too long"), EBADF(9, "bad file descriptor"), ECHILD(10, "no child processes"),
    EAGAIN(11, "resource temporarily unavailable"), ENOMEM(12, "cannot allocate memory"),
    EACCES(13, "permission denied"), EFAULT(14, "bad address"), EBUSY(16, "device or resource busy"),
    EEXIST(17, "file exists"), ENODEV(19, "no such device"), ENOTDIR(20, "not a directory"),
    EINVAL(22, "invalid argument"), ENFILE(23, "too many open files in system"),
    EMFILE(24, "too many open files"), ENOSPC(28, "no space left on device"), ERANGE(34, "result too large"),
    ENOSYS(38, "function not implemented"), ELOOP(40, "too many levels of symbolic links"),
    EOPNOTSUPP(95, "operation not supported"), ENOTSUPP(524, "operation not supported (kernel internal)"),
    UNKNOWN(-1, "unknown error");

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    /** {@return the errno of that number; {@link #UNKNOWN} for one not listed} */
    public static Errno of(int number) {
        for (Errno e : values()) {
            if (e.number == number) return e;
        }
        return UNKNOWN;
    }

    /** {@return whether this errno means the task or file went away} */
    public boolean meansGone() {
        return this == ENOENT || this == ESRCH;
    }
}
