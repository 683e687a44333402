package io.taskiter.cli;

import io.taskiter.Program;
import java.util.List;

/**
 * The program the CLI runs in a walk: show writes a row, stop writes the end. The header waits for the
 * first row (or the stop) so that a walk refused at its start (no such task) leaves stdout empty.
 */
final class Rows<T> implements Program<T> {
    private final Format format;
    private final Subject<T> subject;
    private final List<Column<T>> columns;
    private final Output out;
    private long count;
    private boolean begun;

    Rows(Format format, Subject<T> subject, List<Column<T>> columns, Output out) {
        this.format = format;
        this.subject = subject;
        this.columns = columns;
        this.out = out;
    }

    @Override
    public void show(T element) {
        begin();
        format.row(columns, element, out);
        count++;
    }

    @Override
    public void stop() {
        begin();
        format.end(subject, count, out);
    }

    private void begin() {
        if (!begun) {
            begun = true;
            format.begin(columns, out);
        }
    }
}
