package io.taskiter.cli;

import io.taskiter.Completed;

import io.taskiter.Name;
import io.taskiter.OpenFile;
import io.taskiter.Program;
import io.taskiter.Query;
import io.taskiter.Target;
import io.taskiter.Task;
import io.taskiter.TaskSource;
import io.taskiter.TaskState;
import io.taskiter.Walk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An engine made of records in memory, or of records made up on demand (for walks too long to hold),
 * that remembers what the CLI did with it: the query, whether stop ran, whether walks were closed.
 */
final class FakeSource implements TaskSource {
    private final String name;
    private final int count;
    private final IntFunction<?> element;
    IOException openFailure;
    /** Thrown by next() once this many elements were produced; -1 for never. */
    int failAfter = -1;
    IOException walkFailure;

    final List<Query<?>> queries = new ArrayList<>();
    int produced;
    int stops;
    int walksOpened;
    int walksClosed;
    int walksCompleted;
    boolean closed;

    private FakeSource(String name, int count, IntFunction<?> element) {
        this.name = name;
        this.count = count;
        this.element = element;
    }

    static FakeSource of(String name, List<?> elements) {
        return new FakeSource(name, elements.size(), elements::get);
    }

    static FakeSource generating(String name, int count, IntFunction<?> element) {
        return new FakeSource(name, count, element);
    }

    static FakeSource failing(String name, IOException e) {
        FakeSource s = of(name, List.of());
        s.openFailure = e;
        return s;
    }

    EngineOpener opener() {
        return () -> this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> Walk<T> open(Query<T> query) throws IOException {
        queries.add(query);
        if (openFailure != null) throw openFailure;
        walksOpened++;
        return new Walk<>() {
            int next;
            boolean done;

            @Override
            @SuppressWarnings("unchecked")
            public T next() throws IOException {
                if (failAfter >= 0 && next == failAfter) throw walkFailure;
                if (next == count) {
                    if (!done) walksCompleted++;
                    done = true;
                    return null;
                }
                Object e = element.apply(next++);
                boolean wantTasks = query.target() == Target.TASK;
                if (wantTasks != (e instanceof Task)) throw new IllegalStateException("fake holds the wrong kind");
                produced++;
                return (T) e;
            }

            @Override
            public boolean completed() {
                return done;
            }

            @Override
            public void close() {
                walksClosed++;
            }
        };
    }

    @Override
    public <T> Completed walk(Query<T> query, Program<? super T> program) throws IOException {
        return TaskSource.super.walk(query, new Program<T>() {
            @Override
            public void show(T e) {
                program.show(e);
            }

            @Override
            public void stop() {
                stops++;
                program.stop();
            }
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    static Task task(int tid, int tgid, String comm) {
        return task(tid, tgid, Name.of(comm));
    }

    static Task task(int tid, int tgid, Name comm) {
        return new Task(tid, tgid, 1, comm, TaskState.SLEEPING, 1000, 1000, 1000, 1000, false, 2,
                1_500_000_000L, 250_000_000L, 10_000_000L, 5L << 20, 200L << 20, 4026531836L, tid,
                "/user.slice", Name.of("/usr/bin/" + comm));
    }

    static OpenFile file(int tgid, int fd, Name path) {
        return new OpenFile(tgid, tgid, fd, io.taskiter.FileType.REG, path, 0100002, 42L, 1234L,
                new io.taskiter.Device(259, 2), 4096L);
    }
}
