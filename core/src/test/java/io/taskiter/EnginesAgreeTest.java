package io.taskiter;

import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;
import io.taskiter.testing.KernelTest;
import io.taskiter.testing.Workload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two engines give the same records for the same host state: field by field on the workload's
 * tasks and files in every scope, and on every task both see on the host (the kernel iterator does not
 * show this machine's init, thread group 1). cpu times and rss move between two reads: they are
 * compared within a bound (two clock ticks; 1 MiB).
 */
@KernelTest
class EnginesAgreeTest {
    private static Workload w;
    private static BpfTaskSource bpf;
    private static final ProcTaskSource PROC = new ProcTaskSource();

    @BeforeAll
    static void start() throws IOException {
        w = Workload.start(Workload.Spec.defaults().extraProcesses(2, 3));
        bpf = BpfTaskSource.open();
    }

    @AfterAll
    static void stop() {
        bpf.close();
        w.close();
    }

    /** The task with the moving fields rounded to their bound, so equal means within it. */
    private static Task settled(Task t) {
        return new Task(t.tid(), t.tgid(), t.ppid(), t.comm(), t.state(), t.uid(), t.gid(), t.euid(), t.egid(),
                t.kthread(), t.threads(), t.startNs(), null, null, null, t.vszBytes(), t.pidns(), t.nstid(),
                t.cgroup(), t.exe());
    }

    private static void assertClose(Task a, Task b) {
        assertThat(settled(a)).isEqualTo(settled(b));
        assertThat(Math.abs(a.utimeNs() - b.utimeNs())).as("utime of %d", a.tid()).isLessThanOrEqualTo(20_000_000L);
        assertThat(Math.abs(a.stimeNs() - b.stimeNs())).as("stime of %d", a.tid()).isLessThanOrEqualTo(20_000_000L);
        if (a.rssBytes() == null) assertThat(b.rssBytes()).isNull();
        else assertThat(Math.abs(a.rssBytes() - b.rssBytes())).as("rss of %d", a.tid()).isLessThanOrEqualTo(1 << 20);
    }

    private static List<Query<?>> workloadQueries() {
        List<Query<?>> qs = new ArrayList<>();
        int ns = w.namespace().init().pid();
        for (Query<?> base : List.of(Query.tasks(), Query.files(), Query.tasks().inNamespaceOf(ns), Query.files().inNamespaceOf(ns))) {
            qs.add(base);
            if (base.namespacePid() == 0) {
                qs.add(base.withScope(Scope.tgid(w.pid())));
                qs.add(base.withScope(Scope.pidfd(w.handle())));
                qs.add(base.withScope(Scope.tid(w.pid())));
                qs.add(base.withScope(Scope.tid(w.thread("space").tid())));
                qs.add(base.withScope(Scope.tid(w.unsharedThread().tid())));
                qs.add(base.withScope(Scope.tgid(w.zombie().pid())));
                qs.add(base.withScope(Scope.tgid(w.stopped().pid())));
                qs.add(base.withScope(Scope.tgid(w.nobody().pid())));
            } else {
                qs.add(base.withScope(Scope.tgid(2)));
                qs.add(base.withScope(Scope.tid(1)));
                qs.add(base.withScope(Scope.tid(3)));
            }
        }
        return qs;
    }

    @Test
    void sameRecordsOnTheWorkloadInEveryScope() throws IOException {
        List<Integer> ours = w.processes().stream().flatMap(p -> p.tids().stream()).toList();
        List<Integer> nsLocal = List.of(1, 2, 3);
        for (Query<?> q : workloadQueries()) {
            List<?> fromProc = PROC.list(q), fromBpf = bpf.list(q);
            List<Integer> mine = q.namespacePid() == 0 ? ours : nsLocal;
            if (q.target() == Target.TASK) {
                List<Task> p = keep(fromProc, Task.class, t -> mine.contains(t.tid()));
                List<Task> b = keep(fromBpf, Task.class, t -> mine.contains(t.tid()));
                assertThat(b).extracting(Task::tid).as(q.toString()).containsExactlyElementsOf(p.stream().map(Task::tid).toList());
                assertThat(b).isNotEmpty();
                for (int i = 0; i < p.size(); i++) assertClose(b.get(i), p.get(i));
            } else {
                List<OpenFile> p = keep(fromProc, OpenFile.class, f -> mine.contains(f.tid()));
                List<OpenFile> b = keep(fromBpf, OpenFile.class, f -> mine.contains(f.tid()));
                assertThat(b).as(q.toString()).containsExactlyElementsOf(p);
            }
        }
    }

    private static <T> List<T> keep(List<?> rows, Class<T> type, java.util.function.Predicate<T> which) {
        return rows.stream().map(type::cast).filter(which).toList();
    }

    /**
     * Every task both engines see on the whole host agrees on the fields that do not move; a task
     * whose fields moved between the two walks (it exited, was reparented, exec'd) is read again, and
     * only a difference that persists fails.
     */
    @Test
    void sameTasksOnTheWholeHost() throws IOException {
        Map<Integer, Task> p = byTid(PROC.list(Query.tasks()));
        Map<Integer, Task> b = byTid(bpf.list(Query.tasks()));
        List<Integer> both = new ArrayList<>(p.keySet());
        both.retainAll(b.keySet());
        assertThat(both.size()).isGreaterThan(p.size() * 9 / 10 - 20);
        List<String> differ = new ArrayList<>();
        for (int tid : both) {
            if (p.get(tid).tgid() == 1) continue;
            if (stable(p.get(tid)).equals(stable(b.get(tid)))) continue;
            // read again, one at a time: what still differs is a real difference
            List<Task> p2 = again(PROC, tid), b2 = again(bpf, tid);
            if (p2.isEmpty() || b2.isEmpty()) continue;
            if (!stable(p2.getFirst()).equals(stable(b2.getFirst()))) differ.add(p2.getFirst() + " vs " + b2.getFirst());
        }
        assertThat(differ).isEmpty();
    }

    private static Task stable(Task t) {
        return new Task(t.tid(), t.tgid(), t.ppid(), worker(t.comm()), null, t.uid(), t.gid(), t.euid(), t.egid(), t.kthread(),
                null, t.startNs(), null, null, null, null, t.pidns(), t.nstid(), t.cgroup(), t.exe());
    }

    /**
     * A workqueue worker's name ends with what it ran last ("kworker/1:0-events"), which changes many
     * times a second: only the worker's own part is stable.
     */
    private static Name worker(Name comm) {
        String s = comm.toString();
        if (!s.startsWith("kworker/")) return comm;
        for (int i = "kworker/".length(); i < s.length(); i++) {
            if (s.charAt(i) == '+' || s.charAt(i) == '-') return Name.of(s.substring(0, i));
        }
        return comm;
    }

    private static List<Task> again(TaskSource s, int tid) throws IOException {
        try {
            return s.list(Query.tasks().withScope(Scope.tid(tid)));
        } catch (NoSuchTaskException gone) {
            return List.of();
        }
    }

    /**
     * Every fd both engines see on the whole host agrees on type, path, inode and device. A busy
     * process opens and closes fds between the two walks: its table is read again by both (a few
     * times), and only a difference that persists fails.
     */
    @Test
    void sameFilesOnTheWholeHost() throws IOException {
        int me = (int) ProcessHandle.current().pid();
        Map<String, OpenFile> p = byFd(PROC.list(Query.files()), me);
        Map<String, OpenFile> b = byFd(bpf.list(Query.files()), me);
        java.util.Set<Integer> moved = new java.util.TreeSet<>();
        for (var e : p.entrySet()) {
            OpenFile o = b.get(e.getKey());
            if (o != null && !same(e.getValue(), o)) moved.add(o.tid());
        }
        List<String> differ = new ArrayList<>();
        for (int tid : moved) {
            String last = null;
            for (int attempt = 0; attempt < 3 && (last = tableDiffers(tid)) != null; attempt++) {
                // read again
            }
            if (last != null) differ.add(last);
        }
        assertThat(differ).isEmpty();
        assertThat(b.keySet().stream().filter(p::containsKey).count()).isGreaterThan(p.size() * 8L / 10);
    }

    private static Map<String, OpenFile> byFd(List<OpenFile> files, int me) {
        Map<String, OpenFile> m = new HashMap<>();
        for (OpenFile f : files) if (f.tgid() != 1 && f.tgid() != me) m.put(f.tid() + "/" + f.fd(), f);
        return m;
    }

    private static boolean same(OpenFile a, OpenFile o) {
        return a.type() == o.type() && java.util.Objects.equals(a.path(), o.path())
                && java.util.Objects.equals(a.inode(), o.inode()) && java.util.Objects.equals(a.dev(), o.dev());
    }

    /** {@return null when both engines now agree on the table of {@code tid} (or it is gone), else the difference} */
    private static String tableDiffers(int tid) throws IOException {
        Map<String, OpenFile> p, b;
        try {
            p = byFd(PROC.list(Query.files().withScope(Scope.tid(tid))), -1);
            b = byFd(bpf.list(Query.files().withScope(Scope.tid(tid))), -1);
        } catch (NoSuchTaskException gone) {
            return null;
        }
        for (var e : p.entrySet()) {
            OpenFile o = b.get(e.getKey());
            if (o != null && !same(e.getValue(), o)) return e.getValue() + " vs " + o;
        }
        return null;
    }

    private static Map<Integer, Task> byTid(List<Task> tasks) {
        Map<Integer, Task> m = new HashMap<>();
        for (Task t : tasks) m.put(t.tid(), t);
        return m;
    }
}
