package io.taskiter;

import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;
import io.taskiter.testing.Helper;
import io.taskiter.testing.KernelTest;
import io.taskiter.testing.Workload;
import io.taskiter.testing.Workload.FileInfo;
import io.taskiter.testing.Workload.ProcessInfo;
import io.taskiter.testing.Workload.TaskInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, point 1: full walks (tasks and files, both engines, every scope) while a storm of processes,
 * threads and fds is created and reaped. No exception, no malformed record, every task that lives
 * throughout exactly once, stop once per completed walk. {@code -Dtaskiter.churn.rounds=N} for more
 * than the 10 rounds CI runs.
 */
@KernelTest
class ChurnTest {
    private static final int ROUNDS = Integer.getInteger("taskiter.churn.rounds", 10);

    /** Counts shows and stops; a show after stop fails the walk. */
    private static final class Recording<T> implements Program<T> {
        final List<T> rows = new ArrayList<>();
        int stops;

        @Override
        public void show(T e) {
            if (stops > 0) throw new AssertionError("show after stop");
            rows.add(e);
        }

        @Override
        public void stop() {
            stops++;
        }
    }

    private record Case<T>(String what, Query<T> query, Consumer<List<T>> check) {
    }

    @Test
    void walksInAStormOfProcessesThreadsAndFds() throws IOException {
        try (Workload w = Workload.start(Workload.Spec.defaults().pidNamespace(false).extraProcesses(3, 4));
             Helper storm = Helper.start("storm");
             BpfTaskSource bpf = BpfTaskSource.open()) {
            TaskSource proc = new ProcTaskSource();
            int forker = Integer.parseInt(storm.facts("storm").getFirst()[0]);
            int threader = Integer.parseInt(storm.facts("storm").getFirst()[1]);
            ProcessHandle threaderHandle = ProcessHandle.of(threader).orElseThrow();
            List<Case<?>> cases = cases(w, forker, threader, threaderHandle);
            long pidsBefore = forks();
            long started = System.nanoTime();
            int walks = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (TaskSource engine : List.of(bpf, proc)) {
                    for (Case<?> c : cases) {
                        run(engine, c, round);
                        walks++;
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long created = forks() - pidsBefore;
            System.out.printf("churn: %d walks in %.1f s while %d processes and threads were created (%.0f per s)%n",
                    walks, seconds, created, created / seconds);
            assertThat(created / seconds).as("a storm (thousands a second on an idle machine)").isGreaterThan(300);
            assertThat(storm.stderr()).isEmpty();
        }
    }

    private static <T> void run(TaskSource engine, Case<T> c, int round) throws IOException {
        Recording<T> p = new Recording<>();
        engine.walk(c.query(), p);
        String as = engine.name() + " round " + round + " " + c.what();
        assertThat(p.stops).as(as + ": stop once").isEqualTo(1);
        try {
            c.check().accept(p.rows);
        } catch (AssertionError e) {
            throw new AssertionError(as + ": " + e.getMessage(), e);
        }
    }

    private static List<Case<?>> cases(Workload w, int forker, int threader, ProcessHandle threaderHandle) {
        List<Integer> stable = new ArrayList<>();
        for (ProcessInfo p : w.processes()) stable.addAll(p.tids());
        stable.add(forker);
        stable.add(threader);
        Map<Integer, List<OpenFile>> tables = new HashMap<>();
        for (ProcessInfo p : w.processes()) {
            for (FileInfo f : p.files()) tables.computeIfAbsent(f.tid(), k -> new ArrayList<>()).add(f.toOpenFile());
        }
        List<OpenFile> mainFiles = new ArrayList<>();
        mainFiles.addAll(w.table(w.pid()).stream().map(FileInfo::toOpenFile).toList());
        mainFiles.addAll(w.table(w.unsharedThread().tid()).stream().map(FileInfo::toOpenFile).toList());
        TaskInfo space = w.thread("space");
        int unshared = w.unsharedThread().tid();

        List<Case<?>> cases = new ArrayList<>();
        cases.add(new Case<>("tasks ALL", Query.tasks(), rows -> {
            wellFormedTasks(rows);
            assertAscending(rows.stream().map(t -> (long) t.tid()).toList());
            Map<Integer, Long> counts = countBy(rows.stream().map(Task::tid).toList());
            for (int tid : stable) assertThat(counts.get(tid)).as("task %d alive throughout", tid).isEqualTo(1L);
        }));
        cases.add(new Case<>("files ALL", Query.files(), rows -> {
            wellFormedFiles(rows);
            assertAscending(rows.stream().map(f -> ((long) f.tid() << 32) | f.fd()).toList());
            for (Map.Entry<Integer, List<OpenFile>> t : tables.entrySet()) {
                assertThat(rows.stream().filter(f -> f.tid() == t.getKey()).toList()).as("table of %d", t.getKey())
                        .containsExactlyElementsOf(t.getValue());
            }
        }));
        cases.add(new Case<>("tasks TGID", Query.tasks().withScope(Scope.tgid(w.pid())), rows -> {
            wellFormedTasks(rows);
            assertThat(rows).extracting(Task::tid).containsExactlyElementsOf(w.tids());
        }));
        cases.add(new Case<>("tasks PIDFD", Query.tasks().withScope(Scope.pidfd(w.handle())), rows -> {
            wellFormedTasks(rows);
            assertThat(rows).extracting(Task::tid).containsExactlyElementsOf(w.tids());
        }));
        cases.add(new Case<>("tasks TID", Query.tasks().withScope(Scope.tid(space.tid())), rows -> {
            wellFormedTasks(rows);
            assertThat(rows).extracting(Task::tid, Task::comm).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(space.tid(), space.comm()));
        }));
        cases.add(new Case<>("files TGID", Query.files().withScope(Scope.tgid(w.pid())), rows -> {
            wellFormedFiles(rows);
            assertThat(rows).containsExactlyElementsOf(mainFiles);
        }));
        cases.add(new Case<>("files PIDFD", Query.files().withScope(Scope.pidfd(w.handle())), rows -> {
            wellFormedFiles(rows);
            assertThat(rows).containsExactlyElementsOf(mainFiles);
        }));
        cases.add(new Case<>("files TID", Query.files().withScope(Scope.tid(unshared)), rows -> {
            wellFormedFiles(rows);
            assertThat(rows).containsExactlyElementsOf(tables.get(unshared));
        }));
        // scopes on the storm itself: threads and fds that come and go under the walk
        cases.add(new Case<>("tasks TGID storm", Query.tasks().withScope(Scope.tgid(threader)), rows -> {
            wellFormedTasks(rows);
            assertThat(rows.getFirst().tid()).isEqualTo(threader);
            assertThat(rows).allSatisfy(t -> assertThat(t.tgid()).isEqualTo(threader));
            assertThat(countBy(rows.stream().map(Task::tid).toList()).values()).containsOnly(1L);
        }));
        cases.add(new Case<>("tasks PIDFD storm", Query.tasks().withScope(Scope.pidfd(threaderHandle)), rows -> {
            wellFormedTasks(rows);
            assertThat(rows.getFirst().tid()).isEqualTo(threader);
            assertThat(rows).allSatisfy(t -> assertThat(t.tgid()).isEqualTo(threader));
        }));
        cases.add(new Case<>("files TGID storm", Query.files().withScope(Scope.tgid(threader)), rows -> {
            wellFormedFiles(rows);
            assertThat(rows).allSatisfy(f -> assertThat(f.tgid()).isEqualTo(threader));
            assertAscending(rows.stream().map(f -> ((long) f.tid() << 32) | f.fd()).toList());
        }));
        cases.add(new Case<>("files TID storm", Query.files().withScope(Scope.tid(forker)), rows -> {
            wellFormedFiles(rows);
            assertThat(rows).allSatisfy(f -> assertThat(f.tid()).isEqualTo(forker));
        }));
        cases.add(new Case<>("tasks TID storm", Query.tasks().withScope(Scope.tid(forker)), rows -> {
            wellFormedTasks(rows);
            assertThat(rows).extracting(Task::tid).containsExactly(forker);
        }));
        return cases;
    }

    /** Every field asked for is there, in range; what may be absent is absent only where /proc is too. */
    static void wellFormedTasks(List<Task> rows) {
        for (Task t : rows) {
            assertThat(t.tid()).as("tid").isPositive();
            assertThat(t.tgid()).as("tgid").isPositive();
            assertThat(t.ppid()).as("ppid of %s", t).isNotNull().isNotNegative();
            assertThat(t.comm()).as("comm of %s", t).isNotNull();
            assertThat(t.comm().isTruncated()).isFalse();
            assertThat(t.state()).as("state of %s", t).isNotNull();
            assertThat(List.of(t.uid(), t.gid(), t.euid(), t.egid())).as("ids of %s", t).doesNotContainNull();
            assertThat(t.kthread()).as("kthread of %s", t).isNotNull();
            assertThat(t.threads()).as("threads of %s", t).isNotNull().isPositive();
            assertThat(t.startNs()).as("start of %s", t).isNotNull().isNotNegative();
            assertThat(t.utimeNs()).isNotNull().isNotNegative();
            assertThat(t.stimeNs()).isNotNull().isNotNegative();
            if (!t.kthread()) {
                assertThat(t.rssBytes()).as("rss of %s", t).isNotNull().isNotNegative();
                assertThat(t.vszBytes()).as("vsz of %s", t).isNotNull().isNotNegative();
            }
            assertThat(t.cgroup()).as("cgroup of %s", t).isNotNull();
        }
    }

    static void wellFormedFiles(List<OpenFile> rows) {
        for (OpenFile f : rows) {
            assertThat(f.tid()).isPositive();
            assertThat(f.tgid()).isPositive();
            assertThat(f.fd()).isNotNegative();
            if (f.type() == null && f.path() == null && f.flags() == null) {
                // procfs on a task /proc will not open to root either (this host's pid 1): absent, not made up
                assertThat(java.util.Arrays.asList(f.pos(), f.inode(), f.dev(), f.size())).as("denied %s", f).containsOnlyNulls();
                continue;
            }
            assertThat(f.type()).as("type of %s", f).isNotNull();
            assertThat(f.flags()).as("flags of %s", f).isNotNull();
            assertThat(f.pos()).as("pos of %s", f).isNotNull();
            assertThat(f.inode()).as("inode of %s", f).isNotNull();
            assertThat(f.dev()).as("dev of %s", f).isNotNull();
            assertThat(f.size()).as("size of %s", f).isNotNull();
        }
    }

    static void assertAscending(List<Long> keys) {
        for (int i = 1; i < keys.size(); i++) {
            assertThat(keys.get(i)).as("order at %d", i).isGreaterThan(keys.get(i - 1));
        }
    }

    private static Map<Integer, Long> countBy(List<Integer> xs) {
        Map<Integer, Long> m = new HashMap<>();
        for (int x : xs) m.merge(x, 1L, Long::sum);
        return m;
    }

    /** {@return the processes and threads created since boot} (/proc/stat "processes") */
    private static long forks() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("processes ")) return Long.parseLong(line.substring(10).trim());
        }
        throw new AssertionError("no processes line in /proc/stat");
    }
}
