package io.taskiter.bench;

import io.taskiter.Query;
import io.taskiter.TaskSource;
import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OSThread;
import oshi.software.os.OperatingSystem;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Warm, in-JVM: one full walk of the whole host to decoded records, per benchmark op. TaskIter is
 * asked for every field (what the C reader reads too); the peers for what they offer: OSHI's
 * processes and the details of every thread, ProcessHandle's pids (and, separately, each process's
 * Info). The host's state is whatever workload bench/run set up before this JVM started.
 *
 * <p>SampleTime, so that the report can quote medians, like the C reader's and hyperfine's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class Walks {
    private TaskSource bpf;
    private TaskSource procfs;
    private OperatingSystem oshi;

    @Setup
    public void open() throws IOException {
        bpf = BpfTaskSource.open();
        procfs = new ProcTaskSource();
        oshi = new SystemInfo().getOperatingSystem();
    }

    @TearDown
    public void close() {
        bpf.close();
        procfs.close();
    }

    @Benchmark
    public long bpfTasks(Blackhole bh) throws IOException {
        return walk(bpf, Query.tasks(), bh);
    }

    @Benchmark
    public long bpfFiles(Blackhole bh) throws IOException {
        return walk(bpf, Query.files(), bh);
    }

    @Benchmark
    public long procfsTasks(Blackhole bh) throws IOException {
        return walk(procfs, Query.tasks(), bh);
    }

    @Benchmark
    public long procfsFiles(Blackhole bh) throws IOException {
        return walk(procfs, Query.files(), bh);
    }

    /**
     * OSHI's full process list (stat, status, io, cmdline, exe...), then each process's threads;
     * OSHI's thread details leave out the leader, which its OSProcess stands for.
     */
    @Benchmark
    public long oshiTasks(Blackhole bh) {
        long n = 0;
        for (OSProcess p : oshi.getProcesses()) {
            bh.consume(p);
            n++;
            for (OSThread t : p.getThreadDetails()) {
                bh.consume(t);
                n++;
            }
        }
        return n;
    }

    /** Pids only, processes only: a floor for any /proc listing, not a comparable walk. */
    @Benchmark
    public long processHandlePids() {
        return ProcessHandle.allProcesses().count();
    }

    /** Processes only, with command, arguments, user, start and cpu time. */
    @Benchmark
    public long processHandleInfo(Blackhole bh) {
        return ProcessHandle.allProcesses().peek(p -> bh.consume(p.info())).count();
    }

    static <T> long walk(TaskSource source, Query<T> query, Blackhole bh) throws IOException {
        long[] n = {0};
        source.walk(query, e -> {
            bh.consume(e);
            n[0]++;
        });
        return n[0];
    }
}
