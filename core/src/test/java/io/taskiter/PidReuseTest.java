package io.taskiter;

import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;
import io.taskiter.testing.Helper;
import io.taskiter.testing.KernelTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 5, point 3: a PIDFD walk never reports another process that reused the number. The reuse is
 * forced: the helper kills and reaps the victim, then writes the victim's pid minus one to
 * /proc/sys/kernel/ns_last_pid and forks, until a child (comm "reuser", with /dev/zero open) gets the
 * victim's pid. It is the caller's pid namespace (the initial one: the bpf engine runs nowhere else) whose
 * number is reused, because that is the number both engines walk by; a private namespace's numbers would
 * not be. Another process of the host may take the number first: the helper then tries again.
 */
@KernelTest
class PidReuseTest {
    private static BpfTaskSource bpf;
    private static final TaskSource PROC = new ProcTaskSource();

    @BeforeAll
    static void open() throws IOException {
        bpf = BpfTaskSource.open();
    }

    @AfterAll
    static void close() {
        bpf.close();
    }

    private static TaskSource engine(String name) {
        return name.equals("bpf") ? bpf : PROC;
    }

    /** Starts a victim of 8 threads; {@return its helper} */
    private static Helper victim() {
        return Helper.start("reuse", "8");
    }

    private static void reuse(Helper h, int victim) {
        List<String> said = h.command("reuse");
        assertThat(said).as("the helper forced the reuse").hasSize(1);
        String[] w = said.getFirst().split(" ");
        assertThat(w[0]).as("%s", said).isEqualTo("reuser");
        assertThat(Integer.parseInt(w[1])).isEqualTo(victim);
        assertThat(ProcessHandle.of(victim).orElseThrow().info().command()).isPresent();
    }

    private static void noReuser(List<Task> tasks, List<OpenFile> files) {
        assertThat(tasks).extracting(t -> t.comm().toString()).doesNotContain("reuser");
        assertThat(files).extracting(f -> String.valueOf(f.path())).doesNotContain("/dev/zero");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpf", "procfs"})
    void aNumberReusedBeforeTheWalkIsNoSuchTask(String name) throws IOException {
        try (Helper h = victim()) {
            int pid = h.fact("victim");
            ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
            assertThat(engine(name).list(Query.tasks().withScope(Scope.pidfd(victim)))).hasSize(8);
            reuse(h, pid);
            assertThat(engine(name).list(Query.tasks().withScope(Scope.tgid(pid)))).as("the number walks the reuser")
                    .extracting(t -> t.comm().toString()).containsOnly("reuser");
            assertThatThrownBy(() -> engine(name).list(Query.tasks().withScope(Scope.pidfd(victim))))
                    .isInstanceOf(NoSuchTaskException.class);
            assertThatThrownBy(() -> engine(name).list(Query.files().withScope(Scope.pidfd(victim))))
                    .isInstanceOf(NoSuchTaskException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpf", "procfs"})
    void aNumberReusedAfterTheWalkStartedIsNeverWalked(String name) throws IOException {
        for (boolean files : new boolean[]{false, true}) {
            try (Helper h = victim()) {
                int pid = h.fact("victim");
                ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
                List<Task> tasks = new ArrayList<>();
                List<OpenFile> fds = new ArrayList<>();
                Query<?> q = files ? Query.files() : Query.tasks();
                try (Walk<?> w = engine(name).open(q.withScope(Scope.pidfd(victim)))) {
                    reuse(h, pid);
                    for (Object e = w.next(); e != null; e = w.next()) {
                        if (e instanceof Task t) tasks.add(t);
                        else fds.add((OpenFile) e);
                    }
                    assertThat(w.completed()).isTrue();
                }
                noReuser(tasks, fds);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpf", "procfs"})
    void aNumberReusedInTheMiddleOfTheWalkIsNeverWalked(String name) throws IOException {
        try (Helper h = victim()) {
            int pid = h.fact("victim");
            ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
            List<Task> tasks = new ArrayList<>();
            int[] stops = {0};
            engine(name).walk(Query.tasks().withScope(Scope.pidfd(victim)), new Program<>() {
                @Override
                public void show(Task t) {
                    tasks.add(t);
                    if (tasks.size() == 1) reuse(h, pid);
                }

                @Override
                public void stop() {
                    stops[0]++;
                }
            });
            assertThat(stops[0]).isEqualTo(1);
            assertThat(tasks.getFirst().comm().toString()).isEqualTo("victim");
            noReuser(tasks, List.of());
        }
    }
}
