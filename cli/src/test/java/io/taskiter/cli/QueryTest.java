package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.FileField;
import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.Target;
import io.taskiter.TaskField;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query handed to the engine: the scope and namespace asked for, and exactly the fields needed. */
class QueryTest {

    private static Query<?> queryOf(String... args) {
        FakeSource procfs = FakeSource.of("procfs", List.of());
        assertThat(Cli.run(procfs, args).code()).isZero();
        assertThat(procfs.queries).hasSize(1);
        return procfs.queries.getFirst();
    }

    @Test
    void tableAsksOnlyForItsColumns() {
        Query<?> q = queryOf("tasks");
        assertThat(q.target()).isEqualTo(Target.TASK);
        assertThat(q.scope()).isEqualTo(Scope.all());
        assertThat(q.namespacePid()).isZero();
        assertThat(q.fields()).isEqualTo(EnumSet.of(TaskField.TID, TaskField.TGID, TaskField.PPID, TaskField.UID,
                TaskField.STATE, TaskField.THREADS, TaskField.RSS_BYTES, TaskField.COMM));
        assertThat(queryOf("files").fields()).isEqualTo(EnumSet.of(FileField.TGID, FileField.TID, FileField.FD,
                FileField.TYPE, FileField.FLAGS, FileField.POS, FileField.PATH));
    }

    @Test
    void machineFormatsAskForEverything() {
        assertThat(queryOf("tasks", "--format", "json").fields()).isEqualTo(TaskField.all());
        assertThat(queryOf("files", "--format=csv").fields()).isEqualTo(FileField.all());
    }

    @Test
    void fieldsAskForExactlyThose() {
        assertThat(queryOf("tasks", "--format", "json", "--fields", "comm").fields()).isEqualTo(EnumSet.of(TaskField.COMM));
        assertThat(queryOf("files", "--fields", "path,inode").fields()).isEqualTo(EnumSet.of(FileField.PATH, FileField.INODE));
    }

    @Test
    void scopeAndNamespace() {
        assertThat(queryOf("tasks", "--tid", "5").scope()).isEqualTo(Scope.tid(5));
        assertThat(queryOf("files", "--pid=6").scope()).isEqualTo(Scope.tgid(6));
        Query<?> q = queryOf("--pidns", "700", "tasks", "--pid", "1");
        assertThat(q.scope()).isEqualTo(Scope.tgid(1));
        assertThat(q.namespacePid()).isEqualTo(700);
        assertThat(queryOf("files", "--tid", "007").scope()).isEqualTo(Scope.tid(7));
        assertThat(queryOf("tasks", "--tid", "2147483647").scope()).isEqualTo(Scope.tid(Integer.MAX_VALUE));
    }
}
