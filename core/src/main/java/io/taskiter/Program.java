package io.taskiter;

import java.util.function.Consumer;

/**
 * The code run during a walk, as in the kernel: {@link #show} once per element, then {@link #stop}
 * exactly once when the walk completes (also when it visited nothing). A walk that is abandoned (its
 * {@code show} threw, or the caller closed it early) gets no {@code stop}.
 */
public interface Program<T> {
    void show(T element);

    /** The kernel's {@code in_stop} call: the walk completed. */
    default void stop() {
    }

    /** {@return a program that hands each element to {@code show} and does nothing at stop} */
    static <T> Program<T> of(Consumer<? super T> show) {
        return show::accept;
    }
}
