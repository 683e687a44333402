package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.testing.KernelTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 5, point 8: {@code taskiter files | head -1} as a real shell pipeline with the built jar: the
 * command exits 0, writes nothing on stderr and ends (its kernel objects go with it; that they are
 * released by the walk itself, before the exit, is ClosedPipeRealEngineTest's part).
 */
@KernelTest
class ClosedPipeIT {

    @ParameterizedTest
    @CsvSource({"files,bpf,table", "files,procfs,table", "files,auto,json", "tasks,bpf,csv", "tasks,procfs,json"})
    void headOneExitsQuietly(String command, String engine, String format) {
        String java = String.join(" ", JarProcess.java(command, "--engine", engine, "--format", format));
        // the JVM's status and its stderr, from inside the pipeline
        String script = "err=$(mktemp); " + java + " 2>\"$err\" | head -1; status=${PIPESTATUS[0]}; "
                + "echo \"status=$status\"; cat \"$err\" | sed 's/^/stderr: /'; rm -f \"$err\"";
        JarProcess.Result r = JarProcess.run(List.of("bash", "-c", script));
        assertThat(r.code()).isZero();
        List<String> lines = r.outLines();
        assertThat(lines).as(r.out()).hasSize(2);
        assertThat(lines.get(1)).as(r.out()).isEqualTo("status=0");
    }
}
