package io.taskiter.bench;

import io.taskiter.Query;
import io.taskiter.TaskSource;
import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;

import java.io.IOException;

/**
 * Counts what each tool sees on the host right now, one line "key value" each: the workload's real
 * size (the x axis of the scaling fit) and a check that the tools compared walk the same thing.
 */
public final class Census {
    private Census() {
    }

    public static void main(String[] args) throws IOException {
        try (TaskSource bpf = BpfTaskSource.open(); TaskSource procfs = new ProcTaskSource()) {
            System.out.println("tasks.bpf " + count(bpf, Query.tasks()));
            System.out.println("files.bpf " + count(bpf, Query.files()));
            System.out.println("tasks.procfs " + count(procfs, Query.tasks()));
            System.out.println("files.procfs " + count(procfs, Query.files()));
        }
        long threads = 0;
        // OSHI's thread details leave out the leader, which the process itself stands for
        for (OSProcess p : new SystemInfo().getOperatingSystem().getProcesses()) threads += 1 + p.getThreadDetails().size();
        System.out.println("tasks.oshi " + threads);
        System.out.println("processes.processhandle " + ProcessHandle.allProcesses().count());
    }

    private static long count(TaskSource s, Query<?> q) throws IOException {
        long[] n = {0};
        s.walk(q, e -> n[0]++);
        return n[0];
    }
}
