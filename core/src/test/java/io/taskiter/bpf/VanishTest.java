package io.taskiter.bpf;

import io.taskiter.NoSuchTaskException;
import io.taskiter.OpenFile;
import io.taskiter.Program;
import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.Task;
import io.taskiter.TaskSource;
import io.taskiter.Walk;
import io.taskiter.proc.ProcTaskSource;
import io.taskiter.testing.Helper;
import io.taskiter.testing.KernelTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 5, point 2: the task a walk is scoped to vanishes before the walk, during it, and (bpf) between
 * two read() calls of the iterator. Before: no such task. During: the rows of the threads alive when
 * visited, then a completed walk (stop). A pidfd of a process that has exited: no such task.
 */
@KernelTest
class VanishTest {
    private static BpfTaskSource bpf;
    private static final TaskSource PROC = new ProcTaskSource();

    @BeforeAll
    static void open() throws IOException {
        bpf = BpfTaskSource.open();
    }

    @AfterAll
    static void close() {
        bpf.close();
    }

    private static TaskSource engine(String name) {
        return name.equals("bpf") ? bpf : PROC;
    }

    private static List<Integer> tids(Helper h) {
        return h.facts("tid").stream().map(f -> Integer.parseInt(f[0])).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpf", "procfs"})
    void goneBeforeTheWalkIsNoSuchTask(String name) throws IOException {
        TaskSource e = engine(name);
        Helper h = Helper.start("proc", "4", "0");
        List<Integer> tids = tids(h);
        ProcessHandle handle = h.handle();
        h.kill();
        for (Query<?> q : List.of(Query.tasks(), Query.files())) {
            assertThatThrownBy(() -> e.list(q.withScope(Scope.tid(tids.get(0))))).isInstanceOf(NoSuchTaskException.class);
            assertThatThrownBy(() -> e.list(q.withScope(Scope.tid(tids.get(2))))).isInstanceOf(NoSuchTaskException.class);
            assertThatThrownBy(() -> e.list(q.withScope(Scope.tgid(h.pid())))).isInstanceOf(NoSuchTaskException.class);
            assertThatThrownBy(() -> e.list(q.withScope(Scope.pidfd(handle)))).isInstanceOf(NoSuchTaskException.class)
                    .hasMessageContaining("has exited");
        }
    }

    /** Kills the helper at the first element, then lets the walk go on. */
    private static final class KillAtFirst<T> implements Program<T> {
        final Helper victim;
        final List<T> rows = new ArrayList<>();
        int stops;

        KillAtFirst(Helper victim) {
            this.victim = victim;
        }

        @Override
        public void show(T e) {
            rows.add(e);
            if (rows.size() == 1) victim.kill();
        }

        @Override
        public void stop() {
            stops++;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpf", "procfs"})
    void goneDuringTheWalkEndsTheWalk(String name) throws IOException {
        TaskSource e = engine(name);
        try (Helper h = Helper.start("proc", "300", "1000")) {
            List<Integer> tids = tids(h);
            KillAtFirst<Task> tasks = new KillAtFirst<>(h);
            e.walk(Query.tasks().withScope(Scope.tgid(h.pid())), tasks);
            assertThat(tasks.stops).isEqualTo(1);
            assertThat(tasks.rows).isNotEmpty().allSatisfy(t -> {
                assertThat(t.tgid()).isEqualTo(h.pid());
                assertThat(t.comm()).isNotNull();
                assertThat(t.state()).isNotNull();
            });
            assertThat(tids).containsAll(tasks.rows.stream().map(Task::tid).toList());
            assertThat(tasks.rows.getFirst().tid()).isEqualTo(h.pid());
        }
        try (Helper h = Helper.start("proc", "2", "1000")) {
            KillAtFirst<OpenFile> files = new KillAtFirst<>(h);
            e.walk(Query.files().withScope(Scope.tgid(h.pid())), files);
            assertThat(files.stops).isEqualTo(1);
            assertThat(files.rows).isNotEmpty().allSatisfy(f -> {
                assertThat(f.tgid()).isEqualTo(h.pid());
                assertThat(f.type()).isNotNull();
            });
        }
        try (Helper h = Helper.start("proc", "2", "1000")) {
            int thread = tids(h).get(1);
            KillAtFirst<OpenFile> files = new KillAtFirst<>(h);
            e.walk(Query.files().withScope(Scope.tid(thread)), files);
            assertThat(files.stops).isEqualTo(1);
            assertThat(files.rows).isNotEmpty().allSatisfy(f -> assertThat(f.tid()).isEqualTo(thread));
        }
        // TID: the only element vanishes after the walk was opened, before it was read
        try (Helper h = Helper.start("proc", "2", "0")) {
            int thread = tids(h).get(1);
            try (Walk<Task> w = e.open(Query.tasks().withScope(Scope.tid(thread)))) {
                h.kill();
                assertThat(w.next()).isNull();
                assertThat(w.completed()).isTrue();
            }
        }
    }

    /** Reads until the first read's records are all handed out; then the next element needs a read(). */
    private static <T> List<T> firstChunk(BpfWalk<T> w) throws IOException {
        List<T> rows = new ArrayList<>();
        do {
            rows.add(w.next());
        } while (!(w.reads() == 1 && w.drained()));
        return rows;
    }

    @Test
    void goneBetweenTwoReadsOfTheIterator() throws IOException {
        // tasks of a process: 2,000 threads need several reads of the 8-page seq_file buffer
        try (Helper h = Helper.start("proc", "2000", "0")) {
            try (BpfWalk<Task> w = (BpfWalk<Task>) bpf.open(Query.tasks().withScope(Scope.tgid(h.pid())))) {
                List<Task> first = firstChunk(w);
                assertThat(first.size()).as("one read holds part of the walk").isBetween(2, 1999);
                h.kill();
                assertThat(w.next()).as("nothing after the process is gone").isNull();
                assertThat(w.completed()).isTrue();
                assertThat(w.reads()).isEqualTo(2);
                assertThat(first).allSatisfy(t -> assertThat(t.tgid()).isEqualTo(h.pid()));
            }
        }
        // files of one thread (TID scope) and of a process (TGID): 5,000 fds need several reads too
        for (boolean tid : new boolean[]{true, false}) {
            try (Helper h = Helper.start("proc", "2", "5000")) {
                Scope s = tid ? Scope.tid(tids(h).get(1)) : Scope.tgid(h.pid());
                try (BpfWalk<OpenFile> w = (BpfWalk<OpenFile>) bpf.open(Query.files().withScope(s))) {
                    List<OpenFile> first = firstChunk(w);
                    assertThat(first.size()).isBetween(2, 4999);
                    h.kill();
                    assertThat(w.next()).isNull();
                    assertThat(w.completed()).isTrue();
                    assertThat(w.reads()).isEqualTo(2);
                    assertThat(first).allSatisfy(f -> assertThat(f.path()).isNotNull());
                }
            }
        }
    }
}
