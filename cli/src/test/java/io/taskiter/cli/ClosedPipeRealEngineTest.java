package io.taskiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskiter.testing.KernelTest;
import io.taskiter.testing.OpenFds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 5, point 8 in-process with the real engines: a reader that goes away after the first line
 * abandons the walk quietly (status 0, nothing on stderr) and every kernel object of the walk and the
 * engine (iterator, link, program, map fds) is released before the command returns.
 */
@KernelTest
class ClosedPipeRealEngineTest {

    /** Takes the first line, then fails like a pipe whose reader exited. */
    private static PrintStream headOne() {
        return new PrintStream(OutputStream.nullOutputStream()) {
            private boolean broken;

            @Override
            public void write(byte[] b, int off, int len) {
                broken = true;
            }

            @Override
            public boolean checkError() {
                return broken;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpf", "procfs", "auto"})
    void theReaderGoneFreesEverything(String engine) throws IOException {
        Cli.run(Engines.standard(), "files", "--engine", engine, "--pid", "1"); // warm up the JDK's own fds
        long fds = OpenFds.count();
        long bpfObjects = OpenFds.bpfObjects();
        for (String command : new String[]{"files", "tasks"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[]{command, "--engine", engine}, headOne(),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Engines.standard());
            assertThat(code).isZero();
            assertThat(err.size()).isZero();
            assertThat(OpenFds.bpfObjects()).as("bpf programs, links, maps and iterators closed").isEqualTo(bpfObjects);
            assertThat(OpenFds.count()).as("no fd left open").isEqualTo(fds);
        }
    }
}
