package io.taskiter.cli;

import io.taskiter.Completed;
import io.taskiter.EngineUnavailableException;
import io.taskiter.NoSuchTaskException;
import io.taskiter.TaskSource;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The taskiter command. Every failure becomes one line on stderr and an exit status (see
 * {@link Help}); a stack trace only with --debug.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NO_SUCH_TASK = 3;
    static final int UNAVAILABLE = 4;

    private Main() {
    }

    public static void main(String[] args) {
        // Unbuffered here because Output buffers: its chunk writes must reach the fd, where EPIPE shows.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.exit(run(args, out, System.err, Engines.standard()));
    }

    /** {@return the exit status} after running the command line against {@code engines} */
    public static int run(String[] args, PrintStream out, PrintStream err, Engines engines) {
        boolean debug = Arguments.debugAsked(args);
        try {
            return switch (Arguments.parse(args)) {
                case Invocation.Help h -> print(out, Help.text());
                case Invocation.Version v -> print(out, Help.version() + "\n");
                case Invocation.Listing<?> l -> list(l, out, err, engines);
            };
        } catch (UsageException e) {
            fail(err, e.getMessage(), null);
            if (e.showSynopsis()) err.print(Help.SYNOPSIS);
            err.flush();
            return USAGE;
        } catch (RuntimeException | Error e) {
            // A bug, or the JVM out of memory: still one line, and the trace only on request.
            fail(err, "internal error: " + describe(e), debug ? e : null);
            return FAILED;
        }
    }

    private static <T> int list(Invocation.Listing<T> l, PrintStream out, PrintStream err, Engines engines) {
        Output output = new Output(out);
        Throwable failure;
        try (TaskSource source = engines.open(l.engine(), line -> {
            if (l.verbose()) note(err, line);
        })) {
            Completed done = source.walk(l.query(), new Rows<>(l.format(), l.subject(), l.columns(), output));
            output.flush();
            if (done.denied() > 0) {
                // the walk is complete as far as this user may see, but not the host's: say so
                note(err, done.denied() + (done.denied() == 1 ? " task" : " tasks")
                        + " could not be looked into (permission denied): their files are not listed");
            }
            return OK;
        } catch (Output.Closed e) {
            return OK;
        } catch (Exception | Error e) {
            failure = e;
        }
        // Rows already written stay before the message; a reader gone by now changes nothing.
        try {
            output.flush();
        } catch (Output.Closed ignored) {
            // The error still deserves its line on stderr.
        }
        if (closedOutput(failure)) return OK;
        fail(err, message(failure), l.debug() ? failure : null);
        return switch (failure) {
            case NoSuchTaskException e -> NO_SUCH_TASK;
            case EngineUnavailableException e -> UNAVAILABLE;
            default -> FAILED;
        };
    }

    /** An engine that wraps what show threw still means the reader went away. */
    private static boolean closedOutput(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Output.Closed) return true;
        }
        return false;
    }

    private static String message(Throwable t) {
        return switch (t) {
            case NoSuchTaskException e -> orElse(e.getMessage(), "no such task");
            case EngineUnavailableException e -> orElse(e.getMessage(), "engine unavailable");
            case java.io.IOException e -> orElse(e.getMessage(), "input/output error");
            default -> "internal error: " + describe(t);
        };
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String orElse(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    private static int print(PrintStream out, String text) {
        out.print(text);
        out.flush();
        return OK;
    }

    private static void note(PrintStream err, String line) {
        err.println("taskiter: " + Backslashed.line(line));
        err.flush();
    }

    private static void fail(PrintStream err, String message, Throwable trace) {
        err.println("taskiter: " + Backslashed.line(message));
        if (trace != null) trace.printStackTrace(err);
        err.flush();
    }
}
