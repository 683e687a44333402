package io.taskiter.internal.sys;

import io.taskiter.Errno;
import io.taskiter.NoSuchTaskException;
import io.taskiter.SyscallException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Process-identity calls the engines need: pidfds and fd-table comparison. */
public final class Processes {
    private Processes() {
    }

    private static final int KCMP_FILES = 2;
    private static final int CLONE_FILES = 0x400;

    /** {@return a pidfd for process {@code pid}}; ESRCH when it does not exist */
    public static Fd pidfdOpen(int pid) throws SyscallException {
        return Fd.adopt(Sys.call("pidfd_open", Sys.Nr.PIDFD_OPEN, pid, 0, 0, 0, 0), "pidfd");
    }

    /**
     * Opens a pidfd for the process and checks it is the process the handle named (pid and start
     * time): from then on its number cannot be reused while the pidfd shows it alive.
     */
    public static Fd bindPidfd(ProcessHandle process) throws NoSuchTaskException, SyscallException {
        Fd fd;
        try {
            fd = pidfdOpen((int) process.pid());
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH || e.errno() == Errno.EINVAL) {
                throw new NoSuchTaskException("no such process: pid " + process.pid() + " has exited");
            }
            throw e;
        }
        Optional<ProcessHandle> now = ProcessHandle.of(process.pid());
        if (now.isEmpty() || !now.get().equals(process) || !isAlive(fd)) {
            fd.close();
            throw new NoSuchTaskException("no such process: pid " + process.pid() + " has exited");
        }
        return fd;
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

    /**
     * Gives the calling thread an fd table of its own (a copy): for probing how the kernel walks such
     * a thread. The thread must open nothing afterwards that others are meant to use.
     */
    public static void unshareFiles() throws SyscallException {
        Sys.call("unshare(CLONE_FILES)", Sys.Nr.UNSHARE, CLONE_FILES, 0, 0, 0, 0);
    }

    /** {@return the calling thread's tid} */
    public static int gettid() {
        try {
            return (int) Sys.call("gettid", Sys.Nr.GETTID, 0, 0, 0, 0, 0);
        } catch (SyscallException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@return the thread group of a task, by its number in the caller's pid namespace, or -1 when
     * no such task exists} (/proc/TID/status resolves any thread's tid)
     */
    public static int tgidOf(int tid) {
        String line = statusLine(tid, "Tgid:");
        return line == null ? -1 : Integer.parseInt(line);
    }

    /** {@return how many pid namespace levels below /proc's own {@code pid} has a number at, or -1} */
    public static int nsDepth(int pid) {
        String line = statusLine(pid, "NSpid:");
        return line == null ? -1 : line.split("\\s+").length - 1;
    }

    /**
     * {@return the inode of the pid namespace of process {@code pid} (0: the caller), or -1 when there is
     * no such process} (the target of /proc/PID/ns/pid, "pid:[INODE]")
     */
    public static long pidNamespace(int pid) {
        try {
            String link = Files.readSymbolicLink(Path.of(pid == 0 ? "/proc/self/ns/pid" : "/proc/" + pid + "/ns/pid"))
                    .toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** status is plain ASCII: java.nio reads it without the raw-bytes machinery a walk needs. */
    private static String statusLine(int pid, String key) {
        String text;
        try {
            text = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/status")), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
        int at = text.indexOf("\n" + key);
        if (at < 0) return null;
        int end = text.indexOf('\n', at + 1);
        return text.substring(at + 1 + key.length(), end < 0 ? text.length() : end).strip();
    }

    /** {@return the page size, from the aux vector (AT_PAGESZ)} */
    public static long pageSize() {
        byte[] path = "/proc/self/auxv".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[4096];
        int n;
        try (RawFiles io = new RawFiles()) {
            n = io.read(path, path.length, b);
        }
        var bb = java.nio.ByteBuffer.wrap(b, 0, Math.max(n, 0)).order(java.nio.ByteOrder.nativeOrder());
        while (bb.remaining() >= 16) {
            long type = bb.getLong();
            long value = bb.getLong();
            if (type == 6 /* AT_PAGESZ */) return value;
            if (type == 0) break;
        }
        return 4096;
    }
}
