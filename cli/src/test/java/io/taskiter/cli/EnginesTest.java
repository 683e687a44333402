package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.EngineUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** auto: bpf when it opens and accepts the query, else procfs; --verbose says which in one line. */
class EnginesTest {
    private final FakeSource bpf = FakeSource.of("bpf", List.of(FakeSource.task(1, 1, "init")));
    private final FakeSource procfs = FakeSource.of("procfs", List.of(FakeSource.task(1, 1, "init")));

    @Test
    void autoUsesBpfWhenItWorks() {
        Cli.Result r = Cli.run(new Engines(bpf.opener(), procfs.opener()), "tasks", "--verbose", "--format=json");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEqualTo("taskiter: engine bpf\n");
        assertThat(bpf.stops).isEqualTo(1);
        assertThat(procfs.queries).isEmpty();
        assertThat(bpf.closed).isTrue();
    }

    @Test
    void autoFallsBackToProcfsAndSaysWhyOnlyWhenVerbose() {
        Engines engines = new Engines(Cli.unavailable("no permission: CAP_BPF needed"), procfs.opener());
        Cli.Result quiet = Cli.run(engines, "tasks", "--format", "json");
        assertThat(quiet.code()).isZero();
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).startsWith("{\"tid\":1,");

        Cli.Result verbose = Cli.run(engines, "tasks", "--format", "json", "--verbose");
        assertThat(verbose.code()).isZero();
        assertThat(verbose.err()).isEqualTo("taskiter: engine procfs (bpf unavailable: no permission: CAP_BPF needed)\n");
        assertThat(verbose.out()).isEqualTo(quiet.out());
    }

    @Test
    void autoFallsBackWhenBpfRefusesTheQuery() {
        bpf.openFailure = new EngineUnavailableException("kernel 6.6 cannot walk tid 12 (not a leader)");
        Cli.Result r = Cli.run(new Engines(bpf.opener(), procfs.opener()), "tasks", "--tid", "12", "--verbose");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEqualTo("taskiter: engine procfs (bpf unavailable: kernel 6.6 cannot walk tid 12 (not a leader))\n");
        assertThat(bpf.closed).isTrue();
        assertThat(procfs.stops).isEqualTo(1);
        assertThat(procfs.closed).isTrue();
    }

    @Test
    void autoWithNeitherIsFour() {
        Engines engines = new Engines(Cli.unavailable("no BTF"), Cli.unavailable("/proc not mounted"));
        Cli.run(engines, "files", "--verbose").failsWith(Main.UNAVAILABLE, "no engine available (bpf: no BTF; procfs: /proc not mounted)");
    }

    @Test
    void explicitEngineIsNamedWhenVerbose() {
        Engines engines = new Engines(bpf.opener(), procfs.opener());
        assertThat(Cli.run(engines, "tasks", "--engine", "procfs", "--verbose").err()).isEqualTo("taskiter: engine procfs\n");
        assertThat(Cli.run(engines, "tasks", "--engine", "bpf", "--verbose").err()).isEqualTo("taskiter: engine bpf\n");
        assertThat(Cli.run(engines, "tasks", "--engine", "bpf").err()).isEmpty();
        assertThat(procfs.stops).isEqualTo(1);
        assertThat(bpf.stops).isEqualTo(2);
    }

    @Test
    void explicitProcfsNeverTouchesBpf() {
        Engines engines = new Engines(() -> {
            throw new AssertionError("bpf opened");
        }, procfs.opener());
        assertThat(Cli.run(engines, "tasks", "--engine", "procfs").code()).isZero();
    }

    @Test
    void aRefusalAfterRowsWereShownIsNotRetried() {
        FakeSource midway = FakeSource.of("bpf", List.of(FakeSource.task(1, 1, "init"), FakeSource.task(2, 2, "kthreadd")));
        midway.failAfter = 1;
        midway.walkFailure = new EngineUnavailableException("iterator detached");
        Cli.Result r = Cli.run(new Engines(midway.opener(), procfs.opener()), "tasks", "--format=csv", "--fields=tid", "--verbose");
        assertThat(r.code()).isEqualTo(Main.UNAVAILABLE);
        assertThat(r.err()).isEqualTo("taskiter: engine bpf\ntaskiter: iterator detached\n");
        assertThat(r.out()).as("no row twice").isEqualTo("tid\n1\n");
        assertThat(procfs.queries).isEmpty();
    }

    @Test
    void noSuchTaskFromBpfIsNotAFallback() {
        bpf.openFailure = new io.taskiter.NoSuchTaskException("no such process: 4242");
        Cli.Result r = Cli.run(new Engines(bpf.opener(), procfs.opener()), "files", "--pid", "4242", "--verbose");
        assertThat(r.code()).isEqualTo(Main.NO_SUCH_TASK);
        assertThat(r.err()).isEqualTo("taskiter: engine bpf\ntaskiter: no such process: 4242\n");
        assertThat(procfs.queries).isEmpty();
    }
}
