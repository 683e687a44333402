package io.taskiter;

import java.io.IOException;

/**
 * One walk in progress (the kernel's iterator session). Elements come in the order of SPEC sections 2
 * and 4. {@link #next()} returns null exactly once the walk completed; closing before that abandons it.
 * Not thread-safe.
 */
public interface Walk<T> extends AutoCloseable {
    /**
     * {@return the next element, or null when the walk completed}
     * @throws IOException when the walk cannot go on (the walk is then abandoned, not completed)
     */
    T next() throws IOException;

    /** {@return whether {@link #next()} has returned null: the walk completed} */
    boolean completed();

    /**
     * {@return how many tasks this walk could not look into for lack of permission} (an unprivileged
     * caller cannot list another user's fds): their elements are missing, and a caller should say so.
     */
    default long denied() {
        return 0;
    }

    /** Releases the kernel objects and files of the walk; idempotent. */
    @Override
    void close();
}
