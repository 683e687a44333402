package io.taskiter;

/** The kernel's verifier rejected a generated program; {@link #log()} is the verifier's whole log. */
public final class VerifierException extends TaskIterException {
    private static final long serialVersionUID = 1L;
    private final String log;

    public VerifierException(String what, String log) {
        super(what + ": rejected by the verifier: " + summary(log));
        this.log = log;
    }

    public String log() {
        return log;
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
