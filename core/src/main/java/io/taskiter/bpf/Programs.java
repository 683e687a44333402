package io.taskiter.bpf;

import io.taskiter.EngineUnavailableException;
import io.taskiter.Errno;
import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.SyscallException;
import io.taskiter.Target;
import io.taskiter.VerifierException;
import io.taskiter.Walk;
import io.taskiter.asm.Program;
import io.taskiter.internal.sys.Bpf;
import io.taskiter.internal.sys.Fd;
import io.taskiter.internal.sys.IterReader;
import io.taskiter.internal.sys.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loaded programs, kept per (target, record layout, namespace view, whether threads sharing their
 * leader's fd table are left out: not in TID walks) with their scratch maps and
 * ALL-scope links, so repeated walks only create an iterator session. Bounded: the least recently used
 * program is unloaded past {@link #MAX}.
 */
final class Programs implements AutoCloseable {
    private static final int MAX = 32;
    private static final long PAGE_SIZE = Processes.pageSize();

    private final KernelTypes kernel;
    private final CgroupPaths cgroups = new CgroupPaths();
    private final Map<Key, Loaded> loaded = new LinkedHashMap<>(16, 0.75f, true);

    Programs(KernelTypes kernel) {
        this.kernel = kernel;
    }

    private record Key(Target target, java.util.Set<Slot> slots, boolean variable, int level, long inum,
                       boolean skipShared) {
    }

    /** A program and what it owns: closed together, program after link, map last. */
    private static final class Loaded implements AutoCloseable {
        final Fd map;
        final Fd prog;
        final Layout layout;
        final Program code;
        Fd allLink;

        Loaded(Fd map, Fd prog, Layout layout, Program code) {
            this.map = map;
            this.prog = prog;
            this.layout = layout;
            this.code = code;
        }

        @Override
        public void close() {
            if (allLink != null) allLink.close();
            prog.close();
            map.close();
        }
    }

    /** Fails early, with the reason, when the caller may not use bpf(2) at all. */
    void checkPermission() throws EngineUnavailableException {
        try (Fd probe = Bpf.createScratchMap(8)) {
            probe.number();
        } catch (SyscallException e) {
            throw unavailable(e);
        }
    }

    private static EngineUnavailableException unavailable(SyscallException e) {
        if (e.errno() == Errno.EPERM) {
            return new EngineUnavailableException("no permission: " + e.call() + ": EPERM (needs CAP_BPF and CAP_PERFMON, or root)", e);
        }
        if (e.errno() == Errno.ENOSYS) return new EngineUnavailableException("kernel without bpf(2)", e);
        return new EngineUnavailableException(e.getMessage(), e);
    }

    /**
     * Starts a walk; ALL walks seen from a foreign namespace are ordered by their numbers there. File
     * walks leave out threads sharing their leader's table but in TID scope (SPEC section 4).
     */
    @SuppressWarnings("unchecked")
    <T> Walk<T> walk(Query<T> q, BpfTaskSource.View view, int tid, int pid, Fd pidfd) throws IOException {
        BpfWalk<T> w = session(q, view, tid, pid, pidfd, tid == 0);
        if (!(view.foreign() && q.scope() instanceof Scope.All)) return w;
        return Sorted.of(w, q.target());
    }

    <T> BpfWalk<T> session(Query<T> q, BpfTaskSource.View view, int tid, int pid, Fd pidfd, boolean skipShared)
            throws IOException {
        Layout layout = Layouts.of(q, kernel, view.foreign());
        Loaded l = load(q.target(), layout, view, q.target() == Target.TASK_FILE && skipShared);
        Fd link = null;
        Fd iter = null;
        try {
            if (tid == 0 && pid == 0 && pidfd == null) {
                if (l.allLink == null) l.allLink = Bpf.createIterLink(l.prog, 0, 0, 0);
                iter = Bpf.createIter(l.allLink);
            } else {
                link = Bpf.createIterLink(l.prog, tid, pid, pidfd == null ? 0 : pidfd.number());
                iter = Bpf.createIter(link);
            }
        } catch (SyscallException e) {
            if (link != null) link.close();
            throw e.errno() == Errno.EPERM ? unavailable(e) : e;
        }
        cgroups.newWalk();
        Decoder decoder = new Decoder(layout, q, PAGE_SIZE, cgroups);
        return new BpfWalk<>(q.target(), iter, link, pidfd, decoder, takeReader(), this::giveBack);
    }

    private Loaded load(Target target, Layout layout, BpfTaskSource.View view, boolean skipShared) throws IOException {
        Key key = new Key(target, layout.slots(), layout.variable, view.level(), view.inum(), skipShared);
        Loaded l = loaded.get(key);
        if (l != null) return l;
        Fd map;
        try {
            map = Bpf.createScratchMap(layout.maxRecord());
        } catch (SyscallException e) {
            throw unavailable(e);
        }
        try {
            Program code = ProgramGen.generate(target, kernel, layout, map.number(), view.level(),
                    view.callerLevel(), view.inum(), skipShared);
            Fd prog = loadProgram(target, code);
            l = new Loaded(map, prog, layout, code);
        } catch (IOException | RuntimeException e) {
            map.close();
            throw e;
        }
        loaded.put(key, l);
        evict();
        return l;
    }

    Fd loadProgram(Target target, Program code) throws IOException {
        String name = "taskiter_" + (target == Target.TASK ? "task" : "file");
        byte[] insns = code.bytes();
        try {
            return Bpf.loadIterProgram(name, insns, kernel.attachId(target), null);
        } catch (SyscallException e) {
            if (e.errno() == Errno.EPERM) throw unavailable(e);
            if (e.errno() != Errno.EACCES && e.errno() != Errno.EINVAL) throw e;
        }
        // rejected: load again with the verifier's log, which says why
        byte[] log = new byte[1 << 20];
        try (Fd unexpected = Bpf.loadIterProgram(name, insns, kernel.attachId(target), log)) {
            return Fd.adopt(unexpected.release(), "bpf prog");
        } catch (SyscallException e) {
            int n = 0;
            while (n < log.length && log[n] != 0) n++;
            String text = new String(log, 0, n, StandardCharsets.UTF_8);
            throw new VerifierException("load " + name + " program (" + code.slots() + " instructions)",
                    text, code.disassemble());
        }
    }

    private void evict() {
        Iterator<Map.Entry<Key, Loaded>> it = loaded.entrySet().iterator();
        while (loaded.size() > MAX && it.hasNext()) {
            it.next().getValue().close();
            it.remove();
        }
    }

    /** {@return the instructions of the program a query loads}: for tests and diagnostics */
    Program programFor(Query<?> q, BpfTaskSource.View view) throws IOException {
        Layout layout = Layouts.of(q, kernel, view.foreign());
        return load(q.target(), layout, view, q.target() == Target.TASK_FILE && !(q.scope() instanceof Scope.Tid)).code;
    }

    /**
     * A walk's read buffers (512 KiB on the heap and natively): kept for the next walk, since
     * allocating them, and closing a shared arena, cost more than a small walk itself.
     */
    private IterReader spare;

    private synchronized IterReader takeReader() {
        IterReader r = spare;
        spare = null;
        return r != null ? r : new IterReader();
    }

    private synchronized void giveBack(IterReader r) {
        if (spare == null && !closed) spare = r;
        else r.close();
    }

    private boolean closed;

    @Override
    public void close() {
        for (Loaded l : new ArrayList<>(loaded.values())) l.close();
        loaded.clear();
        synchronized (this) {
            closed = true;
            if (spare != null) spare.close();
            spare = null;
        }
    }
}
