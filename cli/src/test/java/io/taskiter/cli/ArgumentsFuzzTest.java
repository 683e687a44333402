package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Issue 5, point 5: fuzzes the command-line parser and the command around it, against a fake engine:
 * whatever the arguments, the command ends with a documented status (0, 2, 3 or 4; never 1, which would
 * be an internal error), an error is exactly one line on stderr, and no control byte reaches stderr.
 *
 * <p>CI runs it in fuzzing mode for 8 seconds (the surefire execution "fuzz" in cli/pom.xml); a long
 * run: {@code mvn -pl cli -am test -Dtest=ArgumentsFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtaskiter.fuzz.duration=30m}.
 */
class ArgumentsFuzzTest {
    private static final List<String> WORDS = List.of("tasks", "files", "help", "--tid", "--pid", "--pidns", "--engine",
            "--format", "--fields", "--verbose", "--debug", "--help", "-h", "--version", "auto", "bpf", "procfs", "table",
            "json", "csv", "tid,comm", "fd,path", "1", "0", "-1", "4294967296", "--tid=", "--engine=bpf", "=", "-", "--");

    @FuzzTest(maxDuration = "15s")
    void parseAndRun(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 8);
        String[] args = new String[n];
        for (int i = 0; i < n; i++) {
            args[i] = data.consumeBoolean() ? data.pickValue(WORDS) : data.consumeString(40);
        }
        FakeSource fake = FakeSource.of("procfs", List.of()); // completes at once, for tasks and files alike
        Engines engines = new Engines(Cli.unavailable("no permission: fuzzing"), fake.opener());
        Cli.Result r = Cli.run(engines, args);
        assertThat(r.code()).as("%s: %s", List.of(args), r.err()).isIn(Main.OK, Main.USAGE, Main.NO_SUCH_TASK, Main.UNAVAILABLE);
        assertThat(r.err()).doesNotContain("internal error");
        if (r.code() != Main.OK) {
            String first = r.err().lines().findFirst().orElse("");
            assertThat(first).startsWith("taskiter: ");
            assertThat(first.chars().filter(c -> c < 0x20)).as("one clean line").isEmpty();
            // then only the synopsis after a usage error, or the stack trace --debug asks for
            if (!List.of(args).contains("--debug")) {
                assertThat(r.err().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
            }
        }
    }
}
