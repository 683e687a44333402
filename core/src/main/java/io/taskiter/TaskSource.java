package io.taskiter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An engine that walks tasks and open files. Engines hold kernel objects (programs, links) that serve
 * many walks; close the source when done with it.
 */
public interface TaskSource extends AutoCloseable {

    /** {@return the engine's name: "bpf" or "procfs"} */
    String name();

    /**
     * Starts a walk. Checks the scope first: a tid, pid or process that does not exist is a
     * {@link NoSuchTaskException}, as is a namespace process that does not exist.
     */
    <T> Walk<T> open(Query<T> query) throws IOException;

    /**
     * Walks to completion, running {@code program} for each element and its {@code stop} once at the
     * end. If {@code show} throws, the walk is abandoned: the exception propagates and stop is not run.
     *
     * @return how many elements were shown, and how many tasks could not be looked into
     */
    default <T> Completed walk(Query<T> query, Program<? super T> program) throws IOException {
        try (Walk<T> w = open(query)) {
            long shown = 0;
            for (T e = w.next(); e != null; e = w.next()) {
                program.show(e);
                shown++;
            }
            program.stop();
            return new Completed(shown, w.denied());
        }
    }

    /**
     * {@return the walk as a lazy stream}; close it (try-with-resources) to release the walk. Errors
     * during the walk surface as {@link UncheckedIOException}.
     */
    default <T> Stream<T> stream(Query<T> query) throws IOException {
        Walk<T> w = open(query);
        Spliterator<T> split = new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                T e;
                try {
                    e = w.next();
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
                if (e == null) return false;
                action.accept(e);
                return true;
            }
        };
        return StreamSupport.stream(split, false).onClose(w::close);
    }

    /** {@return every element of a completed walk} */
    default <T> List<T> list(Query<T> query) throws IOException {
        List<T> out = new ArrayList<>();
        walk(query, Program.of(out::add));
        return out;
    }

    @Override
    void close();
}
