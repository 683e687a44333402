package io.taskiter.cli;

import io.taskiter.Field;
import io.taskiter.Query;
import io.taskiter.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line parser. Options may come before or after the command, as {@code --opt value} or
 * {@code --opt=value}; each may be given once. A value never starts with "--", so {@code --tid --pid 3}
 * reads as a missing value rather than a strange number.
 */
final class Arguments {
    private static final List<String> VALUED = List.of("--tid", "--pid", "--pidns", "--engine", "--format", "--fields");

    private final Map<String, String> values = new HashMap<>();
    private boolean verbose;
    private boolean debug;
    private String command;

    private Arguments() {
    }

    /** {@return whether {@code --debug} is among the arguments}, so even a failed parse can honour it */
    static boolean debugAsked(String[] args) {
        for (String a : args) {
            if (a.equals("--debug")) return true;
        }
        return false;
    }

    static Invocation parse(String[] args) throws UsageException {
        Arguments a = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) return new Invocation.Help();
            if (arg.equals("--version")) return new Invocation.Version();
            if (arg.startsWith("-") && arg.length() > 1) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                String inline = eq < 0 ? null : arg.substring(eq + 1);
                if (name.equals("--verbose") || name.equals("--debug")) {
                    if (inline != null) throw new UsageException(name + ": takes no value");
                    if (name.equals("--verbose")) a.verbose = true;
                    else a.debug = true;
                } else if (VALUED.contains(name)) {
                    String value = inline;
                    if (value == null && i + 1 < args.length && !args[i + 1].startsWith("--")) value = args[++i];
                    if (value == null || value.isEmpty()) throw new UsageException(name + ": missing value");
                    if (a.values.putIfAbsent(name, value) != null) throw new UsageException(name + ": given more than once");
                } else {
                    throw new UsageException("unknown option: " + name + " (see taskiter --help)");
                }
            } else if (a.command == null) {
                if (arg.equals("help")) return new Invocation.Help();
                if (!arg.equals("tasks") && !arg.equals("files")) {
                    throw new UsageException("unknown command: " + arg + " (commands: tasks, files, help)");
                }
                a.command = arg;
            } else {
                throw new UsageException("unexpected argument: " + arg);
            }
        }
        if (a.command == null) throw new UsageException("no command given", true);
        return a.command.equals("tasks") ? a.listing(Subject.TASKS) : a.listing(Subject.FILES);
    }

    private <T> Invocation.Listing<T> listing(Subject<T> subject) throws UsageException {
        String tid = values.get("--tid");
        String pid = values.get("--pid");
        if (tid != null && pid != null) throw new UsageException("--tid and --pid are exclusive");
        Scope scope = tid != null ? Scope.tid(positive("--tid", tid))
                : pid != null ? Scope.tgid(positive("--pid", pid)) : Scope.all();

        String engineName = values.getOrDefault("--engine", "auto");
        Engines.Choice engine = Engines.Choice.named(engineName);
        if (engine == null) {
            throw new UsageException("--engine: unknown engine: " + engineName + " (valid: " + String.join(", ", Engines.Choice.NAMES) + ")");
        }
        String formatName = values.getOrDefault("--format", "table");
        Format format = Format.named(formatName);
        if (format == null) {
            throw new UsageException("--format: unknown format: " + formatName + " (valid: " + String.join(", ", Format.NAMES) + ")");
        }

        List<Column<T>> columns = columns(subject, format);
        Set<Field> fields = new LinkedHashSet<>();
        for (Column<T> c : columns) fields.add(c.field());
        Query<T> query = subject.base().withScope(scope).withFields(fields);
        String pidns = values.get("--pidns");
        if (pidns != null) query = query.inNamespaceOf(positive("--pidns", pidns));
        return new Invocation.Listing<>(subject, query, columns, engine, format, verbose, debug);
    }

    private <T> List<Column<T>> columns(Subject<T> subject, Format format) throws UsageException {
        String list = values.get("--fields");
        if (list == null) {
            if (!(format instanceof Table)) return subject.columns();
            List<Column<T>> chosen = new ArrayList<>();
            for (String key : subject.tableDefault()) chosen.add(subject.column(key));
            return List.copyOf(chosen);
        }
        List<Column<T>> chosen = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : list.split(",", -1)) {
            String key = raw.strip();
            if (key.isEmpty()) throw new UsageException("--fields: empty field name in: " + list);
            Column<T> c = subject.column(key);
            if (c == null) {
                throw new UsageException("--fields: unknown field for " + subject.command() + ": " + key
                        + " (valid: " + String.join(", ", subject.keys()) + ")");
            }
            if (!seen.add(key)) throw new UsageException("--fields: duplicate field: " + key);
            chosen.add(c);
        }
        return List.copyOf(chosen);
    }

    /**
     * {@return the number}, read as ASCII digits only: Integer.parseInt would also take "+5" and
     * digits of other scripts, which no kernel interface writes.
     */
    private static int positive(String option, String s) throws UsageException {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new UsageException(option + ": not a positive number: " + s);
            n = n * 10 + (c - '0');
            if (n > Integer.MAX_VALUE) throw new UsageException(option + ": number too large: " + s);
        }
        if (n == 0) throw new UsageException(option + ": not a positive number: " + s);
        return (int) n;
    }
}
