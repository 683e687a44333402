package io.taskiter.cli;

import io.taskiter.Completed;
import io.taskiter.EngineUnavailableException;
import io.taskiter.Program;
import io.taskiter.Query;
import io.taskiter.TaskSource;
import io.taskiter.Walk;
import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;

import java.io.IOException;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one place that knows the engines: "bpf" and "procfs" map to openers, and "auto" tries bpf and
 * falls back to procfs when bpf is unavailable. Tests build one from fakes; {@link #standard()} is the
 * seam where the real engines are wired in.
 */
public final class Engines {

    /** What --engine names. */
    enum Choice {
        AUTO, BPF, PROCFS;

        static final List<String> NAMES = List.of("auto", "bpf", "procfs");

        /** {@return the choice of that name, or null} */
        static Choice named(String name) {
            return switch (name) {
                case "auto" -> AUTO;
                case "bpf" -> BPF;
                case "procfs" -> PROCFS;
                default -> null;
            };
        }
    }

    private final EngineOpener bpf;
    private final EngineOpener procfs;

    public Engines(EngineOpener bpf, EngineOpener procfs) {
        this.bpf = Objects.requireNonNull(bpf, "bpf");
        this.procfs = Objects.requireNonNull(procfs, "procfs");
    }

    /** {@return the engines of this host} (the integrator wires the real engines here) */
    public static Engines standard() {
        return new Engines(
                BpfTaskSource::open,
                ProcTaskSource::new);
    }

    /**
     * Opens the engine chosen. {@code note} receives exactly one line naming the engine used (and, after
     * a fallback, why), once that is decided: for auto, not before the first walk has shown a row, ended
     * or failed, because bpf can also refuse a query (a scope the running kernel cannot walk correctly)
     * and procfs then takes over. Nothing is noted when no engine could be opened.
     */
    TaskSource open(Choice choice, Consumer<String> note) throws IOException {
        return switch (choice) {
            case BPF -> opened(bpf, "bpf", note);
            case PROCFS -> opened(procfs, "procfs", note);
            case AUTO -> {
                TaskSource first;
                try {
                    first = bpf.open();
                } catch (EngineUnavailableException e) {
                    TaskSource second = fallback(e);
                    note.accept(fellBack(second, e));
                    yield second;
                }
                yield new Fallback(first, note);
            }
        };
    }

    private static TaskSource opened(EngineOpener opener, String name, Consumer<String> note) throws IOException {
        TaskSource s;
        try {
            s = opener.open();
        } catch (EngineUnavailableException e) {
            throw new EngineUnavailableException(name + " unavailable: " + e.getMessage(), e);
        }
        note.accept("engine " + s.name());
        return s;
    }

    private TaskSource fallback(EngineUnavailableException why) throws IOException {
        try {
            return procfs.open();
        } catch (EngineUnavailableException e) {
            EngineUnavailableException both = new EngineUnavailableException(
                    "no engine available (bpf: " + why.getMessage() + "; procfs: " + e.getMessage() + ")", e);
            both.addSuppressed(why);
            throw both;
        }
    }

    private static String fellBack(TaskSource to, EngineUnavailableException why) {
        return "engine " + to.name() + " (bpf unavailable: " + why.getMessage() + ")";
    }

    /**
     * bpf, until its first query is refused as unavailable; then procfs for good. Both {@code open} and
     * {@code walk} are passed on, since an engine may walk more cleverly than open-and-loop; a refusal
     * only switches engines while nothing has been shown, so no row is ever written twice.
     */
    private final class Fallback implements TaskSource {
        private TaskSource current;
        private Consumer<String> note;

        Fallback(TaskSource bpf, Consumer<String> note) {
            this.current = bpf;
            this.note = note;
        }

        @Override
        public String name() {
            return current.name();
        }

        @Override
        public <T> Walk<T> open(Query<T> query) throws IOException {
            Consumer<String> pending = takeNote();
            if (pending == null) return current.open(query);
            try {
                Walk<T> w = current.open(query);
                pending.accept("engine " + current.name());
                return w;
            } catch (EngineUnavailableException e) {
                switchToProcfs(e, pending);
                return current.open(query);
            } catch (IOException | RuntimeException e) {
                pending.accept("engine " + current.name());
                throw e;
            }
        }

        @Override
        public <T> Completed walk(Query<T> query, Program<? super T> program) throws IOException {
            Consumer<String> pending = takeNote();
            if (pending == null) return current.walk(query, program);
            Deciding<T> deciding = new Deciding<>(program, pending, "engine " + current.name());
            try {
                return current.walk(query, deciding);
            } catch (EngineUnavailableException e) {
                if (deciding.decided) throw e;
                switchToProcfs(e, pending);
                return current.walk(query, program);
            } catch (IOException | RuntimeException e) {
                deciding.decide();
                throw e;
            }
        }

        private Consumer<String> takeNote() {
            Consumer<String> pending = note;
            note = null;
            return pending;
        }

        private void switchToProcfs(EngineUnavailableException why, Consumer<String> pending) throws IOException {
            TaskSource refused = current;
            current = null;
            refused.close();
            current = fallback(why);
            pending.accept(fellBack(current, why));
        }

        @Override
        public void close() {
            // null only when bpf was closed and procfs could not be opened in its place.
            if (current != null) current.close();
        }
    }

    /** Passes a program on, noting the engine once the first element (or the stop) shows it works. */
    private static final class Deciding<T> implements Program<T> {
        private final Program<? super T> program;
        private final Consumer<String> note;
        private final String line;
        private boolean decided;

        Deciding(Program<? super T> program, Consumer<String> note, String line) {
            this.program = program;
            this.note = note;
            this.line = line;
        }

        void decide() {
            if (!decided) {
                decided = true;
                note.accept(line);
            }
        }

        @Override
        public void show(T element) {
            decide();
            program.show(element);
        }

        @Override
        public void stop() {
            decide();
            program.stop();
        }
    }
}
