package io.taskiter.cli;

import static io.taskiter.cli.Column.Align.LEFT;
import static io.taskiter.cli.Column.Align.RIGHT;

import io.taskiter.FileField;
import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.Task;
import io.taskiter.TaskField;
import io.taskiter.cli.Cell.Style;
import java.util.Arrays;
import java.util.List;

/**
 * What a command lists: tasks or files. Holds one column per field, in the library's field order
 * (which is the documented JSON key order), and the columns a table shows when not told otherwise.
 *
 * @param command      the command's name
 * @param singular     the noun of one element, for the table's summary line
 * @param plural       the noun of several
 * @param base         the query before scope, fields and namespace are applied
 * @param columns      every column, in key order
 * @param tableDefault the keys of the table's default columns, chosen to fit 80 terminal columns
 */
record Subject<T>(String command, String singular, String plural, Query<T> base,
                  List<Column<T>> columns, List<String> tableDefault) {

    static final Subject<Task> TASKS = new Subject<>("tasks", "task", "tasks", Query.tasks(),
            Arrays.stream(TaskField.values()).map(Subject::column).toList(),
            List.of("tid", "tgid", "ppid", "uid", "state", "threads", "rss_bytes", "comm"));

    static final Subject<OpenFile> FILES = new Subject<>("files", "file", "files", Query.files(),
            Arrays.stream(FileField.values()).map(Subject::column).toList(),
            List.of("tgid", "tid", "fd", "type", "flags", "pos", "path"));

    /** {@return the column of that key, or null when the command has no such field} */
    Column<T> column(String key) {
        for (Column<T> c : columns) {
            if (c.key().equals(key)) return c;
        }
        return null;
    }

    List<String> keys() {
        return columns.stream().map(Column::key).toList();
    }

    // Widths: pids fit 7 digits (pid_max is at most 4194304), ids 5 (uids of ordinary hosts); larger
    // values widen their row instead of being cut, so the choice only affects alignment.
    private static Column<Task> column(TaskField f) {
        return switch (f) {
            case TID -> new Column<>(f, "TID", 7, RIGHT, t -> new Cell.Num(t.tid(), Style.DECIMAL));
            case TGID -> new Column<>(f, "TGID", 7, RIGHT, t -> new Cell.Num(t.tgid(), Style.DECIMAL));
            case PPID -> new Column<>(f, "PPID", 7, RIGHT, t -> Cell.num(t.ppid()));
            case COMM -> new Column<>(f, "COMM", 16, LEFT, t -> Cell.text(t.comm()));
            case STATE -> new Column<>(f, "S", 1, LEFT,
                    t -> t.state() == null ? Cell.ABSENT : new Cell.Word(String.valueOf(t.state().letter())));
            case UID -> new Column<>(f, "UID", 5, RIGHT, t -> Cell.u32(t.uid(), Style.UNSIGNED));
            case GID -> new Column<>(f, "GID", 5, RIGHT, t -> Cell.u32(t.gid(), Style.UNSIGNED));
            case EUID -> new Column<>(f, "EUID", 5, RIGHT, t -> Cell.u32(t.euid(), Style.UNSIGNED));
            case EGID -> new Column<>(f, "EGID", 5, RIGHT, t -> Cell.u32(t.egid(), Style.UNSIGNED));
            case KTHREAD -> new Column<>(f, "KTHR", 4, LEFT, t -> Cell.flag(t.kthread()));
            case THREADS -> new Column<>(f, "THR", 4, RIGHT, t -> Cell.num(t.threads()));
            case START_NS -> new Column<>(f, "START", 10, RIGHT, t -> Cell.num(t.startNs(), Style.NANOS));
            case UTIME_NS -> new Column<>(f, "UTIME", 8, RIGHT, t -> Cell.num(t.utimeNs(), Style.NANOS));
            case STIME_NS -> new Column<>(f, "STIME", 8, RIGHT, t -> Cell.num(t.stimeNs(), Style.NANOS));
            case RSS_BYTES -> new Column<>(f, "RSS", 5, RIGHT, t -> Cell.num(t.rssBytes(), Style.BYTES));
            case VSZ_BYTES -> new Column<>(f, "VSZ", 5, RIGHT, t -> Cell.num(t.vszBytes(), Style.BYTES));
            case PIDNS -> new Column<>(f, "PIDNS", 10, RIGHT, t -> Cell.num(t.pidns(), Style.UNSIGNED));
            case NSTID -> new Column<>(f, "NSTID", 7, RIGHT, t -> Cell.num(t.nstid()));
            case CGROUP -> new Column<>(f, "CGROUP", 24, LEFT, t -> Cell.text(t.cgroup()));
            case EXE -> new Column<>(f, "EXE", 24, LEFT, t -> Cell.text(t.exe()));
        };
    }

    private static Column<OpenFile> column(FileField f) {
        return switch (f) {
            case TGID -> new Column<>(f, "TGID", 7, RIGHT, o -> new Cell.Num(o.tgid(), Style.DECIMAL));
            case TID -> new Column<>(f, "TID", 7, RIGHT, o -> new Cell.Num(o.tid(), Style.DECIMAL));
            case FD -> new Column<>(f, "FD", 5, RIGHT, o -> new Cell.Num(o.fd(), Style.DECIMAL));
            case TYPE -> new Column<>(f, "TYPE", 4, LEFT, o -> Cell.word(o.type()));
            case PATH -> new Column<>(f, "PATH", 32, LEFT, o -> Cell.text(o.path()));
            // Octal in the table because that is how fdinfo shows flags and how O_* constants are known.
            case FLAGS -> new Column<>(f, "FLAGS", 8, RIGHT, o -> Cell.u32(o.flags(), Style.OCTAL));
            case POS -> new Column<>(f, "POS", 10, RIGHT, o -> Cell.num(o.pos(), Style.DECIMAL));
            case INODE -> new Column<>(f, "INODE", 10, RIGHT, o -> Cell.num(o.inode(), Style.UNSIGNED));
            case DEV -> new Column<>(f, "DEV", 7, LEFT, o -> Cell.word(o.dev()));
            case SIZE -> new Column<>(f, "SIZE", 10, RIGHT, o -> Cell.num(o.size(), Style.DECIMAL));
        };
    }
}
