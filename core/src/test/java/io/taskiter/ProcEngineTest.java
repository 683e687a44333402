package io.taskiter;

import io.taskiter.proc.ProcTaskSource;

/** The procfs engine meets the engine contract. */
class ProcEngineTest extends EngineContract {
    private static final TaskSource PROC = new ProcTaskSource();

    @Override
    TaskSource source() {
        return PROC;
    }
}
