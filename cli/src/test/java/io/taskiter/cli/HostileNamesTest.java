package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.testing.Helper;
import io.taskiter.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 5, point 6: comms and paths with newlines, tabs, quotes, backslashes, ANSI escapes, C1 controls,
 * bidi overrides, invalid UTF-8, a path of exactly 4,095 bytes (the longest PATH_MAX holds) and one
 * longer, from a real process, through both engines and every format: JSON valid on every line with
 * every name's bytes recovered exactly; one row per line in table and CSV; never an ESC byte; the path
 * longer than PATH_MAX marked truncated, never dropped.
 */
@KernelTest
class HostileNamesTest {
    private static Path dir;
    private static Helper h;
    private static final Map<Integer, byte[]> paths = new HashMap<>();
    private static final Map<Integer, byte[]> comms = new HashMap<>();
    private static int tooLong;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("taskiter-hostile").toRealPath();
        h = Helper.start("hostile", dir.toString());
        for (String[] f : h.facts("fd")) paths.put(Integer.parseInt(f[0]), Helper.unhex(f[1]));
        for (String[] f : h.facts("comm")) comms.put(Integer.parseInt(f[0]), Helper.unhex(f[1]));
        tooLong = h.fact("toolong");
        assertThat(paths.values()).anySatisfy(p -> assertThat(p).hasSize(4095));
    }

    @AfterAll
    static void stop() throws IOException {
        h.close();
        // the deep directories are longer than PATH_MAX: remove them with a tool that walks by fd
        new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start();
    }

    private static Cli.Result run(String engine, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--engine", engine));
        Cli.Result r = Cli.run(Engines.standard(), a.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).as("no ESC byte reaches the terminal").doesNotContain("\u001b").doesNotContain("\u009b");
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void jsonKeepsEveryByte(String engine) {
        Cli.Result files = run(engine, "files", "--pid", "" + h.pid(), "--format", "json", "--fields", "fd,path");
        Map<Integer, byte[]> seen = new HashMap<>();
        boolean truncatedSeen = false;
        for (String line : files.outLines()) {
            Map<String, Object> m = MiniJson.object(line);
            int fd = ((Number) m.get("fd")).intValue();
            if (fd == tooLong) {
                assertThat(m).containsEntry("path", null).containsEntry("path_truncated", true);
                truncatedSeen = true;
            } else if (m.get("path") instanceof String s) {
                seen.put(fd, MiniJson.bytes(s));
            }
        }
        assertThat(truncatedSeen).as("the path longer than PATH_MAX is listed, marked").isTrue();
        for (Map.Entry<Integer, byte[]> e : paths.entrySet()) {
            assertThat(seen.get(e.getKey())).as("fd %d", e.getKey()).isEqualTo(e.getValue());
        }
        Cli.Result tasks = run(engine, "tasks", "--pid", "" + h.pid(), "--format", "json", "--fields", "tid,comm");
        Map<Integer, byte[]> seenComms = new HashMap<>();
        for (String line : tasks.outLines()) {
            Map<String, Object> m = MiniJson.object(line);
            seenComms.put(((Number) m.get("tid")).intValue(), MiniJson.bytes((String) m.get("comm")));
        }
        for (Map.Entry<Integer, byte[]> e : comms.entrySet()) {
            assertThat(seenComms.get(e.getKey())).as("comm of %d", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void tableAndCsvKeepOneRowPerLine(String engine) {
        int fds = run(engine, "files", "--pid", "" + h.pid(), "--format", "json", "--fields", "fd").outLines().size();
        int tasks = run(engine, "tasks", "--pid", "" + h.pid(), "--format", "json", "--fields", "tid").outLines().size();
        assertThat(tasks).isEqualTo(1 + comms.size());
        for (String format : List.of("table", "csv")) {
            Cli.Result f = run(engine, "files", "--pid", "" + h.pid(), "--format", format, "--fields", "fd,path,tid");
            assertThat(f.outLines()).as(format).hasSize(fds + 1 + (format.equals("table") ? 1 : 0));
            assertThat(f.out()).doesNotContain("\r").doesNotContain("\t");
            String marked = tooLong + (format.equals("csv") ? ",\\...," : " \\...");
            assertThat(f.outLines()).anySatisfy(l -> assertThat(l.trim()).startsWith(marked));
            Cli.Result t = run(engine, "tasks", "--pid", "" + h.pid(), "--format", format, "--fields", "comm,tid");
            assertThat(t.outLines()).as(format).hasSize(tasks + 1 + (format.equals("table") ? 1 : 0));
            assertThat(t.out()).contains("nl\\nx").contains("\\x1b[2Jclear").contains("bad\\xff\\xfe");
            for (String line : t.outLines()) {
                for (char c : line.toCharArray()) assertThat(Utf8.isUnsafe(c)).as("control char in %s", line).isFalse();
            }
        }
    }
}
