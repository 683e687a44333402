package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.testing.Helper;
import io.taskiter.testing.KernelTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, point 7: 100,000 fds spread over processes of at most the per-process limit (20,000 here,
 * not raisable), plus thousands of tasks. Both engines walk all of it in a JVM with a 16 MiB heap (the
 * records alone would need more: they stream), and {@code files --pid} on the biggest process is timed
 * and printed (no timed assertion). {@code -Dtaskiter.scale.tasks=20000} for the large variant (CI runs
 * 4,000 tasks).
 */
@KernelTest
class ScaleTest {
    private static final int FDS = 100_000;
    private static final int PER_PROCESS = 19_900;
    private static final int TASKS = Integer.getInteger("taskiter.scale.tasks", 4_000);

    private static List<String> java(String heap, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.taskiter.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the command in a child JVM; {@return its output's last line, the table's summary} */
    private static String lastLine(List<String> cmd) {
        try {
            Path out = Files.createTempFile("taskiter-scale", ".txt");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectErrorStream(false).start();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(err).isZero();
                assertThat(err).isEmpty();
                List<String> lines = Files.readAllLines(out);
                return lines.getLast();
            } finally {
                Files.delete(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long count(String summary) {
        return Long.parseLong(summary.substring(0, summary.indexOf(' ')));
    }

    @Test
    void bigTablesAndManyTasksStreamInASmallHeap() {
        List<Helper> helpers = new ArrayList<>();
        try {
            for (int left = FDS; left > 0; left -= PER_PROCESS) {
                helpers.add(Helper.start("proc", "1", "" + Math.min(left, PER_PROCESS)));
            }
            for (int left = TASKS; left > 0; left -= 2000) {
                helpers.add(Helper.start("proc", "" + Math.min(left, 2000), "0"));
            }
            int big = helpers.getFirst().pid();
            for (String engine : List.of("bpf", "procfs")) {
                long t0 = System.nanoTime();
                long files = count(lastLine(java("-Xmx16m", "files", "--engine", engine)));
                long t1 = System.nanoTime();
                long tasks = count(lastLine(java("-Xmx16m", "tasks", "--engine", engine)));
                long t2 = System.nanoTime();
                assertThat(files).as("every fd of every process").isGreaterThanOrEqualTo(FDS);
                assertThat(tasks).isGreaterThanOrEqualTo(TASKS);
                System.out.printf("scale %s: files (all, %d rows) %.2f s, tasks (all, %d rows) %.2f s, in a 16 MiB heap%n",
                        engine, files, (t1 - t0) / 1e9, tasks, (t2 - t1) / 1e9);
                // in-process, warm: files --pid on the process holding 19,900 fds
                Cli.run(Engines.standard(), "files", "--pid", "" + big, "--engine", engine, "--format", "json");
                long t3 = System.nanoTime();
                Cli.Result r = Cli.run(Engines.standard(), "files", "--pid", "" + big, "--engine", engine, "--format", "json");
                long t4 = System.nanoTime();
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.outLines()).hasSizeGreaterThanOrEqualTo(PER_PROCESS);
                System.out.printf("scale %s: files --pid (%d fds) %.3f s in-process, warm%n", engine,
                        r.outLines().size(), (t4 - t3) / 1e9);
            }
        } finally {
            helpers.forEach(Helper::close);
        }
    }
}
