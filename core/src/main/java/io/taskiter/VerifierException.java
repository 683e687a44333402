package io.taskiter;

/** The kernel's verifier rejected a generated program; {@link #log()} is the verifier's whole log. */
public final class VerifierException extends TaskIterException {
    private static final long serialVersionUID = 1L;
    private final String log;
    private final String program;

    /**
     * @param what    what was being loaded
     * @param log     the verifier's log
     * @param program the program's disassembly, which the log's instruction numbers refer to
     */
    public VerifierException(String what, String log, String program) {
        super(what + ": rejected by the verifier: " + summary(log));
        this.log = log;
        this.program = program;
    }

    /** {@return the verifier's whole log} */
    public String log() {
        return log;
    }

    /** {@return the disassembly of the rejected program} */
    public String program() {
        return program;
    }

    /** The last non-empty lines say why; the rest is the path that led there. */
    static String summary(String log) {
        String[] lines = log.strip().split("\n");
        int keep = Math.min(2, lines.length);
        StringBuilder sb = new StringBuilder();
        for (int i = lines.length - keep; i < lines.length; i++) {
            if (!sb.isEmpty()) sb.append(" / ");
            sb.append(lines[i].strip());
        }
        int omitted = lines.length - keep;
        if (omitted > 0) sb.append(" (").append(omitted).append(" lines omitted)");
        return sb.toString();
    }
}
