package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.EngineUnavailableException;
import io.taskiter.NoSuchTaskException;
import io.taskiter.SyscallException;
import io.taskiter.Errno;
import io.taskiter.TaskIterException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engines throw becomes a status and one line: 3, 4, 1; a trace only with --debug. */
class ExitCodeTest {

    private static FakeSource refusing(IOException e) {
        return FakeSource.failing("procfs", e);
    }

    @Test
    void nonexistentPidIsThree() {
        FakeSource procfs = refusing(new NoSuchTaskException("no such process: 4000000"));
        Cli.Result r = Cli.run(procfs, "tasks", "--pid", "4000000").failsWith(Main.NO_SUCH_TASK, "no such process: 4000000");
        assertThat(r.out()).isEmpty();
        assertThat(procfs.closed).as("source closed").isTrue();
    }

    @Test
    void nonexistentTidOfFilesIsThree() {
        Cli.run(refusing(new NoSuchTaskException("no such task: 77")), "files", "--tid=77")
                .failsWith(Main.NO_SUCH_TASK, "no such task: 77");
    }

    @Test
    void nonexistentNamespaceProcessIsThree() {
        FakeSource procfs = refusing(new NoSuchTaskException("no such process for --pidns: 31337"));
        Cli.run(procfs, "tasks", "--pidns", "31337").failsWith(Main.NO_SUCH_TASK, "no such process for --pidns: 31337");
        assertThat(procfs.queries.getFirst().namespacePid()).isEqualTo(31337);
    }

    @Test
    void noSuchTaskWithDebugAddsTheTraceAfterTheLine() {
        Cli.Result r = Cli.run(refusing(new NoSuchTaskException("no such process: 9")), "tasks", "--pid", "9", "--debug");
        assertThat(r.code()).isEqualTo(Main.NO_SUCH_TASK);
        assertThat(r.err()).startsWith("taskiter: no such process: 9\nio.taskiter.NoSuchTaskException: no such process: 9\n")
                .contains("\tat ");
    }

    @Test
    void explicitEngineUnavailableIsFourWithTheReason() {
        Engines engines = new Engines(Cli.unavailable("no permission: CAP_BPF and CAP_PERFMON needed"),
                FakeSource.of("procfs", List.of()).opener());
        Cli.run(engines, "tasks", "--engine", "bpf")
                .failsWith(Main.UNAVAILABLE, "bpf unavailable: no permission: CAP_BPF and CAP_PERFMON needed");
        Cli.run(engines, "tasks", "--engine=bpf", "--verbose")
                .failsWith(Main.UNAVAILABLE, "bpf unavailable: no permission: CAP_BPF and CAP_PERFMON needed");
    }

    @Test
    void engineRefusingTheQueryIsFour() {
        FakeSource procfs = refusing(new EngineUnavailableException("kernel 6.6 cannot walk a non-leader tid"));
        Cli.run(procfs, "tasks", "--engine", "procfs", "--tid", "12")
                .failsWith(Main.UNAVAILABLE, "kernel 6.6 cannot walk a non-leader tid");
    }

    @Test
    void failureMidWalkKeepsTheRowsAndExitsOne() {
        FakeSource procfs = FakeSource.of("procfs", List.of(FakeSource.task(1, 1, "init"), FakeSource.task(2, 2, "kthreadd")));
        procfs.failAfter = 1;
        procfs.walkFailure = new SyscallException("read(/proc/2/stat)", Errno.EIO);
        Cli.Result r = Cli.run(procfs, "tasks", "--format", "csv", "--fields", "tid,comm")
                .failsWith(Main.FAILED, "read(/proc/2/stat): EIO (input/output error)");
        assertThat(r.out()).isEqualTo("tid,comm\n1,init\n");
        assertThat(procfs.stops).isZero();
        assertThat(procfs.walksClosed).isEqualTo(1);
    }

    @Test
    void otherTaskIterErrorsAreOne() {
        Cli.run(refusing(new TaskIterException("bpf(PROG_LOAD): rejected by the verifier: R1 invalid mem access\nline 2")),
                "tasks", "--engine", "procfs")
                .failsWith(Main.FAILED, "bpf(PROG_LOAD): rejected by the verifier: R1 invalid mem access\\nline 2");
    }

    @Test
    void aBugIsOneWithoutATrace() {
        FakeSource procfs = FakeSource.generating("procfs", 3, i -> {
            throw new IllegalStateException("boom");
        });
        Cli.Result r = Cli.run(procfs, "tasks").failsWith(Main.FAILED, "internal error: IllegalStateException: boom");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void aBugWithDebugShowsTheTrace() {
        FakeSource procfs = FakeSource.generating("procfs", 3, i -> {
            throw new IllegalStateException("boom");
        });
        Cli.Result r = Cli.run(procfs, "tasks", "--debug");
        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err()).startsWith("taskiter: internal error: IllegalStateException: boom\n"
                + "java.lang.IllegalStateException: boom\n");
    }

    @Test
    void aMessageWithoutTextStillSaysSomething() {
        Cli.run(refusing(new NoSuchTaskException(null)), "tasks", "--pid", "5").failsWith(Main.NO_SUCH_TASK, "no such task");
    }
}
