package io.taskiter.internal.sys;

import io.taskiter.Errno;
import io.taskiter.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one boundary to the kernel: every system call TaskIter makes goes through {@link #raw}. One
 * downcall handle of one fixed shape (libc's variadic {@code syscall}) serves every call, because each
 * handle costs start-up time; errno is captured per call, never read after the fact.
 */
public final class Sys {
    private Sys() {
    }

    /** Syscall numbers, chosen by architecture. */
    public enum Nr {
        READ(0, 63), CLOSE(3, 57), IOCTL(16, 29), OPENAT(257, 56), READLINKAT(267, 78), STATX(332, 291),
        GETDENTS64(217, 61), BPF(321, 280), KCMP(312, 272), PIDFD_OPEN(434, 434),
        PIDFD_SEND_SIGNAL(424, 424), GETTID(186, 178), UNSHARE(272, 97);

        final long number;

        Nr(long x86, long arm64) {
            this.number = ARCH_X86 ? x86 : arm64;
        }
    }

    private static final boolean ARCH_X86;
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL;
    /** Per-thread errno capture area: a call must not pay for an arena. */
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    static {
        String arch = System.getProperty("os.arch");
        ARCH_X86 = switch (arch) {
            case "amd64", "x86_64" -> true;
            case "aarch64", "arm64" -> false;
            default -> throw new ExceptionInInitializerError("unsupported architecture: " + arch);
        };
        Linker linker = Linker.nativeLinker();
        MemorySegment fn = linker.defaultLookup().find("syscall").orElseThrow();
        var j = ValueLayout.JAVA_LONG;
        SYSCALL = linker.downcallHandle(fn, FunctionDescriptor.of(j, j, j, j, j, j, j),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    }

    /** A stand-in for the kernel, for tests of the layers above: same arguments, same convention. */
    @FunctionalInterface
    interface Kernel {
        long call(Nr nr, long a, long b, long c, long d, long e);
    }

    private static volatile Kernel fake;

    /** Routes every call to {@code k} (null: the real kernel again). Tests only. */
    static void fake(Kernel k) {
        fake = k;
    }

    /** {@return the result, or minus the errno}: the kernel's own convention, for hot paths. */
    public static long raw(Nr nr, long a, long b, long c, long d, long e) {
        Kernel f = fake;
        if (f != null) return f.call(nr, a, b, c, d, e);
        MemorySegment state = STATE.get();
        long r;
        try {
            r = (long) SYSCALL.invokeExact(state, nr.number, a, b, c, d, e);
        } catch (Throwable t) {
            throw new IllegalStateException("syscall downcall failed", t);
        }
        return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
    }

    /**
     * Makes one system call; {@code what} names it in errors (e.g. "bpf(PROG_LOAD)").
     *
     * @return the non-negative result
     * @throws SyscallException naming the errno when the call fails
     */
    public static long call(String what, Nr nr, long a, long b, long c, long d, long e) throws SyscallException {
        long r = raw(nr, a, b, c, d, e);
        if (r < 0 && r >= -4095) throw new SyscallException(what, Errno.of((int) -r));
        return r;
    }

    /** {@return the errno a call failed with, or null when it succeeded}: for probes. */
    public static Errno errnoOf(Nr nr, long a, long b, long c, long d, long e) {
        long r = raw(nr, a, b, c, d, e);
        return r < 0 && r >= -4095 ? Errno.of((int) -r) : null;
    }
}
