package io.taskiter;

/** A task's scheduling state, as the letter in {@code /proc/PID/stat} field 3. */
public enum TaskState {
    RUNNING('R'), SLEEPING('S'), DISK_SLEEP('D'), STOPPED('T'), TRACING_STOP('t'),
    ZOMBIE('Z'), DEAD('X'), IDLE('I'), PARKED('P'), WAKEKILL('K'), WAKING('W');

    private final char letter;

    TaskState(char letter) {
        this.letter = letter;
    }

    /** {@return the letter /proc shows} */
    public char letter() {
        return letter;
    }

    /** {@return the state for a /proc letter, or null for a letter Linux does not use} */
    public static TaskState ofLetter(char c) {
        for (TaskState s : values()) {
            if (s.letter == c) return s;
        }
        return null;
    }
}
