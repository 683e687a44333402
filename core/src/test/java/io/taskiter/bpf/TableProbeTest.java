package io.taskiter.bpf;

import io.taskiter.OpenFile;
import io.taskiter.Query;
import io.taskiter.Scope;
import io.taskiter.testing.KernelTest;
import io.taskiter.testing.OpenFds;
import io.taskiter.testing.Workload;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe of the kernel's TGID file walk, on the real kernel. */
@KernelTest
class TableProbeTest {
    @Test
    void theProbeSaysWhatTheKernelsOwnWalkDoesToTheWorkload() throws IOException {
        try (Workload w = Workload.start(Workload.Spec.minimal().namedThreads(true).unsharedThread(true));
             BpfTaskSource bpf = BpfTaskSource.open()) {
            // the workload's unshared thread comes after threads sharing the leader's table
            int unshared = w.unsharedThread().tid();
            Query<OpenFile> q = Query.files().withScope(Scope.tgid(w.pid()));
            List<OpenFile> kernels;
            try (var walk = bpf.programs().walk(q, bpf.callerView(), 0, w.pid(), null)) {
                kernels = new java.util.ArrayList<>();
                for (OpenFile f = walk.next(); f != null; f = walk.next()) kernels.add(f);
            }
            boolean first = TableProbe.tgidWalkListsOwnTables(bpf.programs(), bpf.callerView());
            // again, now that the probe's program is loaded and kept
            long fds = OpenFds.count(), threads = Thread.activeCount();
            boolean probed = TableProbe.tgidWalkListsOwnTables(bpf.programs(), bpf.callerView());
            assertThat(probed).isEqualTo(first).isEqualTo(kernels.stream().anyMatch(f -> f.tid() == unshared));
            // the probe's thread and its table are gone
            assertThat(OpenFds.count()).isEqualTo(fds);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("taskiter-table-probe"));
            assertThat(Thread.activeCount()).isLessThanOrEqualTo((int) threads);
        }
    }
}
