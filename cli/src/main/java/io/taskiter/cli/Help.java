package io.taskiter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The texts of --help and --version. */
final class Help {

    static final String SYNOPSIS = """
            usage: taskiter tasks [--tid N | --pid N] [--pidns P] [OPTIONS]
                   taskiter files [--tid N | --pid N] [--pidns P] [OPTIONS]
                   taskiter --help | help | --version
            """;

    private Help() {
    }

    static String text() {
        return "taskiter: list the tasks (threads) and open files of this Linux host,\n"
                + "with the semantics of the kernel's BPF task iterators.\n\n"
                + SYNOPSIS + """

                Commands:
                  tasks          one row per task: every thread of every process,
                                 kernel threads included
                  files          one row per open fd; a table shared by threads is
                                 listed once, under its owner

                Options (--opt value and --opt=value both work):
                  --tid N        only thread N
                  --pid N        only process N: its leader, then its other threads
                  --pidns P      see the pid namespace of process P (a container's init):
                                 only its tasks, numbers as seen inside it; the numbers of
                                 --tid and --pid are read there too
                  --engine E     auto (default: bpf if permitted, else procfs), bpf, procfs
                  --format F     table (default), json (JSON Lines), csv
                  --fields LIST  comma-separated keys, in the order wanted (default: all
                                 for json and csv, a set that fits 80 columns for table)
                  --verbose      say on stderr which engine is used (and after a
                                 fallback, why)
                  --debug        print the stack trace after an error message

                Fields of tasks:
                %s
                Fields of files:
                %s
                Names (comm, exe, path, cgroup) are raw bytes from the kernel. They are
                escaped so that a row is one line and no control byte reaches a terminal:
                  json   a JSON string; control characters as \\uXXXX; each byte that is
                         not valid UTF-8 as \\udcXX (XX = the byte): Python's
                         "surrogateescape", so the exact bytes can be recovered
                  csv    \\\\ for a backslash, \\n \\r \\t, \\xHH for each byte of another
                  table  control character and for each byte that is not valid UTF-8;
                         csv then quotes a field holding a comma or a quote (RFC 4180),
                         ends records with LF, and writes an absent value as an empty
                         field, an empty name as ""
                A path longer than PATH_MAX (4096 bytes), which the kernel does not hand
                over, is marked: json null and then "KEY_truncated":true; csv and table
                \\... (an escape no name produces).

                Exit status:
                  0  done (also when the reader of the output went away, as with | head)
                  1  any other error
                  2  bad usage or input
                  3  no such task, process or namespace process
                  4  the engine asked for is unavailable (the reason is printed)
                """.formatted(wrapped(Subject.TASKS.keys()), wrapped(Subject.FILES.keys()));
    }

    /** {@return the keys as indented lines that fit 80 columns} */
    private static String wrapped(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        int lineStart = 0;
        for (String k : keys) {
            if (sb.length() - lineStart + k.length() + 1 > 78) {
                sb.append('\n');
                lineStart = sb.length();
            }
            sb.append(sb.length() == lineStart ? "  " : " ").append(k);
        }
        return sb.append('\n').toString();
    }

    static String version() {
        try (InputStream in = Help.class.getResourceAsStream("version.txt")) {
            if (in == null) return "taskiter (version unknown)";
            return "taskiter " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "taskiter (version unknown)";
        }
    }
}
