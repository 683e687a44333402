package io.taskiter;

import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.proc.ProcTaskSource;
import io.taskiter.testing.KernelTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bpf engine meets the engine contract where it walks a process's files thread by thread, as it
 * does on kernels whose own TGID file walk leaves out the wrong threads (Linux 6.1): forced here by
 * the test-only switch, on this kernel. The kernel matrix runs the real case on 6.1.
 */
@KernelTest
class ThreadByThreadContractTest extends EngineContract {
    private static final String SWITCH = "taskiter.test.threadByThread";
    private static BpfTaskSource bpf;

    @BeforeAll
    static void forceThreadByThread() {
        System.setProperty(SWITCH, "true");
    }

    @Override
    TaskSource source() {
        if (bpf == null) {
            try {
                bpf = BpfTaskSource.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bpf;
    }

    @AfterAll
    static void closeEngine() {
        if (bpf != null) bpf.close();
        bpf = null;
        System.clearProperty(SWITCH);
    }

    @Test
    void aProcessOfAPidNamespaceSeenFromInside() throws IOException {
        Query<OpenFile> child = Query.files().inNamespaceOf(w.namespace().init().pid()).withScope(Scope.tgid(2));
        try (ProcTaskSource procfs = new ProcTaskSource()) {
            assertThat(source().list(child)).isNotEmpty().containsExactlyElementsOf(procfs.list(child));
        }
    }
}
