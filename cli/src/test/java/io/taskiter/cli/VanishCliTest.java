package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.Query;
import io.taskiter.TaskSource;
import io.taskiter.Walk;
import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;
import io.taskiter.testing.Helper;
import io.taskiter.testing.KernelTest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 5, point 2 through the command: a task gone before the walk exits 3; a process that dies during
 * the walk ends it normally: its rows, the table's summary line, exit 0, nothing on stderr.
 */
@KernelTest
class VanishCliTest {

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void goneBeforeExitsThree(String engine) {
        Helper h = Helper.start("proc", "3", "0");
        int thread = Integer.parseInt(h.facts("tid").get(1)[0]);
        h.kill();
        Cli.run(Engines.standard(), "tasks", "--tid", "" + thread, "--engine", engine)
                .failsWith(Main.NO_SUCH_TASK, "no such task: tid " + thread);
        Cli.run(Engines.standard(), "files", "--pid", "" + h.pid(), "--engine", engine)
                .failsWith(Main.NO_SUCH_TASK, "no such process: pid " + h.pid());
    }

    /** The real engine, with the target killed (and reaped) right after the walk's first element. */
    private static TaskSource killingAfterFirst(TaskSource real, Helper victim) {
        return new TaskSource() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public <T> Walk<T> open(Query<T> query) throws IOException {
                Walk<T> w = real.open(query);
                return new Walk<>() {
                    int n;

                    @Override
                    public T next() throws IOException {
                        T e = w.next();
                        if (++n == 1) victim.kill();
                        return e;
                    }

                    @Override
                    public boolean completed() {
                        return w.completed();
                    }

                    @Override
                    public void close() {
                        w.close();
                    }
                };
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void goneDuringExitsZeroAfterTheRowsOfThoseVisited(String engine) {
        for (String command : List.of("tasks", "files")) {
            try (Helper h = Helper.start("proc", "400", "2000")) {
                Engines engines = new Engines(() -> killingAfterFirst(BpfTaskSource.open(), h),
                        () -> killingAfterFirst(new ProcTaskSource(), h));
                Cli.Result r = Cli.run(engines, command, "--pid", "" + h.pid(), "--engine", engine, "--fields", "tgid,tid");
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.err()).isEmpty();
                List<String> lines = r.outLines();
                int rows = lines.size() - 2;
                assertThat(rows).isPositive();
                assertThat(lines.getLast()).as("the walk completed: its summary").isEqualTo(rows + " " + (rows == 1
                        ? command.substring(0, command.length() - 1) : command));
                assertThat(lines.subList(1, lines.size() - 1)).allSatisfy(l -> assertThat(l.trim()).startsWith(h.pid() + " "));
            }
        }
    }
}
