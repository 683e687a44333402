package io.taskiter.bpf;

import io.taskiter.EngineUnavailableException;
import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.Task;
import io.taskiter.testing.KernelTest;
import io.taskiter.testing.OpenFds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A kernel without iterator scopes (before Linux 6.1 the kernel ignores a tid and walks every task),
 * simulated by the test-only switch: one-task and one-process walks are refused with the reason,
 * never widened to ALL; ALL walks still work.
 */
@KernelTest
class NoScopesTest {
    private static final int ME = (int) ProcessHandle.current().pid();

    @Test
    void scopedWalksAreRefusedNeverWidened() throws IOException {
        BpfTaskSource bpf;
        System.setProperty(BpfTaskSource.NO_SCOPES_PROPERTY, "true");
        try {
            bpf = BpfTaskSource.open();
        } finally {
            System.clearProperty(BpfTaskSource.NO_SCOPES_PROPERTY);
        }
        try (bpf) {
            bpf.list(Query.files().withScope(Scope.all()));   // the programs are loaded: fds counted after
            long fds = OpenFds.count();
            int thread = Levels.someThreadOf(ME);
            for (Scope s : List.of(Scope.tid(ME), Scope.tid(thread), Scope.tgid(ME), Scope.pidfd(ProcessHandle.current()))) {
                for (Query<?> q : List.of(Query.tasks().withScope(s), Query.files().withScope(s))) {
                    assertThatThrownBy(() -> bpf.list(q)).as("%s", q)
                            .isInstanceOf(EngineUnavailableException.class)
                            .hasMessage("this kernel cannot walk one task or process (iterator scopes need Linux >= 6.1)");
                }
            }
            assertThat(OpenFds.count()).isEqualTo(fds);
            assertThat(bpf.list(Query.tasks())).extracting(Task::tid).contains(ME, thread);
        }
    }
}
