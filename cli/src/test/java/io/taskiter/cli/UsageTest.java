package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad command lines: status 2, one line on stderr saying what is wrong, nothing on stdout, no walk. */
class UsageTest {

    static Stream<Arguments> badLines() {
        String fieldsOfTasks = "tid, tgid, ppid, comm, state, uid, gid, euid, egid, kthread, threads, start_ns, "
                + "utime_ns, stime_ns, rss_bytes, vsz_bytes, pidns, nstid, cgroup, exe";
        return Stream.of(
                Arguments.of(List.of("tasks", "--tid", "0"), "--tid: not a positive number: 0"),
                Arguments.of(List.of("tasks", "--tid", "-1"), "--tid: not a positive number: -1"),
                Arguments.of(List.of("tasks", "--tid", "abc"), "--tid: not a positive number: abc"),
                Arguments.of(List.of("tasks", "--tid", "99999999999"), "--tid: number too large: 99999999999"),
                Arguments.of(List.of("tasks", "--tid=+5"), "--tid: not a positive number: +5"),
                Arguments.of(List.of("tasks", "--tid", "\u0661"), "--tid: not a positive number: \u0661"),
                Arguments.of(List.of("files", "--pid", "0"), "--pid: not a positive number: 0"),
                Arguments.of(List.of("files", "--pidns", "x1"), "--pidns: not a positive number: x1"),
                Arguments.of(List.of("tasks", "--tid", "1", "--pid", "2"), "--tid and --pid are exclusive"),
                Arguments.of(List.of("files", "--pid=2", "--tid=1"), "--tid and --pid are exclusive"),
                Arguments.of(List.of("tasks", "--fields", "tid,bogus"),
                        "--fields: unknown field for tasks: bogus (valid: " + fieldsOfTasks + ")"),
                Arguments.of(List.of("files", "--fields", "comm"), "--fields: unknown field for files: comm "
                        + "(valid: tgid, tid, fd, type, path, flags, pos, inode, dev, size)"),
                Arguments.of(List.of("tasks", "--fields", "tid,comm,tid"), "--fields: duplicate field: tid"),
                Arguments.of(List.of("tasks", "--fields", "tid,,comm"), "--fields: empty field name in: tid,,comm"),
                Arguments.of(List.of("tasks", "--format", "xml"), "--format: unknown format: xml (valid: table, json, csv)"),
                Arguments.of(List.of("tasks", "--engine", "ebpf"), "--engine: unknown engine: ebpf (valid: auto, bpf, procfs)"),
                Arguments.of(List.of("tasks", "--bogus"), "unknown option: --bogus (see taskiter --help)"),
                Arguments.of(List.of("tasks", "-x"), "unknown option: -x (see taskiter --help)"),
                Arguments.of(List.of("tasks", "--tid"), "--tid: missing value"),
                Arguments.of(List.of("tasks", "--tid="), "--tid: missing value"),
                Arguments.of(List.of("tasks", "--tid", "--pid", "3"), "--tid: missing value"),
                Arguments.of(List.of("tasks", "--format", "json", "--format", "csv"), "--format: given more than once"),
                Arguments.of(List.of("tasks", "--verbose=yes"), "--verbose: takes no value"),
                Arguments.of(List.of("procs"), "unknown command: procs (commands: tasks, files, help)"),
                Arguments.of(List.of("tasks", "files"), "unexpected argument: files"),
                // The offending text is escaped too: an error message must not carry a terminal escape.
                Arguments.of(List.of("tasks", "--tid", "\u001b[31m"), "--tid: not a positive number: \\x1b[31m"));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void badCommandLinesExitTwoWithOneLine(List<String> args, String line) {
        FakeSource procfs = FakeSource.of("procfs", List.of(FakeSource.task(1, 1, "init")));
        Cli.Result r = Cli.run(procfs, args.toArray(String[]::new)).failsWith(Main.USAGE, line);
        assertThat(r.out()).isEmpty();
        assertThat(procfs.queries).as("no walk for a bad command line").isEmpty();
    }

    @Test
    void noCommandExitsTwoWithTheSynopsis() {
        Cli.Result r = Cli.run(FakeSource.of("procfs", List.of()));
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).startsWith("taskiter: no command given\nusage: taskiter tasks");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void optionsWithoutCommandStillNeedOne() {
        Cli.Result r = Cli.run(FakeSource.of("procfs", List.of()), "--format", "json");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).startsWith("taskiter: no command given\n");
    }

    @Test
    void debugDoesNotTurnAUsageErrorIntoATrace() {
        Cli.run(FakeSource.of("procfs", List.of()), "tasks", "--debug", "--tid", "abc")
                .failsWith(Main.USAGE, "--tid: not a positive number: abc");
    }

    @Test
    void helpInEveryFormExitsZeroOnStdout() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"help"}, new String[] {"-h"},
                new String[] {"tasks", "--help"}, new String[] {"files", "--fields", "x", "--help"})) {
            Cli.Result r = Cli.run(FakeSource.of("procfs", List.of()), args);
            assertThat(r.code()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("usage: taskiter tasks").contains("Exit status:")
                    .contains("2  bad usage or input").contains("3  no such task").contains("4  the engine")
                    .contains("\\udcXX").contains("\\xHH");
        }
    }

    @Test
    void helpFitsEightyColumns() {
        String out = Cli.run(FakeSource.of("procfs", List.of()), "--help").out();
        assertThat(out.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void versionNamesTheProject() {
        Cli.Result r = Cli.run(FakeSource.of("procfs", List.of()), "--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("taskiter \\S+\n");
        assertThat(r.err()).isEmpty();
    }
}
