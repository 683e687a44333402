package io.taskiter;

import io.taskiter.bpf.BpfTaskSource;
import io.taskiter.testing.KernelTest;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The bpf engine meets the engine contract, on the real kernel. */
@KernelTest
class BpfEngineContractTest extends EngineContract {
    private static BpfTaskSource bpf;

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
    }
}
