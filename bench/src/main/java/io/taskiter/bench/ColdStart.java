package io.taskiter.bench;

import io.taskiter.Query;
import io.taskiter.TaskSource;
import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * Where a CLI run's time goes, from inside one fresh JVM started with the launcher's flags: JVM start
 * to main, opening the bpf engine (BTF, FFM), the
 * first walk of each target (program generation, verification, load, then the walk), a second walk,
 * and the procfs engine's first walk. One line "key milliseconds" each.
 *
 * <p>With the argument {@code btf}: only the part of opening the engine that reads and indexes the
 * kernel's BTF, cold, in a JVM of its own (the rest of the open is FFM and the bpf(2) probe).
 */
public final class ColdStart {
    private ColdStart() {
    }

    public static void main(String[] args) throws IOException {
        long entered = System.nanoTime();
        // the JVM's own start time (ms); the process start time in /proc is only as exact as btime (1 s)
        report("jvm_to_main", ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L);
        long t = System.nanoTime();   // after the line above: loading java.management is not counted
        if (args.length > 0 && args[0].equals("btf")) {
            io.taskiter.btf.Btf.load(java.nio.file.Path.of("/sys/kernel/btf/vmlinux"));
            lap("btf_load_alone", t);
            return;
        }
        try (TaskSource bpf = BpfTaskSource.open()) {
            t = lap("bpf_open", t);
            walk(bpf, Query.tasks());
            t = lap("bpf_tasks_first_walk", t);
            walk(bpf, Query.tasks());
            t = lap("bpf_tasks_second_walk", t);
            walk(bpf, Query.files());
            t = lap("bpf_files_first_walk", t);
            walk(bpf, Query.files());
            lap("bpf_files_second_walk", t);
        }
        try (TaskSource procfs = new ProcTaskSource()) {
            t = System.nanoTime();
            walk(procfs, Query.tasks());
            t = lap("procfs_tasks_first_walk", t);
            walk(procfs, Query.files());
            lap("procfs_files_first_walk", t);
        }
        report("main_total", System.nanoTime() - entered);
    }

    private static void report(String key, long ns) {
        System.out.printf("%s %.2f%n", key, ns / 1e6);
    }

    /** Reports the time since {@code since}; returns the start of the next lap. */
    private static long lap(String key, long since) {
        report(key, System.nanoTime() - since);
        return System.nanoTime();
    }

    private static void walk(TaskSource s, Query<?> q) throws IOException {
        long[] n = {0};
        s.walk(q, e -> n[0] += e.hashCode() & 1);
    }
}
