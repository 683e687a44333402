package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.FileType;
import io.taskiter.Name;
import io.taskiter.OpenFile;
import io.taskiter.Task;
import io.taskiter.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void defaultTaskColumnsAndTheSummary() {
        Task kthread = new Task(2, 2, 0, Name.of("kthreadd"), TaskState.SLEEPING, 0, 0, 0, 0, true, 1,
                null, null, null, null, null, null, null, null, null);
        Task big = new Task(4194304, 4194300, 4194000, Name.of("java"), TaskState.RUNNING, 100000, 1, 1, 1, false,
                1234, 1L, 1L, 1L, 3L << 30, 1L, 1L, 1, "/", Name.of("/java"));
        Cli.Result r = Cli.run(FakeSource.of("procfs", List.of(FakeSource.task(1, 1, "init"), kthread, big)), "tasks");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                    TID    TGID    PPID   UID S  THR   RSS COMM
                      1       1       1  1000 S    2  5.0M init
                      2       2       0     0 S    1     - kthreadd
                4194304 4194300 4194000 100000 R 1234  3.0G java
                3 tasks
                """);
    }

    @Test
    void defaultFileColumns() {
        OpenFile anon = new OpenFile(100, 100, 12, FileType.ANON, Name.of("anon_inode:[eventfd]"), 02000002, 0L,
                null, null, null);
        String out = Cli.run(FakeSource.of("procfs", List.of(FakeSource.file(100, 3, Name.of("/etc/passwd")), anon)),
                "files").out();
        assertThat(out).isEqualTo("""
                   TGID     TID    FD TYPE    FLAGS        POS PATH
                    100     100     3 REG   0100002         42 /etc/passwd
                    100     100    12 ANON 02000002          0 anon_inode:[eventfd]
                2 files
                """);
    }

    @Test
    void oneTaskIsSingularAndNoneStillEnds() {
        assertThat(Cli.run(FakeSource.of("procfs", List.of(FakeSource.task(1, 1, "init"))), "tasks").outLines())
                .last().isEqualTo("1 task");
        assertThat(Cli.run(FakeSource.of("procfs", List.of()), "files").out())
                .isEqualTo("   TGID     TID    FD TYPE    FLAGS        POS PATH\n0 files\n");
    }

    @Test
    void fieldsChooseTheColumnsAndUnitsAreForPeople() {
        String out = Cli.run(FakeSource.of("procfs", List.of(FakeSource.task(7, 7, "sh"))), "tasks",
                "--fields", "comm,kthread,utime_ns,start_ns,vsz_bytes,pidns,exe,tid").out();
        assertThat(out).isEqualTo("""
                COMM             KTHR    UTIME      START   VSZ      PIDNS EXE                          TID
                sh               no       0.25       1.50  200M 4026531836 /usr/bin/sh                    7
                1 task
                """);
    }

    @Test
    void hostileNamesAreEscapedAndEachRowIsOneLine() {
        Cli.Result r = Cli.run(FakeSource.of("procfs", Hostile.tasks()), "tasks", "--fields", "tid,comm");
        List<String> lines = r.outLines();
        assertThat(lines).hasSize(Hostile.ALL.size() + 2);
        assertThat(r.out().chars()).noneMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f));
        assertThat(lines.subList(1, 11)).containsExactly(
                "      1 a\\nb",
                "      2 tab\\there",
                "      3 say \"hi\"",
                "      4 a,b",
                "      5 back\\\\slash",
                "      6 \\x1b[31mred",
                "      7 x\\xffy\\xc3",
                "      8 h\u00e9llo \u2713\ud83d\ude00",
                "      9 cr\\rhere",
                "     10 csi\\xc2\\x9b2J");
        assertThat(lines.get(12)).startsWith("     12 /bcde").contains("\\n").contains("\\xfe");
    }

    @Test
    void aWideNameInTheMiddlePushesTheRowInsteadOfBeingCut() {
        String out = Cli.run(FakeSource.of("procfs", List.of(FakeSource.task(1, 1, "a-name-of-15-ch"),
                FakeSource.task(2, 2, "\u001b\u001b\u001b\u001b\u001b"))), "tasks", "--fields", "comm,tid").out();
        assertThat(out).isEqualTo("""
                COMM                 TID
                a-name-of-15-ch        1
                \\x1b\\x1b\\x1b\\x1b\\x1b       2
                2 tasks
                """);
    }

    @Test
    void defaultRowsFitEightyColumns() {
        Cli.Result r = Cli.run(FakeSource.of("procfs", List.of(FakeSource.task(4194304, 4194304, "fifteen-chars-x"))), "tasks");
        assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        Cli.Result f = Cli.run(FakeSource.of("procfs", List.of(FakeSource.file(4194304, 1023, Name.of("/dev/pts/0")))), "files");
        assertThat(f.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }
}
