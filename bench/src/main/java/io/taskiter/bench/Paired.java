package io.taskiter.bench;

import io.taskiter.Query;
import io.taskiter.TaskSource;
import io.taskiter.bpf.BpfTaskSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bpf engine against the C reader, warm, as pairs: one engine walk, then one C walk (the reader
 * kept loaded in a child process, "reader serve"), over and over, so that both meet the same
 * interference from the rest of a shared machine. On such a machine the same walk's median moved 5x
 * within a minute; a ratio of medians taken minutes apart says little, the median of paired ratios
 * says what the engine costs over the C reader.
 *
 * <p>Usage: Paired READER tasks|files WARMUP_SECONDS PAIRS; prints "key value" lines.
 */
public final class Paired {
    /** Where each element goes, so the walk's records are really built, as a caller would use them. */
    static volatile Object sink;

    private Paired() {
    }

    public static void main(String[] args) throws IOException {
        boolean files = args[1].equals("files");
        double warmupSeconds = Double.parseDouble(args[2]);
        int pairs = Integer.parseInt(args[3]);
        Process c = new ProcessBuilder(args[0], "serve", args[1]).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Double> java = new ArrayList<>(), native_ = new ArrayList<>(), ratios = new ArrayList<>();
        try (TaskSource bpf = BpfTaskSource.open();
             OutputStream toC = c.getOutputStream();
             BufferedReader fromC = new BufferedReader(new InputStreamReader(c.getInputStream()))) {
            Query<?> q = files ? Query.files() : Query.tasks();
            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            for (int i = 0, measured = 0; measured < pairs; i++) {
                boolean warm = System.nanoTime() > warmEnd && i >= 20;
                long t0 = System.nanoTime();
                bpf.walk(q, e -> sink = e);
                double j = (System.nanoTime() - t0) / 1e6;
                toC.write('w');
                toC.flush();
                String line = fromC.readLine();
                if (line == null) throw new IOException("the C reader stopped");
                double n = Double.parseDouble(line);
                if (!warm) continue;
                java.add(j);
                native_.add(n);
                ratios.add(j / n);
                measured++;
            }
        } finally {
            c.destroy();
        }
        System.out.printf("bpf_median_ms %.4f%nc_median_ms %.4f%nmedian_ratio %.4f%nbpf_min_ms %.4f%nc_min_ms %.4f%npairs %d%n",
                Data.median(java), Data.median(native_), Data.median(ratios),
                java.stream().mapToDouble(d -> d).min().orElse(0), native_.stream().mapToDouble(d -> d).min().orElse(0), pairs);
    }
}
