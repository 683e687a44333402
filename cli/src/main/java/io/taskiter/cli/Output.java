package io.taskiter.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The rows' way to stdout: a large buffer drained in chunks, with the stream's error state checked
 * after each chunk. PrintStream swallows IOExceptions, so {@code checkError} is where a closed pipe
 * (EPIPE: the reader went away, as with {@code | head -1}) shows; it then throws {@link Closed} so the
 * walk is abandoned instead of computing rows no one reads. Checking per chunk, not per row, because
 * {@code checkError} flushes.
 */
final class Output {
    static final int CHUNK = 1 << 16;

    /** Thrown out of the program's show: the reader is gone, the walk must stop. */
    static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super("standard output closed", null, false, false);
        }
    }

    private final PrintStream target;
    private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);

    Output(PrintStream target) {
        this.target = target;
    }

    /** {@return the buffer rows are written into; {@link #endLine()} ends each} */
    StringBuilder text() {
        return buffer;
    }

    void endLine() {
        buffer.append('\n');
        if (buffer.length() >= CHUNK) drain();
    }

    /** Writes what is buffered. */
    void flush() {
        drain();
    }

    private void drain() {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            target.write(bytes, 0, bytes.length);
        }
        if (target.checkError()) throw new Closed();
    }
}
