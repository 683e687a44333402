package io.taskiter.testing;

import io.taskiter.Device;
import io.taskiter.Name;
import io.taskiter.TaskState;
import io.taskiter.testing.Workload.FileInfo;
import io.taskiter.testing.Workload.ProcessInfo;
import io.taskiter.testing.Workload.TaskInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The workload helper's manifest (format in the header of core/src/test/c/workload.c), parsed. */
final class WorkloadManifest {
    private WorkloadManifest() {
    }


    static final String MAGIC = "taskiter-workload 1";

    /** Reads up to and including the "end" line; null when the helper ended before. */
    static String readManifest(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
        StringBuilder sb = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
            sb.append(line).append('\n');
            if (line.equals("end")) return sb.toString();
        }
        return null;
    }

    record Parsed(Path tmpDir, int tcpPort, int udpPort, List<ProcessInfo> processes) {
    }

    private record ProcLine(String role, int pid, int ppid, int nspid, int nsppid, long pidns, int uid, int gid,
                            int euid, int egid, TaskState state) {
    }

    static Parsed parse(String text) {
        Path tmp = null;
        int tcp = -1;
        int udp = -1;
        List<ProcLine> procs = new ArrayList<>();
        Map<Integer, List<TaskInfo>> tasks = new LinkedHashMap<>();
        Map<Integer, List<FileInfo>> files = new LinkedHashMap<>();
        String[] f = new String[16];
        int lineStart = 0;
        boolean first = true;
        boolean ended = false;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = text.length();
            String line = text.substring(lineStart, lineEnd);
            lineStart = lineEnd + 1;
            if (first) {
                if (!line.equals(MAGIC)) throw new IllegalArgumentException("not a workload manifest: " + line);
                first = false;
                continue;
            }
            int n = split(line, f);
            switch (f[0]) {
                case "tmpdir" -> {
                    want(line, n, 2);
                    tmp = Path.of(new String(hex(f[1]), StandardCharsets.UTF_8));
                }
                case "port" -> {
                    want(line, n, 3);
                    if (f[1].equals("tcp")) tcp = Integer.parseInt(f[2]);
                    else udp = Integer.parseInt(f[2]);
                }
                case "proc" -> {
                    want(line, n, 12);
                    procs.add(new ProcLine(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                            Integer.parseInt(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]),
                            Integer.parseUnsignedInt(f[7]), Integer.parseUnsignedInt(f[8]),
                            Integer.parseUnsignedInt(f[9]), Integer.parseUnsignedInt(f[10]),
                            f[11].equals("-") ? null : TaskState.ofLetter(f[11].charAt(0))));
                }
                case "task" -> {
                    want(line, n, 6);
                    int tgid = Integer.parseInt(f[2]);
                    tasks.computeIfAbsent(tgid, k -> new ArrayList<>()).add(new TaskInfo(f[1], tgid,
                            Integer.parseInt(f[3]), Integer.parseInt(f[4]), Name.of(hex(f[5]))));
                }
                case "fd" -> {
                    want(line, n, 13);
                    int tgid = Integer.parseInt(f[2]);
                    int colon = f[11].indexOf(':');
                    Device dev = new Device(Integer.parseInt(f[11], 0, colon, 10),
                            Integer.parseInt(f[11], colon + 1, f[11].length(), 10));
                    files.computeIfAbsent(tgid, k -> new ArrayList<>()).add(new FileInfo(f[1], tgid,
                            Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5], 8),
                            Name.of(hex(f[6])), Integer.parseInt(f[7], 8), Integer.parseInt(f[8], 8),
                            Long.parseLong(f[9]), Long.parseUnsignedLong(f[10]), dev, Long.parseLong(f[12])));
                }
                case "end" -> ended = true;
                default -> throw new IllegalArgumentException("unknown record: " + line);
            }
        }
        if (!ended) throw new IllegalArgumentException("no end record");
        if (procs.isEmpty() || !procs.getFirst().role().equals("main")) {
            throw new IllegalArgumentException("the main process comes first");
        }
        List<ProcessInfo> out = new ArrayList<>();
        for (ProcLine p : procs) {
            List<TaskInfo> t = tasks.getOrDefault(p.pid(), List.of());
            if (t.isEmpty() || t.getFirst().tid() != p.pid()) {
                throw new IllegalArgumentException("process " + p.pid() + " has no leader task first");
            }
            out.add(new ProcessInfo(p.role(), p.pid(), p.ppid(), p.nspid(), p.nsppid(), p.pidns(), p.uid(), p.gid(),
                    p.euid(), p.egid(), p.state(), t, files.getOrDefault(p.pid(), List.of())));
        }
        return new Parsed(tmp, tcp, udp, Collections.unmodifiableList(out));
    }

    /** Splits on single spaces into f (the fields past its length are dropped); {@return the field count} */
    private static int split(String line, String[] f) {
        int n = 0;
        int from = 0;
        while (true) {
            int sp = line.indexOf(' ', from);
            String field = sp < 0 ? line.substring(from) : line.substring(from, sp);
            if (n < f.length) f[n] = field;
            n++;
            if (sp < 0) return n;
            from = sp + 1;
        }
    }

    private static void want(String line, int n, int expected) {
        if (n != expected) throw new IllegalArgumentException(expected + " fields expected: " + line);
    }

    static byte[] hex(String s) {
        if (s.equals("-")) return new byte[0];
        if ((s.length() & 1) != 0) throw new IllegalArgumentException("odd hex: " + s);
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ((Character.digit(s.charAt(2 * i), 16) << 4) | Character.digit(s.charAt(2 * i + 1), 16));
        }
        return b;
    }
}
