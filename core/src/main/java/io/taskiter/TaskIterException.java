package io.taskiter;

import java.io.IOException;

/** A walk could not be done; the subclasses say why. Messages read "what failed: why". */
public class TaskIterException extends IOException {
    private static final long serialVersionUID = 1L;

    public TaskIterException(String message) {
        super(message);
    }

    public TaskIterException(String message, Throwable cause) {
        super(message, cause);
    }
}
