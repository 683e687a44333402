package io.taskiter.cli;

/** The command line is wrong: exit status 2, the message on one line of stderr. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean showSynopsis;

    UsageException(String message) {
        this(message, false);
    }

    UsageException(String message, boolean showSynopsis) {
        super(message, null, false, false);
        this.showSynopsis = showSynopsis;
    }

    /** {@return whether the synopsis should follow the message (nothing was asked at all)} */
    boolean showSynopsis() {
        return showSynopsis;
    }
}
