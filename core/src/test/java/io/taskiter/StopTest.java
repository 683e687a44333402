package io.taskiter;

import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;
import io.taskiter.testing.KernelCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC section 5: stop exactly once after a completed walk, never after an abandoned one. */
@ExtendWith(KernelCondition.class)
class StopTest {
    private static final int ME = (int) ProcessHandle.current().pid();

    private static TaskSource engine(String name) throws IOException {
        return name.equals("bpf") ? BpfTaskSource.open() : new ProcTaskSource();
    }

    /** A program that counts its calls and fails if anything follows stop. */
    private static final class Counting<T> implements Program<T> {
        final AtomicInteger shown = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();
        final int abandonAfter;

        Counting(int abandonAfter) {
            this.abandonAfter = abandonAfter;
        }

        @Override
        public void show(T element) {
            assertThat(stopped.get()).as("show after stop").isZero();
            if (shown.incrementAndGet() == abandonAfter) throw new IllegalStateException("abandon");
        }

        @Override
        public void stop() {
            stopped.incrementAndGet();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void completedWalksStopOnce(String name) throws IOException {
        try (TaskSource s = engine(name)) {
            for (Query<?> q : new Query<?>[]{Query.tasks(), Query.files(), Query.tasks().withScope(Scope.tgid(ME)),
                    Query.files().withScope(Scope.tid(ME))}) {
                Counting<Object> p = new Counting<>(-1);
                s.walk(q, p);
                assertThat(p.stopped).as(q.toString()).hasValue(1);
                assertThat(p.shown.get()).isPositive();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void aWalkThatVisitsNothingStillStops(String name) throws IOException {
        try (TaskSource s = engine(name)) {
            // a kernel thread has no files: the walk completes empty
            Counting<Object> p = new Counting<>(-1);
            s.walk(Query.files().withScope(Scope.tid(2)), p);
            assertThat(p.shown).hasValue(0);
            assertThat(p.stopped).hasValue(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void abandonedWalksNeverStop(String name) throws IOException {
        try (TaskSource s = engine(name)) {
            Counting<Object> p = new Counting<>(3);
            assertThatThrownBy(() -> s.walk(Query.tasks(), p)).hasMessage("abandon");
            assertThat(p.shown).hasValue(3);
            assertThat(p.stopped).hasValue(0);

            try (Walk<Task> w = s.open(Query.tasks())) {
                assertThat(w.next()).isNotNull();
                assertThat(w.completed()).isFalse();
            }
            try (Stream<Task> st = s.stream(Query.tasks())) {
                assertThat(st.limit(2).count()).isEqualTo(2);
            }
            try (Walk<Task> w = s.open(Query.tasks().withScope(Scope.tid(ME)))) {
                assertThat(w.next().tid()).isEqualTo(ME);
                assertThat(w.next()).isNull();
                assertThat(w.completed()).isTrue();
                assertThat(w.next()).as("a completed walk stays completed").isNull();
            }
        }
    }
}
