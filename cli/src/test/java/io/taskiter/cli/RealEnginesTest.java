package io.taskiter.cli;

import io.taskiter.testing.KernelTest;
import io.taskiter.testing.Workload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command with the real engines, on a real workload. */
@KernelTest
class RealEnginesTest {
    private static Workload w;

    @BeforeAll
    static void start() {
        w = Workload.start();
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void aProcessesTasksAsJsonLines(String engine) {
        Cli.Result r = Cli.run(Engines.standard(), "tasks", "--pid", "" + w.pid(), "--engine", engine, "--format", "json",
                "--fields", "tid,comm");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines()).containsExactly(
                "{\"tid\":" + w.tids().get(0) + ",\"comm\":\"wl-main\"}",
                "{\"tid\":" + w.tids().get(1) + ",\"comm\":\"fifteen_chars15\"}",
                "{\"tid\":" + w.tids().get(2) + ",\"comm\":\"has space\"}",
                "{\"tid\":" + w.tids().get(3) + ",\"comm\":\"wl-unshared\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void filesOfAProcessAsCsvAndTable(String engine) {
        Cli.Result csv = Cli.run(Engines.standard(), "files", "--pid", "" + w.pid(), "--engine", engine, "--format", "csv",
                "--fields", "tid,fd,type");
        assertThat(csv.code()).as(csv.err()).isZero();
        List<String> rows = csv.outLines();
        assertThat(rows.getFirst()).isEqualTo("tid,fd,type");
        assertThat(rows).hasSize(1 + w.table(w.pid()).size() + w.table(w.unsharedThread().tid()).size());
        assertThat(rows).contains(w.pid() + "," + w.file("tcp").fd() + ",SOCK", w.pid() + "," + w.file("dir").fd() + ",DIR");
        Cli.Result table = Cli.run(Engines.standard(), "files", "--pid", "" + w.pid(), "--engine", engine);
        assertThat(table.outLines().getLast()).isEqualTo(rows.size() - 1 + " files");
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void whatDoesNotExistExitsThree(String engine) {
        Cli.run(Engines.standard(), "tasks", "--tid", "4000000", "--engine", engine).failsWith(Main.NO_SUCH_TASK,
                "no such task: tid 4000000");
        Cli.run(Engines.standard(), "files", "--pid", "4000000", "--engine", engine).failsWith(Main.NO_SUCH_TASK,
                "no such process: pid 4000000");
        Cli.run(Engines.standard(), "tasks", "--pidns", "4000000", "--engine", engine).failsWith(Main.NO_SUCH_TASK,
                "no such process for the pid namespace: 4000000");
        int thread = w.thread("space").tid();
        Cli.run(Engines.standard(), "tasks", "--pid", "" + thread, "--engine", engine).failsWith(Main.NO_SUCH_TASK,
                "no such process: pid " + thread + " (it is a thread of process " + w.pid() + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void aPidNamespaceSeenFromInside(String engine) {
        String init = "" + w.namespace().init().pid();
        Cli.Result r = Cli.run(Engines.standard(), "tasks", "--pidns", init, "--engine", engine, "--format", "csv",
                "--fields", "tid,tgid,ppid,nstid");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly("tid,tgid,ppid,nstid", "1,1,0,1", "2,2,1,2", "3,2,1,3");
        Cli.Result files = Cli.run(Engines.standard(), "files", "--pidns", init, "--pid", "2", "--engine", engine,
                "--format", "csv", "--fields", "tgid,tid,fd");
        assertThat(files.code()).as(files.err()).isZero();
        assertThat(files.outLines().subList(1, files.outLines().size()))
                .containsExactlyElementsOf(w.namespace().child().files().stream().map(f -> "2,2," + f.fd()).toList());
        Cli.run(Engines.standard(), "tasks", "--pidns", init, "--tid", "4", "--engine", engine)
                .failsWith(Main.NO_SUCH_TASK, "no such task: tid 4 in the pid namespace of process " + init);
    }

    @Test
    void badInputExitsTwoWithTheRealEngines() {
        Cli.run(Engines.standard(), "tasks", "--tid", "0").failsWith(Main.USAGE, "--tid: not a positive number: 0");
        Cli.run(Engines.standard(), "tasks", "--tid", "1", "--pid", "1").failsWith(Main.USAGE, "--tid and --pid are exclusive");
    }
}
