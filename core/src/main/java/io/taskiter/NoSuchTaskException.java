package io.taskiter;

/** The scope names a task, process or namespace process that does not exist (or no longer does). */
public final class NoSuchTaskException extends TaskIterException {
    private static final long serialVersionUID = 1L;

    public NoSuchTaskException(String message) {
        super(message);
    }
}
