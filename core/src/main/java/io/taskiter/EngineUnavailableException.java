package io.taskiter;

/**
 * The engine cannot run on this host or for this caller: no BTF, no permission, a kernel too old, or
 * a scope the running kernel cannot walk correctly. The message names the reason.
 */
public final class EngineUnavailableException extends TaskIterException {
    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
