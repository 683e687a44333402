package io.taskiter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The raw results of one workload point as bench/run leaves them in results/raw/POINT/: every time in
 * milliseconds. A file that is missing gives empty maps, so a partial run still reports what it has.
 */
record Data(Point point, Map<String, Double> census, Map<String, Double> jmh, Map<String, Double> jmhMin,
            Map<String, Double> c, Map<String, Double> cMin,
            Map<String, Double> cRecords, Map<String, Map<String, Double>> paired, Map<String, Hyperfine> hf, Map<String, Double> rssMb,
            Map<String, Double> cold) {

    /** A workload: PROCS processes x THREADS threads (leader included) x FDS fds each. */
    record Point(String name, int procs, int threads, int fds) {
    }

    /** One hyperfine command: median and least wall time, and mean user + system cpu time. */
    record Hyperfine(double medianMs, double minMs, double cpuMs, int runs) {
    }

    static Data read(Path raw, Point p) {
        Path dir = raw.resolve(p.name());
        Map<String, Double> c = new LinkedHashMap<>(), cMin = new LinkedHashMap<>(), records = new LinkedHashMap<>();
        Map<String, Map<String, Double>> paired = new LinkedHashMap<>();
        for (String target : List.of("tasks", "files")) {
            Map<String, Double> pr = keyValues(dir.resolve("paired-" + target + ".txt"));
            if (!pr.isEmpty()) paired.put(target, pr);
            Map<String, Double> kv = keyValues(dir.resolve("c-" + target + ".txt"));
            if (kv.containsKey("median_ms")) c.put(target, kv.get("median_ms"));
            if (kv.containsKey("min_ms")) cMin.put(target, kv.get("min_ms"));
            if (kv.containsKey("records")) records.put(target, kv.get("records"));
        }
        Map<String, Double> rss = new LinkedHashMap<>();
        keyValues(dir.resolve("rss.txt")).forEach((k, kb) -> rss.put(k, kb / 1024));
        return new Data(p, keyValues(dir.resolve("census.txt")), jmh(dir.resolve("jmh.csv"), "p0.50"),
                jmh(dir.resolve("jmh.csv"), "p0.00"), c, cMin, records, paired,
                hyperfine(dir.resolve("hyperfine")), rss, medians(dir.resolve("coldstart.txt")));
    }

    /** "key value" lines; the key may hold spaces, the value is the last word. */
    static Map<String, Double> keyValues(Path file) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : lines(file)) {
            int sp = line.lastIndexOf(' ');
            if (sp > 0) m.put(line.substring(0, sp).trim(), Double.parseDouble(line.substring(sp + 1)));
        }
        return m;
    }

    /** Repeated "key value" lines (one block per run): the median of each key. */
    private static Map<String, Double> medians(Path file) {
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (String line : lines(file)) {
            String[] f = line.trim().split(" ");
            if (f.length == 2) all.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[1]));
        }
        Map<String, Double> m = new LinkedHashMap<>();
        all.forEach((k, v) -> m.put(k, median(v)));
        return m;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** JMH's CSV: one percentile row (p0.50, p0.00) of each SampleTime benchmark, by its method name. */
    private static Map<String, Double> jmh(Path file, String percentile) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : lines(file)) {
            String[] f = line.split(",");
            if (f.length < 7 || !f[0].endsWith(":" + percentile + "\"")) continue;
            String name = f[0].substring(f[0].lastIndexOf('.', f[0].indexOf(':')) + 1, f[0].indexOf(':'));
            m.put(name, Double.parseDouble(f[4]));
        }
        return m;
    }

    /** hyperfine --export-csv files, one per command: command,mean,stddev,median,user,system,min,max (s). */
    private static Map<String, Hyperfine> hyperfine(Path dir) {
        Map<String, Hyperfine> m = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) return m;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                List<String> l = lines(f);
                Path runs = Path.of(f.toString().replace(".csv", ".runs"));
                int n = Files.exists(runs) ? Integer.parseInt(Files.readString(runs).trim()) : 0;
                if (l.size() < 2) continue;
                String[] v = l.get(1).split(",");
                int k = v.length - 7;   // the command name may hold commas: the numbers are the last 7
                String name = String.join(",", java.util.Arrays.copyOfRange(v, 0, k)).replace("\"", "");
                m.put(name, new Hyperfine(Double.parseDouble(v[k + 2]) * 1e3, Double.parseDouble(v[k + 5]) * 1e3,
                        (Double.parseDouble(v[k + 3]) + Double.parseDouble(v[k + 4])) * 1e3, n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
