package io.taskiter.testing;

import io.taskiter.EngineUnavailableException;
import io.taskiter.bpf.BpfTaskSource;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs the bpf engine's probe once per JVM; see {@link KernelTest}. */
public final class KernelCondition implements ExecutionCondition {
    private static volatile String unavailable;
    private static volatile boolean probed;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!probed) {
            try (BpfTaskSource s = BpfTaskSource.open()) {
                unavailable = null;
            } catch (EngineUnavailableException e) {
                unavailable = e.getMessage();
            }
            probed = true;
        }
        if (unavailable == null) return ConditionEvaluationResult.enabled("bpf engine available");
        if ("require".equals(System.getProperty("taskiter.kernelTests"))) {
            throw new IllegalStateException("kernel tests are required here, but the bpf engine is unavailable: " + unavailable);
        }
        return ConditionEvaluationResult.disabled("bpf engine unavailable: " + unavailable);
    }
}
