package io.taskiter.cli;

import io.taskiter.Completed;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.Program;
import io.taskiter.Query;
import io.taskiter.TaskIterException;
import io.taskiter.TaskSource;
import io.taskiter.Walk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code taskiter files | head -1}: the reader goes away; the walk is abandoned, quietly, status 0. */
class ClosedPipeTest {
    private static final int MANY = 1_000_000;

    /** Takes {@code limit} bytes, then fails like a pipe whose reader exited. */
    private static final class ClosingAfter extends PrintStream {
        private final long limit;
        private long written;
        private boolean broken;

        ClosingAfter(long limit) {
            super(OutputStream.nullOutputStream());
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written += len;
            if (written > limit) broken = true;
        }

        @Override
        public boolean checkError() {
            return broken;
        }
    }

    private static FakeSource many() {
        return FakeSource.generating("procfs", MANY, i -> FakeSource.task(i + 1, i + 1, "worker"));
    }

    private static int run(FakeSource procfs, PrintStream out, ByteArrayOutputStream err, String... args) {
        return Main.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8), Cli.procfsOnly(procfs));
    }

    @Test
    void aStreamThatStopsTakingBytesAbandonsTheWalk() {
        for (String format : new String[] {"table", "json", "csv"}) {
            FakeSource procfs = many();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = run(procfs, new ClosingAfter(100), err, "tasks", "--format", format);
            assertThat(code).as(format).isZero();
            assertThat(err.size()).as(format).isZero();
            assertThat(procfs.stops).as("no stop for an abandoned walk").isZero();
            assertThat(procfs.walksClosed).as("the walk's kernel objects released").isEqualTo(1);
            assertThat(procfs.walksCompleted).isZero();
            assertThat(procfs.produced).as("stopped early").isLessThan(10_000);
            assertThat(procfs.closed).isTrue();
        }
    }

    @Test
    void anOutputStreamThatThrowsIsAClosedPipeToo() {
        OutputStream epipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        FakeSource procfs = many();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(procfs, new PrintStream(epipe, false, StandardCharsets.UTF_8), err, "tasks",
                "--format", "json")).isZero();
        assertThat(err.size()).isZero();
        assertThat(procfs.stops).isZero();
        assertThat(procfs.walksClosed).isEqualTo(1);
    }

    @Test
    void aReaderGoneBeforeTheFinalFlushIsStillQuiet() {
        FakeSource procfs = FakeSource.generating("procfs", 3, i -> FakeSource.task(i + 1, i + 1, "w"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(procfs, new ClosingAfter(0), err, "tasks")).isZero();
        assertThat(err.size()).isZero();
        assertThat(procfs.stops).as("the walk itself completed").isEqualTo(1);
    }

    @Test
    void anEngineWrappingTheClosedOutputStillMeansQuiet() {
        FakeSource inner = many();
        TaskSource wrapping = new TaskSource() {
            @Override
            public String name() {
                return "procfs";
            }

            @Override
            public <T> Walk<T> open(Query<T> query) throws IOException {
                return inner.open(query);
            }

            @Override
            public <T> Completed walk(Query<T> query, Program<? super T> program) throws IOException {
                try {
                    return TaskSource.super.walk(query, program);
                } catch (RuntimeException e) {
                    throw new TaskIterException("walk failed", e);
                }
            }

            @Override
            public void close() {
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"tasks"}, new ClosingAfter(100), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Engines(() -> wrapping, () -> wrapping));
        assertThat(code).isZero();
        assertThat(err.size()).isZero();
        assertThat(inner.walksClosed).isEqualTo(1);
    }

    @Test
    void rowsLeaveBeforeTheWalkEnds() {
        AtomicLong bytes = new AtomicLong();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.addAndGet(len);
            }
        };
        long[] seenHalfway = {-1};
        int total = 200_000;
        FakeSource procfs = FakeSource.generating("procfs", total, i -> {
            if (i == total / 2) seenHalfway[0] = bytes.get();
            return FakeSource.task(i + 1, i + 1, "w");
        });
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(procfs, new PrintStream(counting, false, StandardCharsets.UTF_8), err, "tasks", "--format", "json")).isZero();
        assertThat(procfs.produced).isEqualTo(total);
        assertThat(seenHalfway[0]).as("output written while walking, not held until the end").isGreaterThan(1_000_000);
        assertThat(bytes.get()).isGreaterThan(seenHalfway[0]);
    }
}
