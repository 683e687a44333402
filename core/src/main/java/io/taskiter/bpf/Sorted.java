package io.taskiter.bpf;

import io.taskiter.OpenFile;
import io.taskiter.Target;
import io.taskiter.Task;
import io.taskiter.Walk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An ALL walk seen from a foreign pid namespace: the kernel orders by the caller's numbers, SPEC
 * section 2 by the namespace's own, so the namespace's elements are gathered and sorted. Namespaces are
 * small (a container's tasks); the memory is that of their records.
 */
final class Sorted<T> implements Walk<T> {
    private final Walk<T> inner;
    private final Comparator<? super T> order;
    private List<T> rows;
    private int next;
    private boolean completed;

    private Sorted(Walk<T> inner, Comparator<? super T> order) {
        this.inner = inner;
        this.order = order;
    }

    @SuppressWarnings("unchecked")
    static <T> Walk<T> of(Walk<T> inner, Target target) {
        Comparator<?> c = switch (target) {
            case TASK -> Comparator.comparingInt(Task::tid);
            case TASK_FILE -> Comparator.comparingInt(OpenFile::tid).thenComparingInt(OpenFile::fd);
        };
        return new Sorted<>(inner, (Comparator<? super T>) c);
    }

    @Override
    public T next() throws IOException {
        if (rows == null) {
            rows = new ArrayList<>();
            for (T e = inner.next(); e != null; e = inner.next()) rows.add(e);
            rows.sort(order);
        }
        if (next < rows.size()) return rows.get(next++);
        completed = true;
        return null;
    }

    @Override
    public boolean completed() {
        return completed;
    }

    @Override
    public void close() {
        inner.close();
    }
}
