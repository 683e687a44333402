package io.taskiter.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * File reads with the kernel's bytes and errnos intact, for walking /proc: java.nio decodes link
 * targets through the locale (a path that is not UTF-8 comes back altered) and reports a vanished task
 * as an exception, which is the common case, not an exceptional one. Results are lengths or minus the
 * errno. One instance per walk; not thread-safe.
 */
public final class RawFiles implements AutoCloseable {
    private static final int AT_FDCWD = -100;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int O_DIRECTORY = 0x10000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int AT_STATX_SYNC_AS_STAT = 0;
    private static final int PATH_MAX = 4096;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment path = arena.allocate(PATH_MAX + 1);
    private final MemorySegment data = arena.allocate(64 * 1024, 8);
    private final MemorySegment statx = arena.allocate(256, 8);

    private void setPath(byte[] p, int len) {
        if (len > PATH_MAX) throw new IllegalArgumentException("path too long");
        MemorySegment.copy(p, 0, path, ValueLayout.JAVA_BYTE, 0, len);
        path.set(ValueLayout.JAVA_BYTE, len, (byte) 0);
    }

    /**
     * Reads a whole file (at most {@code out.length} bytes) into {@code out}.
     *
     * @return the number of bytes read, or minus the errno
     */
    public int read(byte[] p, int len, byte[] out) {
        setPath(p, len);
        long fd = Sys.raw(Sys.Nr.OPENAT, AT_FDCWD, path.address(), O_RDONLY_CLOEXEC, 0, 0);
        if (fd < 0) return (int) fd;
        try {
            int total = 0;
            int want = Math.min(out.length, (int) data.byteSize());
            while (total < want) {
                long n = Sys.raw(Sys.Nr.READ, fd, data.address() + total, want - total, 0, 0);
                if (n < 0) return (int) n;
                if (n == 0) break;
                total += (int) n;
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, out, 0, total);
            return total;
        } finally {
            Sys.raw(Sys.Nr.CLOSE, fd, 0, 0, 0, 0);
        }
    }

    /** {@return the link target's length in {@code out}, or minus the errno} */
    public int readlink(byte[] p, int len, byte[] out) {
        setPath(p, len);
        long n = Sys.raw(Sys.Nr.READLINKAT, AT_FDCWD, path.address(), data.address(), PATH_MAX, 0);
        if (n < 0) return (int) n;
        int k = (int) Math.min(n, out.length);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, out, 0, k);
        return k;
    }

    /**
     * stat(2) through the path (following the link, as {@code fstat} on the fd would see the file).
     *
     * @param out receives mode, inode, size, device major, device minor
     * @return 0, or minus the errno
     */
    public int stat(byte[] p, int len, long[] out) {
        setPath(p, len);
        long r = Sys.raw(Sys.Nr.STATX, AT_FDCWD, path.address(), AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS,
                statx.address());
        if (r < 0) return (int) r;
        // struct statx: stx_mode u16 @0x1c, stx_ino u64 @0x20, stx_size u64 @0x28,
        // stx_dev_major u32 @0x88, stx_dev_minor u32 @0x8c
        out[0] = Short.toUnsignedInt(statx.get(ValueLayout.JAVA_SHORT, 0x1c));
        out[1] = statx.get(ValueLayout.JAVA_LONG, 0x20);
        out[2] = statx.get(ValueLayout.JAVA_LONG, 0x28);
        out[3] = Integer.toUnsignedLong(statx.get(ValueLayout.JAVA_INT, 0x88));
        out[4] = Integer.toUnsignedLong(statx.get(ValueLayout.JAVA_INT, 0x8c));
        return 0;
    }

    /**
     * Lists the numeric entries of a directory (/proc, /proc/PID/task, /proc/PID/fd), in the
     * directory's own order. Non-numeric names are left out.
     *
     * @return the count stored in {@code out[0]} (grown as needed, returned through the holder), or minus the errno
     */
    public int listNumbers(byte[] p, int len, IntList out) {
        setPath(p, len);
        out.clear();
        long fd = Sys.raw(Sys.Nr.OPENAT, AT_FDCWD, path.address(), O_RDONLY_CLOEXEC | O_DIRECTORY, 0, 0);
        if (fd < 0) return (int) fd;
        try {
            while (true) {
                long n = Sys.raw(Sys.Nr.GETDENTS64, fd, data.address(), data.byteSize(), 0, 0);
                if (n < 0) return (int) n;
                if (n == 0) return out.size();
                // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                for (long at = 0; at < n; ) {
                    int reclen = Short.toUnsignedInt(data.get(ValueLayout.JAVA_SHORT, at + 16));
                    long name = at + 19;
                    long v = 0;
                    boolean numeric = true;
                    int digits = 0;
                    for (long i = name; ; i++) {
                        byte b = data.get(ValueLayout.JAVA_BYTE, i);
                        if (b == 0) break;
                        if (b < '0' || b > '9' || digits > 9) {
                            numeric = false;
                            break;
                        }
                        v = v * 10 + (b - '0');
                        digits++;
                    }
                    if (numeric && digits > 0 && v <= Integer.MAX_VALUE) out.add((int) v);
                    at += reclen;
                }
            }
        } finally {
            Sys.raw(Sys.Nr.CLOSE, fd, 0, 0, 0, 0);
        }
    }

    private static final int NS_GET_PARENT = 0xb702;
    private static final int AT_EMPTY_PATH = 0x1000;

    /**
     * Follows a pid namespace's parents ({@code ioctl(NS_GET_PARENT)}) from the namespace file at
     * {@code p} (e.g. /proc/PID/ns/pid) up to the caller's own namespace.
     *
     * @param out receives the namespaces' inode numbers, innermost first
     * @return how many were stored, or minus the errno
     */
    public int pidNamespaceChain(byte[] p, int len, long[] out) {
        setPath(p, len);
        long fd = Sys.raw(Sys.Nr.OPENAT, AT_FDCWD, path.address(), O_RDONLY_CLOEXEC, 0, 0);
        if (fd < 0) return (int) fd;
        int n = 0;
        try {
            while (n < out.length) {
                long r = Sys.raw(Sys.Nr.STATX, fd, emptyPath().address(), AT_EMPTY_PATH, STATX_BASIC_STATS,
                        statx.address());
                if (r < 0) return (int) r;
                out[n++] = statx.get(ValueLayout.JAVA_LONG, 0x20);
                long parent = Sys.raw(Sys.Nr.IOCTL, fd, NS_GET_PARENT, 0, 0, 0);
                // EPERM: the parent lies outside the caller's namespace, the top of what it may see
                if (parent < 0) return n;
                Sys.raw(Sys.Nr.CLOSE, fd, 0, 0, 0, 0);
                fd = parent;
            }
            return n;
        } finally {
            Sys.raw(Sys.Nr.CLOSE, fd, 0, 0, 0, 0);
        }
    }

    private MemorySegment emptyPath() {
        path.set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
        return path;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** A growable list of ints without boxing. */
    public static final class IntList {
        private int[] a = new int[64];
        private int n;

        public void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        public int get(int i) {
            return a[i];
        }

        public int size() {
            return n;
        }

        public void clear() {
            n = 0;
        }

        public void sort() {
            Arrays.sort(a, 0, n);
        }

        public int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
