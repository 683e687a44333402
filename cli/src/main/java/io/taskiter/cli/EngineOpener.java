package io.taskiter.cli;

import io.taskiter.TaskSource;
import java.io.IOException;

/** Opens one engine; throws {@link io.taskiter.EngineUnavailableException} when it cannot run here. */
@FunctionalInterface
public interface EngineOpener {
    TaskSource open() throws IOException;
}
