package io.taskiter.internal.sys;

import io.taskiter.Errno;
import io.taskiter.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads an iterator fd into a reused buffer. One read returns at most one seq_file buffer (8 pages),
 * and only whole records: an element whose output does not fit is run again on the next read.
 */
public final class IterReader implements AutoCloseable {
    /**
     * The kernel's seq_file buffer for bpf iterators is 8 pages, and a read() never returns more: 8
     * pages of the largest page size Linux uses (64 KiB).
     */
    public static final int CHUNK = 8 * 65536;

    // shared: a walk may be consumed by a stream on another thread than the one that opened it
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(CHUNK, 8);
    private final byte[] heap = new byte[CHUNK];

    /** {@return the heap buffer {@link #read(Fd)} fills}: reused, like the native one */
    public byte[] buffer() {
        return heap;
    }

    /**
     * Reads the next chunk into {@link #buffer()}.
     *
     * @return the byte count, 0 at the end of the walk
     */
    public int read(Fd iter) throws SyscallException {
        return read(iter, heap);
    }

    /**
     * Reads the next chunk into {@code out} (at least {@link #CHUNK} bytes long).
     *
     * @return the byte count, 0 at the end of the walk
     */
    public int read(Fd iter, byte[] out) throws SyscallException {
        while (true) {
            long n = Bpf.read(iter, buf);
            if (n >= 0) {
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, out, 0, (int) n);
                return (int) n;
            }
            Errno e = Errno.of((int) -n);
            // EAGAIN: the program asked for a retry of the element; EINTR: a signal; both resume
            if (e != Errno.EAGAIN && e != Errno.EINTR) throw new SyscallException("read(bpf iter)", e);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
