package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.EngineUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the command line in-process against fake engines and captures what it wrote. */
final class Cli {

    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
        }

        /** The shape every failure must have: one line, no exception class, no stack frame. */
        Result failsWith(int expected, String line) {
            assertThat(code).as("exit status, stderr: %s", err).isEqualTo(expected);
            assertThat(err).isEqualTo("taskiter: " + line + "\n");
            return this;
        }
    }

    private Cli() {
    }

    static Result run(Engines engines, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, false, StandardCharsets.UTF_8), engines);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@return engines where bpf is refused and procfs is the fake}, the usual unprivileged case */
    static Engines procfsOnly(FakeSource procfs) {
        return new Engines(unavailable("no permission: CAP_BPF needed"), procfs.opener());
    }

    static EngineOpener unavailable(String why) {
        return () -> {
            throw new EngineUnavailableException(why);
        };
    }

    static Result run(FakeSource procfs, String... args) {
        return run(procfsOnly(procfs), args);
    }
}
