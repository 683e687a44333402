package io.taskiter.bpf;

import io.taskiter.FileField;
import io.taskiter.NoSuchTaskException;
import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.Target;
import io.taskiter.Task;
import io.taskiter.TaskField;
import io.taskiter.VerifierException;
import io.taskiter.Walk;
import io.taskiter.asm.Asm;
import io.taskiter.asm.Size;
import io.taskiter.testing.KernelTest;
import io.taskiter.testing.OpenFds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static io.taskiter.asm.Reg.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bpf engine on the real kernel, on this JVM's own threads and fds. */
@KernelTest
class BpfEngineTest {
    private static BpfTaskSource bpf;
    private static final int ME = (int) ProcessHandle.current().pid();

    @BeforeAll
    static void open() throws IOException {
        bpf = BpfTaskSource.open();
    }

    @AfterAll
    static void close() {
        bpf.close();
    }

    private static List<Integer> threadsOf(int pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).toList();
        }
    }

    @Test
    void tgidScopeVisitsTheLeaderThenEveryThread() throws IOException {
        List<Integer> before = threadsOf(ME);
        List<Task> tasks = bpf.list(Query.tasks().withScope(Scope.tgid(ME)));
        List<Integer> after = threadsOf(ME);
        assertThat(tasks.getFirst().tid()).isEqualTo(ME);
        assertThat(tasks).allSatisfy(t -> assertThat(t.tgid()).isEqualTo(ME));
        // threads may come and go in a JVM: every thread alive throughout is there, once
        List<Integer> tids = tasks.stream().map(Task::tid).toList();
        assertThat(tids).doesNotHaveDuplicates().containsAll(before.stream().filter(after::contains).toList());
    }

    @Test
    void tidScopeOfAThreadThatDoesNotLead() throws IOException {
        int thread = Levels.someThreadOf(ME);
        List<Task> tasks = bpf.list(Query.tasks().withScope(Scope.tid(thread)));
        assertThat(tasks).extracting(Task::tid, Task::tgid).containsExactly(org.assertj.core.groups.Tuple.tuple(thread, ME));
    }

    @Test
    void aTaskThatDoesNotExistIsReportedNotWalked() throws IOException {
        long fds = OpenFds.count();
        assertThatThrownBy(() -> bpf.list(Query.tasks().withScope(Scope.tid(4_000_000))))
                .isInstanceOf(NoSuchTaskException.class).hasMessage("no such task: tid 4000000");
        int thread = Levels.someThreadOf(ME);
        assertThatThrownBy(() -> bpf.list(Query.files().withScope(Scope.tgid(thread))))
                .isInstanceOf(NoSuchTaskException.class)
                .hasMessage("no such process: pid " + thread + " (it is a thread of process " + ME + ")");
        assertThat(OpenFds.count()).isEqualTo(fds);
    }

    @Test
    void pidfdScopeWalksTheBoundProcess() throws IOException {
        List<Task> tasks = bpf.list(Query.tasks().withScope(Scope.pidfd(ProcessHandle.current())));
        assertThat(tasks.getFirst().tid()).isEqualTo(ME);
        assertThat(tasks).allSatisfy(t -> assertThat(t.tgid()).isEqualTo(ME)).hasSizeGreaterThan(1);
    }

    @Test
    void fewerFieldsLoadASmallerProgramAndReadFewerBytes() throws IOException {
        Query<Task> all = Query.tasks().withScope(Scope.tgid(ME));
        Query<Task> two = all.withFields(EnumSet.of(TaskField.TID, TaskField.STATE));
        int full = bpf.programs().programFor(all, bpf.callerView()).slots();
        int small = bpf.programs().programFor(two, bpf.callerView()).slots();
        assertThat(small).isLessThan(full / 2);
        long fullBytes = bytesOf(all), smallBytes = bytesOf(two);
        assertThat(smallBytes).isLessThan(fullBytes / 3);
        // header 8 + tid, tgid, state, exit_state = 24 bytes a task, plus the 8-byte end marker
        long tasks = bpf.list(two).size();
        assertThat(smallBytes).isBetween(24 * (tasks - 5) + 8, 24 * (tasks + 5) + 8);

        Query<OpenFile> files = Query.files().withScope(Scope.tgid(ME));
        var fileFull = bpf.programs().programFor(files, bpf.callerView());
        var fileFd = bpf.programs().programFor(files.withFields(EnumSet.of(FileField.FD)), bpf.callerView());
        assertThat(fileFd.slots()).isLessThan(fileFull.slots() * 2 / 3);
        assertThat(fileFull.disassemble()).contains("call bpf_d_path#147");
        assertThat(fileFd.disassemble()).doesNotContain("bpf_d_path").doesNotContain("bpf_probe_read_kernel");
    }

    private long bytesOf(Query<Task> q) throws IOException {
        try (BpfWalk<Task> w = bpf.programs().session(q, bpf.callerView(), 0, ME, null, false)) {
            while (w.next() != null) {
                // drain
            }
            return w.bytesRead();
        }
    }

    @Test
    void aRejectedProgramCarriesTheVerifierLog() throws IOException {
        long fds = OpenFds.count();
        Asm a = new Asm();
        // ctx->task may be NULL (the stop call): reading through it unchecked must be refused
        a.ldx(Size.DW, R1, R1, 8).ldx(Size.W, R0, R1, 0).mov(R0, 0).exit();
        assertThatThrownBy(() -> bpf.programs().loadProgram(Target.TASK, a.build()))
                .isInstanceOfSatisfying(VerifierException.class, e -> {
                    assertThat(e.getMessage()).startsWith("load taskiter_task program (4 instructions): rejected by the verifier: ");
                    assertThat(e.log()).contains("invalid mem access");
                    assertThat(e.program()).contains("r0 = *(u32 *)(r1 +0)");
                });
        assertThat(OpenFds.count()).isEqualTo(fds);
    }

    @Test
    void tenThousandWalksLeakNoFdAndNoProgram() throws IOException {
        // warm the cache, so the programs it keeps by design are counted before
        walkEach(4);
        long fds = OpenFds.count();
        long objects = OpenFds.bpfObjects();
        walkEach(10_000);
        assertThat(OpenFds.count()).isEqualTo(fds);
        assertThat(OpenFds.bpfObjects()).isEqualTo(objects);
    }

    private void walkEach(int walks) throws IOException {
        int thread = Levels.someThreadOf(ME);
        List<Query<?>> kinds = new ArrayList<>();
        kinds.add(Query.tasks().withFields(EnumSet.of(TaskField.TID, TaskField.STATE)));
        kinds.add(Query.tasks().withScope(Scope.tid(thread)));
        kinds.add(Query.files().withScope(Scope.tgid(ME)));
        kinds.add(Query.files().withFields(EnumSet.of(FileField.FD, FileField.TYPE)));
        kinds.add(Query.tasks().withScope(Scope.pidfd(ProcessHandle.current())));
        for (int i = 0; i < walks; i++) {
            try (Walk<?> w = bpf.open(kinds.get(i % kinds.size()))) {
                // every fifth walk is abandoned after one element: that path must release too
                for (Object e = w.next(); e != null && i % 5 != 4; e = w.next()) {
                    assertThat(e).isNotNull();
                }
            }
        }
    }
}
