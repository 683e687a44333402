package io.taskiter.internal.sys;

import io.taskiter.Errno;
import io.taskiter.SyscallException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The bpf(2) commands TaskIter uses, one small encoder each: the attr is zeroed, sized to the end of
 * the last field written, and every offset is named once next to the UAPI field it stands for
 * ({@code union bpf_attr}, include/uapi/linux/bpf.h).
 */
public final class Bpf {
    private Bpf() {
    }

    private enum Cmd {
        MAP_CREATE(0), PROG_LOAD(5), LINK_CREATE(28), ITER_CREATE(33);
        final int number;

        Cmd(int number) {
            this.number = number;
        }
    }

    private static final int PROG_TYPE_TRACING = 26;
    private static final int ATTACH_TRACE_ITER = 28;
    private static final int MAP_TYPE_PERCPU_ARRAY = 6;

    private static long bpf(Cmd cmd, MemorySegment attr) throws SyscallException {
        return Sys.call("bpf(" + cmd + ")", Sys.Nr.BPF, cmd.number, attr.address(), attr.byteSize(), 0, 0);
    }

    /**
     * Creates a one-element per-CPU array: the scratch record buffer of an iterator program (the BPF
     * stack is 512 bytes; a path alone may be 4096).
     */
    public static Fd createScratchMap(int valueSize) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(48);
            a.set(ValueLayout.JAVA_INT, 0, MAP_TYPE_PERCPU_ARRAY); // map_type
            a.set(ValueLayout.JAVA_INT, 4, 4);                     // key_size
            a.set(ValueLayout.JAVA_INT, 8, valueSize);             // value_size
            a.set(ValueLayout.JAVA_INT, 12, 1);                    // max_entries
            setName(a, 28, "taskiter_rec");                        // map_name[16]
            return Fd.adopt(bpf(Cmd.MAP_CREATE, a), "bpf map");
        }
    }

    /**
     * Loads an iterator program (TRACING, TRACE_ITER, attached to the FUNC {@code bpf_iter_NAME}).
     *
     * @param log null to load without a verifier log, else a buffer that receives it
     */
    public static Fd loadIterProgram(String name, byte[] insns, int attachBtfId, byte[] log)
            throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment code = arena.allocate(insns.length, 8);
            MemorySegment.copy(insns, 0, code, ValueLayout.JAVA_BYTE, 0, insns.length);
            // bpf_seq_write and reading kernel structs through BTF are GPL-only
            MemorySegment license = arena.allocateFrom("GPL");
            MemorySegment logBuf = log == null ? MemorySegment.NULL : arena.allocate(log.length);
            MemorySegment a = arena.allocate(120);
            a.set(ValueLayout.JAVA_INT, 0, PROG_TYPE_TRACING);          // prog_type
            a.set(ValueLayout.JAVA_INT, 4, insns.length / 8);           // insn_cnt
            a.set(ValueLayout.JAVA_LONG, 8, code.address());            // insns
            a.set(ValueLayout.JAVA_LONG, 16, license.address());        // license
            if (log != null) {
                a.set(ValueLayout.JAVA_INT, 24, 1);                     // log_level
                a.set(ValueLayout.JAVA_INT, 28, log.length);            // log_size
                a.set(ValueLayout.JAVA_LONG, 32, logBuf.address());     // log_buf
            }
            setName(a, 48, name);                                       // prog_name[16]
            a.set(ValueLayout.JAVA_INT, 68, ATTACH_TRACE_ITER);         // expected_attach_type
            a.set(ValueLayout.JAVA_INT, 108, attachBtfId);              // attach_btf_id
            try {
                return Fd.adopt(bpf(Cmd.PROG_LOAD, a), "bpf prog");
            } finally {
                if (log != null) MemorySegment.copy(logBuf, ValueLayout.JAVA_BYTE, 0, log, 0, log.length);
            }
        }
    }

    /**
     * Attaches an iterator program: a link whose {@code union bpf_iter_link_info.task} holds at most
     * one of tid, pid and pidfd (all zero: every task).
     */
    public static Fd createIterLink(Fd prog, int tid, int pid, int pidfd) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(32);
            a.set(ValueLayout.JAVA_INT, 0, prog.number());              // prog_fd
            a.set(ValueLayout.JAVA_INT, 8, ATTACH_TRACE_ITER);          // attach_type
            if (tid != 0 || pid != 0 || pidfd != 0) {
                MemorySegment info = arena.allocate(16);
                info.set(ValueLayout.JAVA_INT, 0, tid);                 // task.tid
                info.set(ValueLayout.JAVA_INT, 4, pid);                 // task.pid
                info.set(ValueLayout.JAVA_INT, 8, pidfd);               // task.pid_fd
                a.set(ValueLayout.JAVA_LONG, 16, info.address());       // iter_info
                a.set(ValueLayout.JAVA_INT, 24, 16);                    // iter_info_len
            }
            return Fd.adopt(bpf(Cmd.LINK_CREATE, a), "bpf link");
        }
    }

    /** Starts one walk of an iterator link: a new seq_file session, read until EOF. */
    public static Fd createIter(Fd link) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8);
            a.set(ValueLayout.JAVA_INT, 0, link.number());              // iter_create.link_fd
            return Fd.adopt(bpf(Cmd.ITER_CREATE, a), "bpf iter");
        }
    }

    /** {@return the bytes read into {@code buf}, 0 at the end, or minus the errno} */
    public static long read(Fd fd, MemorySegment buf) {
        return Sys.raw(Sys.Nr.READ, fd.number(), buf.address(), buf.byteSize(), 0, 0);
    }

    private static void setName(MemorySegment a, long at, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(b.length, 15);
        MemorySegment.copy(b, 0, a, ValueLayout.JAVA_BYTE, at, n);
    }

    /** {@return whether the errno means the caller lacks CAP_BPF/CAP_PERFMON} */
    public static boolean isPermission(Errno e) {
        return e == Errno.EPERM;
    }
}
